import type { Db } from './database.js'

/**
 * Calls `onWrite` when another connection (another VirtDeck process: the CLI, a second window's
 * main process) commits to the database. SQLite's `data_version` changes only for commits made by
 * other connections, so our own writes never trigger it and reading it costs next to nothing.
 * Returns the function that stops watching; the timer never keeps a process alive.
 */
export function watchExternalWrites(db: Db, onWrite: () => void, intervalMs = 1500): () => void {
  const read = (): number | undefined => {
    try {
      return db.pragma('data_version', { simple: true }) as number
    } catch {
      return undefined // closed: the next stop() ends the timer
    }
  }
  let last = read()
  const timer = setInterval(() => {
    const now = read()
    if (now === undefined || now === last) return
    last = now
    onWrite()
  }, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
