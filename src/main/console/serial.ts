import { Duplex } from 'node:stream'
import { AppError } from '@shared/errors.js'
import type { Host, HostProcess } from '../host/host.js'

/**
 * The serial (text) console of a running VM as a byte stream: `virsh console` needs a terminal,
 * and Node has none without native modules, so util-linux `script` gives virsh a pseudo-terminal
 * and relays it over plain pipes — locally and over SSH alike (Host.spawn).
 *
 * The domain and the URI never enter a shell string: `script -c` runs one fixed command line that
 * reads them from environment variables, and `SHELL=/bin/sh` makes sure a POSIX shell expands them.
 */

/** The fixed command `script` runs; the names arrive only through the environment. */
export const CONSOLE_COMMAND =
  'exec virsh -c "$VIRTDECK_CONSOLE_URI" console --force --domain "$VIRTDECK_CONSOLE_DOMAIN"'

/** virsh prints this once attached; everything before it is virsh talking, not the guest. */
const ATTACHED = /Escape character is \^\] \(Ctrl \+ \]\)\r?\n/

/** How long virsh may take to attach before opening fails. */
const OPEN_TIMEOUT_MS = 20_000

export interface SerialConsoleOptions {
  /** e.g. qemu:///system */
  uri: string
  /** The domain's name or UUID. */
  domain: string
  /** Where it runs, for messages ("This computer", "server1"). */
  where?: string
  /** A second serial port or channel (`--devname`) is not offered yet: the first console. */
  signal?: AbortSignal
}

export interface SerialConsole {
  /** Reads the guest's output (bytes as they come); writes go to the guest as typed keys. */
  readonly stream: Duplex
  /** Resolves when the console ended (the VM stopped, close(), or the link went away). */
  readonly ended: Promise<void>
  close(): void
}

function openError(output: string, code: number | null, options: SerialConsoleOptions): AppError {
  const where = options.where ?? 'the host'
  const text = output.replace(/\r/g, '').trim()
  const missing =
    code === 127 ? /\b(script|virsh)\b[^\n]*(?:not found|No such file)/.exec(text)?.[1] : undefined
  if (missing !== undefined)
    return new AppError('COMMAND_NOT_FOUND', `${missing} is not installed on ${where}`, {
      detail:
        missing === 'script'
          ? `The serial console needs script(1): install util-linux (bsdutils on Debian, Ubuntu) on ${where}.`
          : `Install libvirt-clients (Debian, Ubuntu) or libvirt-client (Fedora) on ${where}.`,
    })
  const lines = text.split('\n').filter((l) => l.startsWith('error:'))
  const detail = lines.join('\n') || text || 'virsh console ended without a message'
  if (/not running|domain is not active/i.test(detail))
    return new AppError('CONFLICT', `The VM ${options.domain} is not running on ${where}`, { detail })
  if (/failed to get domain|Domain not found/i.test(detail))
    return new AppError('NOT_FOUND', `There is no VM ${options.domain} on ${where}`, { detail })
  if (/cannot find character device|no console/i.test(detail))
    return new AppError('UNSUPPORTED', `The VM ${options.domain} has no serial console`, {
      detail: `${detail}\nAdd a serial port (<serial type='pty'/> and <console type='pty'/>) to its definition.`,
    })
  return new AppError(
    'COMMAND_FAILED',
    `Could not open the serial console of ${options.domain} on ${where}`,
    {
      detail,
    },
  )
}

/** Opens the console; resolves once virsh is attached (the stream then carries only the guest). */
export async function openSerialConsole(host: Host, options: SerialConsoleOptions): Promise<SerialConsole> {
  const proc: HostProcess = await host.spawn(
    'script',
    ['-q', '-f', '-e', '-c', CONSOLE_COMMAND, '/dev/null'],
    {
      env: {
        SHELL: '/bin/sh',
        LC_ALL: 'C.UTF-8',
        TERM: 'xterm-256color',
        VIRTDECK_CONSOLE_URI: options.uri,
        VIRTDECK_CONSOLE_DOMAIN: options.domain,
      },
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    },
  )
  let attached = false
  let preface = ''
  const stream = new Duplex({
    read() {
      proc.stdout.resume()
    },
    write(chunk: Buffer, _encoding, done) {
      if (proc.stdin.destroyed || !proc.stdin.writable) {
        done(new AppError('CONFLICT', 'The serial console is closed'))
        return
      }
      proc.stdin.write(chunk, (error) => done(error ?? null))
    },
    final(done) {
      proc.kill()
      done()
    },
    destroy(error, done) {
      proc.kill()
      done(error)
    },
  })
  const ended = proc.exited.then(() => {
    stream.push(null)
  })
  proc.stdin.on('error', () => undefined)
  proc.stderr.on('data', (chunk: Buffer) => {
    if (!attached && preface.length < 16_384) preface += chunk.toString('utf8')
  })
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill()
      reject(new AppError('TIMEOUT', `The serial console of ${options.domain} did not open within 20 s`))
    }, OPEN_TIMEOUT_MS)
    proc.stdout.on('data', (chunk: Buffer) => {
      if (attached) {
        if (!stream.push(chunk)) proc.stdout.pause()
        return
      }
      preface += chunk.toString('latin1')
      const match = ATTACHED.exec(preface)
      if (match === null) return
      attached = true
      clearTimeout(timer)
      // What followed the banner in the same chunk is already the guest's.
      const rest = Buffer.from(preface.slice(match.index + match[0].length), 'latin1')
      if (rest.length > 0) stream.push(rest)
      resolve()
    })
    void proc.exited.then((end) => {
      clearTimeout(timer)
      if (!attached) reject(openError(preface, end.code, options))
    })
  })
  return {
    stream,
    ended,
    close: () => {
      proc.kill()
    },
  }
}
