import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/**
 * Runs `virtdeck ARGS` as a child process (bin/virtdeck.mjs) on the profile in `dataDir`.
 * Standard input is closed, not a terminal: nothing may wait for an answer.
 */
export function runVirtdeck(args: string[], dataDir: string): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [join(repoRoot, 'bin', 'virtdeck.mjs'), ...args],
      { cwd: repoRoot, env: { ...process.env, VIRTDECK_DATA_DIR: dataDir }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    )
    child.stdin?.end()
  })
}
