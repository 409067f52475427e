import type { Readable } from 'node:stream'
import type Docker from 'dockerode'
import type { LogLine } from '@shared/containers.js'
import { dockerError } from './client.js'

/**
 * Splits Docker's multiplexed stream (containers without a TTY): frames of an 8-byte header —
 * stream (1 stdout, 2 stderr), 3 zero bytes, a big-endian 32-bit length — then the payload. Keeps
 * partial frames and partial lines across chunks.
 */
export class LogDemuxer {
  private pending: Buffer = Buffer.alloc(0)
  private readonly partial: Record<LogLine['stream'], string> = { stdout: '', stderr: '' }

  constructor(private readonly raw: boolean) {}

  /** Feeds bytes; returns the complete lines they finish. */
  push(chunk: Buffer): LogLine[] {
    if (this.raw) return this.lines('stdout', chunk.toString('utf8'))
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk])
    const out: LogLine[] = []
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4)
      if (this.pending.length < 8 + size) break
      const kind = this.pending[0] === 2 ? 'stderr' : 'stdout'
      out.push(...this.lines(kind, this.pending.subarray(8, 8 + size).toString('utf8')))
      this.pending = this.pending.subarray(8 + size)
    }
    return out
  }

  /** What is left without a final newline. */
  flush(): LogLine[] {
    const out: LogLine[] = []
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream] !== '') out.push({ stream, text: this.partial[stream] })
      this.partial[stream] = ''
    }
    return out
  }

  private lines(stream: LogLine['stream'], text: string): LogLine[] {
    const parts = (this.partial[stream] + text).split('\n')
    this.partial[stream] = parts.pop() ?? ''
    return parts.map((line) => ({ stream, text: line.replace(/\r$/, '') }))
  }
}

export function matches(line: LogLine, search: string | undefined): boolean {
  return search === undefined || search === '' || line.text.toLowerCase().includes(search.toLowerCase())
}

export interface LogsOptions {
  tail: number
  search?: string
  follow: boolean
  /** New lines while following. */
  onLines?: (lines: LogLine[]) => void
  signal?: AbortSignal
}

/**
 * The last `tail` lines, stdout and stderr apart, filtered by `search`. With `follow`, keeps
 * reading and hands new lines to `onLines` until the signal aborts or the container stops; resolves
 * with the initial lines and what followed.
 */
export async function containerLogs(docker: Docker, id: string, options: LogsOptions): Promise<LogLine[]> {
  const container = docker.getContainer(id)
  let tty: boolean
  try {
    tty = (await container.inspect()).Config.Tty
  } catch (error) {
    throw dockerError(error, `read the logs of ${id}`)
  }
  const demux = new LogDemuxer(tty)
  if (!options.follow) {
    const body = (await container
      .logs({ stdout: true, stderr: true, tail: options.tail, follow: false })
      .catch((error: unknown) => {
        throw dockerError(error, `read the logs of ${id}`)
      })) as unknown as Buffer
    return [...demux.push(Buffer.from(body)), ...demux.flush()].filter((l) => matches(l, options.search))
  }
  const stream = (await container
    .logs({ stdout: true, stderr: true, tail: options.tail, follow: true })
    .catch((error: unknown) => {
      throw dockerError(error, `follow the logs of ${id}`)
    })) as unknown as Readable
  const all: LogLine[] = []
  return new Promise<LogLine[]>((resolve) => {
    const finish = (): void => {
      options.signal?.removeEventListener('abort', stop)
      const rest = demux.flush().filter((l) => matches(l, options.search))
      if (rest.length > 0) options.onLines?.(rest)
      resolve([...all, ...rest])
    }
    const stop = (): void => {
      stream.destroy()
      finish()
    }
    if (options.signal?.aborted === true) return stop()
    options.signal?.addEventListener('abort', stop, { once: true })
    stream.on('data', (chunk: Buffer) => {
      const lines = demux.push(chunk).filter((l) => matches(l, options.search))
      if (lines.length === 0) return
      all.push(...lines)
      options.onLines?.(lines)
    })
    stream.once('end', finish)
    stream.once('error', finish)
  })
}
