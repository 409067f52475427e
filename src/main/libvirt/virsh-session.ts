import { randomBytes } from 'node:crypto'
import { StringDecoder } from 'node:string_decoder'
import { AppError } from '@shared/errors.js'
import type { Host, HostProcess } from '../host/host.js'
import { createLogger } from '../log.js'
import type { BatchResult, LibvirtTransport, RunOptions } from './transport.js'
import { DEFAULT_CALL_TIMEOUT_MS, runEach, virshEnv } from './transport.js'
import { classifyVirshError, endedError, errorLines, hasError, virshError } from './virsh-errors.js'
import type { Frame } from './virsh-frame.js'
import { frameFor, inputFor, splitDisconnectNotices, unframeStdout } from './virsh-frame.js'
import { fitsOnLine } from './virsh-quote.js'

const log = createLogger('virsh-session')

/** Past this much output for one command the session is restarted: nothing VirtDeck asks prints that much. */
const MAX_OUTPUT_CHARS = 64 * 1024 * 1024

export interface VirshSessionOptions {
  /** The host as named in messages; default the host's id. */
  where?: string
  defaultTimeoutMs?: number
  /** Commands written ahead of their answers (pipelining). A restart fails those in flight. Default 32. */
  maxInFlight?: number
  /** Runs commands whose words cannot travel on a line (control characters). */
  fallback?: LibvirtTransport
  /** virsh printed "Disconnected from … due to …": libvirt went away under the session. */
  onDisconnect?: (reason: string) => void
}

interface Call {
  /** One command, or a batch of read-only commands sharing one marker. */
  commands: readonly (readonly string[])[]
  batch: boolean
  timeoutMs: number
  signal: AbortSignal | undefined
  onAbort: (() => void) | undefined
  /** Runs while the call waits to be written (the process may still be starting). */
  queueTimer: NodeJS.Timeout | undefined
  frame?: Frame
  stdout?: string[]
  stderr?: string
  settled: boolean
  resolve: (result: BatchResult) => void
  reject: (error: AppError) => void
}

interface Running {
  proc: HostProcess
  nonce: string
  seq: number
  out: string
  err: string
  /** Where to resume looking for the next marker (the text before was searched already). */
  outScan: number
  errScan: number
  outDecoder: StringDecoder
  errDecoder: StringDecoder
  inFlight: Call[]
  timer: NodeJS.Timeout | undefined
  dead: boolean
}

/**
 * One long-lived interactive `virsh -q -c URI` per connection, fed commands on its standard input
 * and read back through markers (see virsh-frame.ts). Calls are answered in order; up to
 * `maxInFlight` are written ahead so that many small calls (500 × dominfo) cost one round trip.
 * A call that does not answer within its timeout fails with TIMEOUT and the process is replaced;
 * so is a process that ends (the next call starts a new one).
 */
export class VirshSession implements LibvirtTransport {
  readonly uri: string
  private readonly where: string
  private readonly defaultTimeoutMs: number
  private readonly maxInFlight: number
  private readonly queue: Call[] = []
  private running: Running | undefined
  private starting = false
  private closed = false
  /** How many virsh processes this session started (for tests and the benchmark). */
  processesStarted = 0

