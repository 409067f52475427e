import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs'

/**
 * The profile holds host profiles, sealed secrets, XML history and the audit log: only the user may
 * read it. A folder VirtDeck creates is 0700; a folder that exists already (one the user named with
 * --data-dir or VIRTDECK_DATA_DIR, maybe a shared one) is left as it is — the files in it are 0600.
 */
export function ensurePrivateDir(dir: string): void {
  if (existsSync(dir)) return
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  chmodSync(dir, 0o700)
}

/** Creates an empty file 0600 unless it exists: SQLite then gives its -wal and -shm files the same mode. */
export function createPrivateFile(path: string): void {
  try {
    closeSync(openSync(path, 'wx', 0o600))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
}

/** Takes group and other access away from each of `paths` that exists (files an older VirtDeck left 0644). */
export function tightenFiles(paths: readonly string[]): void {
  for (const path of paths) {
    let mode: number
    try {
      mode = statSync(path).mode
    } catch {
      continue
    }
    if ((mode & 0o077) !== 0) chmodSync(path, mode & 0o700)
  }
}
