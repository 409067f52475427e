import type { Duplex } from 'node:stream'
import type Docker from 'dockerode'
import { dockerError } from './client.js'

/** A command running in a container with a TTY: bytes both ways (for xterm.js), resize, exit code. */
export interface ExecSession {
  readonly stream: Duplex
  resize(cols: number, rows: number): Promise<void>
  /** Resolves with the exit code when the command ends (null when unknown). */
  readonly exited: Promise<number | null>
  close(): void
}

/** Runs `command` (an argument array, no shell unless the user names one) inside a running container. */
export async function execTty(
  docker: Docker,
  id: string,
  command: readonly string[],
  size: { cols: number; rows: number } = { cols: 80, rows: 24 },
): Promise<ExecSession> {
  let exec: Docker.Exec
  let stream: Duplex
  try {
    exec = await docker.getContainer(id).exec({
      Cmd: [...command],
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: true,
      Env: ['TERM=xterm-256color'],
    })
    stream = (await exec.start({ hijack: true, stdin: true, Tty: true })) as Duplex
  } catch (error) {
    throw dockerError(error, `open a terminal in ${id}`)
  }
  // One resize at a time, in order: each is its own HTTP request and could overtake the previous.
  let queue: Promise<void> = Promise.resolve()
  const resize = (cols: number, rows: number): Promise<void> => {
    const next = queue.then(async () => {
      try {
        await exec.resize({ w: cols, h: rows })
      } catch (error) {
        throw dockerError(error, `resize the terminal in ${id}`)
      }
    })
    queue = next.catch(() => undefined)
    return next
  }
  // Docker 20.10 has no ConsoleSize at start: size the TTY at once (the caller resizes later).
  await resize(size.cols, size.rows).catch(() => undefined)
  const exited = new Promise<number | null>((resolve) => {
    stream.once('close', () => {
      exec.inspect().then(
        (info) => resolve(info.ExitCode ?? null),
        () => resolve(null),
      )
    })
  })
  return { stream, resize, exited, close: () => stream.destroy() }
}