  constructor(
    private readonly host: Host,
    uri: string,
    private readonly options: VirshSessionOptions = {},
  ) {
    this.uri = uri
    this.where = options.where ?? host.id
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 32)
  }

  async run(args: readonly string[], options: RunOptions = {}): Promise<string> {
    if (args.length === 0) throw new AppError('INTERNAL', 'No virsh command given')
    if (!fitsOnLine(args)) return this.runElsewhere(args, options)
    const result = await this.enqueue([args], false, options)
    return result.outputs[0] ?? ''
  }

  async runBatch(commands: readonly (readonly string[])[], options: RunOptions = {}): Promise<BatchResult> {
    if (commands.length === 0) return { outputs: [], errors: [] }
    // Rare (control characters in a name): one by one, those through the fallback.
    if (!commands.every(fitsOnLine)) return runEach(this, commands, options)
    return this.enqueue(commands, true, options)
  }

  private enqueue(
    commands: readonly (readonly string[])[],
    batch: boolean,
    options: RunOptions,
  ): Promise<BatchResult> {
    if (this.closed)
      return Promise.reject(new AppError('CANCELLED', `The libvirt connection to ${this.where} is closed`))
    const first = commands[0] ?? []
    if (options.signal?.aborted) return Promise.reject(this.cancelled(first))
    return new Promise<BatchResult>((resolve, reject) => {
      const call: Call = {
        commands,
        batch,
        timeoutMs: options.timeoutMs ?? this.defaultTimeoutMs,
        signal: options.signal,
        onAbort: undefined,
        queueTimer: undefined,
        settled: false,
        resolve,
        reject,
      }
      // Starting virsh (over SSH: waiting for the link) counts against the call's time too.
      call.queueTimer = setTimeout(() => {
        const queued = this.queue.indexOf(call)
        if (queued === -1) return
        this.queue.splice(queued, 1)
        const seconds = Math.round(call.timeoutMs / 100) / 10
        this.settle(
          call,
          this.running === undefined
            ? new AppError(
                'TIMEOUT',
                `\`virsh ${commandName(call)}\` could not be started within ${seconds} s on ${this.where}`,
                {
                  detail:
                    'virsh did not start in time: the machine or the connection to it may be slow or down.',
                },
              )
            : new AppError(
                'TIMEOUT',
                `\`virsh ${commandName(call)}\` waited ${seconds} s behind other commands on ${this.where}`,
                {
                  detail: 'Earlier commands on this connection are still running.',
                },
              ),
        )
      }, call.timeoutMs)
      if (call.signal !== undefined) {
        call.onAbort = () => this.abort(call)
        call.signal.addEventListener('abort', call.onAbort, { once: true })
      }
      this.queue.push(call)
      this.pump()
    })
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    const error = new AppError('CANCELLED', `The libvirt connection to ${this.where} was closed`)
    for (const call of this.queue.splice(0)) this.settle(call, error)
    const running = this.running
    if (running !== undefined) {
      this.stop(running, error)
      await running.proc.exited
    }
  }

  private runElsewhere(args: readonly string[], options: RunOptions): Promise<string> {
    // The test driver keeps its state per process: another process would see other domains.
    if (this.options.fallback === undefined || this.uri.startsWith('test:')) {
      return Promise.reject(
        new AppError(
          'INVALID_INPUT',
          'A name or value with control characters (tab, line break) cannot be passed to virsh here',
        ),
      )
    }
    return this.options.fallback.run(args, options)
  }

  private cancelled(args: readonly string[]): AppError {
    return new AppError('CANCELLED', `\`virsh ${args[0] ?? ''}\` was cancelled`)
  }

  /** Writes queued calls while there is room in flight; starts the process when needed. */
  private pump(): void {
    if (this.closed || this.queue.length === 0) return
    const running = this.running
    if (running === undefined) {
      if (!this.starting) void this.start()
      return
    }
    let input = ''
    while (running.inFlight.length < this.maxInFlight && this.queue.length > 0) {
      const call = this.queue.shift()
      if (call === undefined || call.settled) continue
      clearTimeout(call.queueTimer)
      call.frame = frameFor(call.commands, running.nonce, running.seq++)
      input += inputFor(call.frame)
      running.inFlight.push(call)
      if (running.inFlight.length === 1) this.armTimer(running)
    }
    if (input.length > 0) running.proc.stdin.write(input)
  }

  private async start(): Promise<void> {
    this.starting = true
    let proc: HostProcess
    try {
      proc = await this.host.spawn('virsh', ['-q', '-c', this.uri], { env: virshEnv(this.uri) })
    } catch (error) {
      this.starting = false
      const reason =
        error instanceof AppError
          ? error
          : new AppError('COMMAND_FAILED', `virsh could not be started on ${this.where}: ${String(error)}`)
      for (const call of this.queue.splice(0)) this.settle(call, reason)
      return
    }
    this.starting = false
    this.processesStarted++
    if (this.closed) {
      proc.kill()
      return
    }
    const running: Running = {
      proc,
      nonce: randomBytes(8).toString('hex'),
      seq: 0,
      out: '',
      err: '',
      outScan: 0,
      errScan: 0,
      outDecoder: new StringDecoder('utf8'),
      errDecoder: new StringDecoder('utf8'),
      inFlight: [],
      timer: undefined,
      dead: false,
    }
    this.running = running
    log.debug('started', { uri: this.uri, where: this.where })
    proc.stdin.on('error', () => undefined)
    proc.stdout.on('data', (chunk: Buffer) => {
      if (running.dead) return
      running.out += running.outDecoder.write(chunk)
      this.consume(running)
    })
    proc.stderr.on('data', (chunk: Buffer) => {
      if (running.dead) return
      running.err += running.errDecoder.write(chunk)
      this.consume(running)
    })
    void proc.exited.then((exit) => this.onExit(running, exit.code, exit.signal))
    this.pump()
  }

  /** Hands each call its stdout and stderr segments as their markers arrive; settles calls in order. */
  private consume(running: Running): void {
    for (const call of running.inFlight) {
      if (call.stdout !== undefined) continue
      const frame = call.frame
      if (frame === undefined) break
      const at = running.out.indexOf(frame.outMarker, running.outScan)
      if (at === -1) {
        running.outScan = Math.max(0, running.out.length - frame.outMarker.length)
        break
      }
      const segment = running.out.slice(0, at)
      running.out = running.out.slice(at + frame.outMarker.length)
      running.outScan = 0
      const output = unframeStdout(segment, frame)
      if (output === undefined) {
        log.warn('unexpected virsh output', {
          segment: segment.slice(0, 500),
          line: (frame.lines[0] ?? '').slice(0, 200),
        })
        this.restart(
          running,
          call,
          new AppError(
            'INTERNAL',
            `Could not read virsh's answer to \`${commandName(call)}\` on ${this.where}`,
            {
              detail: 'The virsh session was out of step and was restarted.',
            },
          ),
        )
        return
      }
      call.stdout = output
    }
    for (const call of running.inFlight) {
      if (call.stderr !== undefined) continue
      const frame = call.frame
      if (frame === undefined) break
      const at = running.err.indexOf(frame.errMarker, running.errScan)
      if (at === -1) {
        running.errScan = Math.max(0, running.err.length - frame.errMarker.length)
        break
      }
      call.stderr = running.err.slice(0, at)
      running.err = running.err.slice(at + frame.errMarker.length)
      running.errScan = 0
    }
    let settledAny = false
    while (running.inFlight.length > 0) {
      const head = running.inFlight[0]
      if (head === undefined || head.stdout === undefined || head.stderr === undefined) break
      running.inFlight.shift()
      settledAny = true
      this.finish(head, head.stdout, head.stderr)
    }
    if (running.out.length + running.err.length > MAX_OUTPUT_CHARS) {
      const head = running.inFlight[0]
      if (head !== undefined)
        this.restart(
          running,
          head,
          new AppError('COMMAND_FAILED', `\`virsh ${commandName(head)}\` printed too much and was stopped`),
        )
      return
    }
    if (settledAny) {
      this.armTimer(running)
      this.pump()
    }
  }

  private finish(call: Call, stdout: string[], rawStderr: string): void {
    const { stderr, notices } = splitDisconnectNotices(rawStderr)
    for (const notice of notices) this.options.onDisconnect?.(notice)
    const first = call.commands[0] ?? []
    if (!call.batch) {
      if (hasError(stderr)) this.settle(call, virshError(stderr, first, this.where, this.uri))
      else this.settle(call, undefined, { outputs: stdout, errors: [] })
      return
    }
    const errors = errorLines(stderr)
    const fatal = errors.find((line) => classifyVirshError(line) === 'HOST_UNREACHABLE')
    if (fatal !== undefined) this.settle(call, virshError(stderr, first, this.where, this.uri))
    else this.settle(call, undefined, { outputs: stdout, errors })
  }

  private settle(
    call: Call,
    error: AppError | undefined,
    result: BatchResult = { outputs: [], errors: [] },
  ): void {
    if (call.settled) return
    call.settled = true
    clearTimeout(call.queueTimer)
    if (call.onAbort !== undefined) call.signal?.removeEventListener('abort', call.onAbort)
    if (error === undefined) call.resolve(result)
    else call.reject(error)
  }

  /** The head call's clock: it starts when the call is first in line, not when it was queued. */
  private armTimer(running: Running): void {
    if (running.timer !== undefined) clearTimeout(running.timer)
    running.timer = undefined
    const head = running.inFlight[0]
    if (head === undefined) return
    running.timer = setTimeout(() => {
      const seconds = Math.round(head.timeoutMs / 100) / 10
      this.restart(
        running,
        head,
        new AppError(
          'TIMEOUT',
          `\`virsh ${commandName(head)}\` did not answer within ${seconds} s on ${this.where}`,
          {
            detail: `virsh ${(head.commands[0] ?? []).join(' ').slice(0, 200)}\nThe virsh session was restarted; libvirt may still finish the operation.`,
            data: { command: commandName(head) },
          },
        ),
      )
    }, head.timeoutMs)
  }

  private abort(call: Call): void {
    if (call.settled) return
    const queued = this.queue.indexOf(call)
    if (queued !== -1) {
      this.queue.splice(queued, 1)
      this.settle(call, this.cancelled(call.commands[0] ?? []))
      return
    }
    const running = this.running
    if (running !== undefined && running.inFlight.includes(call))
      this.restart(running, call, this.cancelled(call.commands[0] ?? []))
  }

  /** Fails `culprit` with `error`, stops the process (failing what else was in flight), goes on with the queue. */
  private restart(running: Running, culprit: Call, error: AppError): void {
    this.settle(culprit, error)
    this.stop(
      running,
      new AppError(
        'COMMAND_FAILED',
        `The virsh session on ${this.where} was restarted before this command finished`,
        {
          detail: `Because: ${error.message}`,
        },
      ),
    )
    this.pump()
  }

  private stop(running: Running, error: AppError): void {
    if (running.dead) return
    running.dead = true
    if (running.timer !== undefined) clearTimeout(running.timer)
    if (this.running === running) this.running = undefined
    for (const call of running.inFlight.splice(0)) this.settle(call, error)
    running.proc.kill()
  }

  private onExit(running: Running, code: number | null, signal: string | null): void {
    if (running.dead) return
    running.err += running.errDecoder.end()
    const head = running.inFlight[0]
    // On its way out virsh tries to save its history under XDG_CACHE_HOME=/dev/null (see virshEnv): expected.
    const { stderr, notices } = splitDisconnectNotices(
      running.err.replace(/^error: Failed to create '\/dev\/null\/[^\n]*\n?/gm, ''),
    )
    for (const notice of notices) this.options.onDisconnect?.(notice)
    const error = endedError({
      stderr,
      code,
      signal,
      command: head?.commands[0] ?? [],
      where: this.where,
      uri: this.uri,
      linkLost: this.host.kind === 'ssh' && this.host.state().status !== 'connected',
    })
    log.debug('exited', { code, signal, inFlight: running.inFlight.length })
    this.stop(running, error)
    this.pump()
  }
}

function commandName(call: Call): string {
  const first = call.commands[0]?.[0] ?? ''
  return call.commands.length > 1 ? `${first} (×${call.commands.length})` : first
}
