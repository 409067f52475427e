import { AppError } from '@shared/errors.js'
import type { Host } from '../host/host.js'
import { describeCommand } from '../host/shell-quote.js'
import type { LibvirtTransport, RunOptions } from './transport.js'
import { DEFAULT_CALL_TIMEOUT_MS, virshEnv } from './transport.js'
import { hasError, virshError } from './virsh-errors.js'

export interface VirshExecOptions {
  /** The host as named in messages; default the host's id. */
  where?: string
  defaultTimeoutMs?: number
}

/**
 * One `virsh -c URI command…` process per call: no state between calls, arguments passed as
 * process arguments (no parsing of a line), ~10–30 ms of process start each time locally and a
 * new SSH channel each time remotely. The fallback, and the baseline the session is measured against.
 */
export class VirshExecTransport implements LibvirtTransport {
  readonly uri: string
  private readonly where: string
  private readonly defaultTimeoutMs: number
  private readonly env: Record<string, string>

  constructor(
    private readonly host: Host,
    uri: string,
    options: VirshExecOptions = {},
  ) {
    this.uri = uri
    this.where = options.where ?? host.id
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS
    this.env = virshEnv(uri)
  }

  async run(args: readonly string[], options: RunOptions = {}): Promise<string> {
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs
    let result
    try {
      result = await this.host.exec('virsh', ['-q', '-c', this.uri, ...args], {
        timeoutMs,
        env: this.env,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      })
    } catch (error) {
      if (error instanceof AppError && error.code === 'TIMEOUT') {
        throw new AppError(
          'TIMEOUT',
          `\`virsh ${describeCommand(args[0] ?? '', args.slice(1))}\` did not answer within ${Math.round(timeoutMs / 100) / 10} s on ${this.where}`,
          {
            detail: error.detail ?? 'The command was stopped.',
            cause: error,
          },
        )
      }
      throw error
    }
    if (result.code !== 0 || hasError(result.stderr)) {
      throw virshError(
        result.stderr || `virsh exited with code ${String(result.code)}`,
        args,
        this.where,
        this.uri,
      )
    }
    return result.stdout
  }

  async close(): Promise<void> {}
}
