import type { ExecOptions, Host } from '../host/host.js'
import type { Evidence } from '@shared/checks.js'
import { isAppError } from '@shared/errors.js'

/** A file's text, or why it could not be read. Never throws: a check turns a failure into `unknown`. */
export type ReadOutcome = { ok: true; text: string } | { ok: false; reason: string; missing: boolean }

/** A command that ran (whatever its exit code), or why it could not run. */
export type RunOutcome =
  | { ok: true; stdout: string; stderr: string; code: number | null }
  | { ok: false; reason: string; notFound: boolean; timedOut: boolean }

export type ListOutcome = { ok: true; names: string[] } | { ok: false; reason: string }

/** `$ virsh -c qemu:///system domcapabilities`: how a command is shown in evidence, quoted like a shell would need. */
export function commandLine(file: string, args: readonly string[]): string {
  const quote = (word: string): string =>
    /^[A-Za-z0-9_./:=,+@%-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
  return ['$', quote(file), ...args.map(quote)].join(' ')
}

function describeError(error: unknown): { reason: string; code: string | undefined } {
  if (isAppError(error)) return { reason: error.message, code: error.code }
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code
    return { reason: error.message, code: typeof code === 'string' ? code : undefined }
  }
  return { reason: String(error), code: undefined }
}

/**
 * Reads files and runs commands on a Host for the checks, once per distinct request: several checks
 * need /proc/cpuinfo or `dmesg`, and each is fetched a single time per doctor run.
 */
export class HostReader {
  private readonly cache = new Map<string, Promise<unknown>>()

  constructor(readonly host: Host) {}

  private memo<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.cache.get(key)
    if (hit !== undefined) return hit as Promise<T>
    const loading = load()
    this.cache.set(key, loading)
    return loading
  }

  read(path: string): Promise<ReadOutcome> {
    return this.memo(`read\0${path}`, async (): Promise<ReadOutcome> => {
      try {
        const data = await this.host.readFile(path)
        return { ok: true, text: data.toString('utf8') }
      } catch (error) {
        const { reason, code } = describeError(error)
        const missing = code === 'ENOENT' || code === 'NOT_FOUND' || /no such file/i.test(reason)
        return { ok: false, reason, missing }
      }
    })
  }

  run(file: string, args: readonly string[], options: ExecOptions = {}): Promise<RunOutcome> {
    const key = `run\0${file}\0${args.join('\0')}\0${typeof options.input === 'string' ? options.input : ''}`
    return this.memo(key, async (): Promise<RunOutcome> => {
      try {
        // The C locale: lscpu and friends translate their labels, and the parsers read the English ones.
        const result = await this.host.exec(file, args, {
          timeoutMs: 10_000,
          ...options,
          env: { LC_ALL: 'C', ...options.env },
        })
        return { ok: true, stdout: result.stdout, stderr: result.stderr, code: result.code }
      } catch (error) {
        const { reason, code } = describeError(error)
        return {
          ok: false,
          reason,
          notFound: code === 'COMMAND_NOT_FOUND' || code === 'ENOENT',
          timedOut: code === 'TIMEOUT' || code === 'ETIMEDOUT',
        }
      }
    })
  }

  /** Names in a directory (hidden ones too), through `ls` so that it works the same over SSH. */
  list(dir: string): Promise<ListOutcome> {
    return this.memo(`list\0${dir}`, async (): Promise<ListOutcome> => {
      const outcome = await this.run('ls', ['-1A', '--', dir])
      if (!outcome.ok) return { ok: false, reason: outcome.reason }
      if (outcome.code !== 0)
        return { ok: false, reason: outcome.stderr.trim() || `ls exited with ${String(outcome.code)}` }
      return { ok: true, names: outcome.stdout.split('\n').filter((name) => name !== '') }
    })
  }
}

/** Evidence for a file that could not be read. */
export function unreadable(path: string, outcome: { reason: string }): Evidence {
  return { source: path, text: `could not read: ${outcome.reason}` }
}

/** Evidence for a command that could not run, or that failed. */
export function commandEvidence(
  file: string,
  args: readonly string[],
  outcome: RunOutcome,
  maxLines = 40,
): Evidence {
  const source = commandLine(file, args)
  if (!outcome.ok)
    return {
      source,
      text: outcome.notFound ? `not installed (${outcome.reason})` : `could not run: ${outcome.reason}`,
    }
  const output = [outcome.stdout.trimEnd(), outcome.stderr.trimEnd()].filter((part) => part !== '').join('\n')
  const lines = output.split('\n')
  const shown =
    lines.length > maxLines ? [...lines.slice(0, maxLines), `… ${lines.length - maxLines} more lines`] : lines
  const exit =
    outcome.code === 0
      ? ''
      : `\n(exit code ${outcome.code === null ? 'none: killed by a signal' : String(outcome.code)})`
  return { source, text: `${shown.join('\n')}${exit}`.trim() || '(no output)' }
}
