import { AppError } from '@shared/errors.js'
import type { ErrorCode } from '@shared/errors.js'
import { commandNotFound, looksLikeMissingCommand } from '../host/missing-command.js'

/**
 * virsh's errors (its `error: …` lines on stderr, in English: VirtDeck runs it with LC_ALL=C.UTF-8)
 * as AppErrors with a code the UI can act on. The message is libvirt's most specific line; the
 * whole output is the detail.
 */

const RULES: readonly [RegExp, ErrorCode][] = [
  [
    /unknown command|doesn't support option|command '[^']*' requires|option --\S+ (?:is required|requires)|Unknown (?:option|flag)|unsupported flags? \(0x/i,
    'UNSUPPORTED',
  ],
  [
    /\b(?:Domain|Storage pool|Storage volume|Network|Node device|Secret|Interface|Network filter|Domain snapshot|Domain checkpoint) not found\b|failed to get (?:domain|pool|vol|network|interface|secret|nwfilter)\b|no (?:domain|storage vol|storage pool|network) with matching|metadata not found/i,
    'NOT_FOUND',
  ],
  [
    /already (?:active|running|exists|defined|in use)|is already|is not running|not running|not paused|domain is not active|Requested operation is not valid|operation is not valid|Operation not allowed|in use by|is active|has managed save|cannot undefine transient|domain has active block job|another (?:job|migration)/i,
    'CONFLICT',
  ],
  [
    /authentication (?:failed|unavailable)|access denied|Permission denied|not authorized|polkit|authorization/i,
    'PERMISSION_DENIED',
  ],
  [
    /failed to connect to the hypervisor|Failed to connect socket|Disconnected from|End of file while reading data|Cannot recv data|Cannot write data|client socket is closed|no valid connection|Broken pipe|Connection reset|unable to connect to server|Cannot (?:find|connect to) .*daemon|no connection driver available/i,
    'HOST_UNREACHABLE',
  ],
  [
    /XML (?:document failed to validate|error)|failed to parse|XML description|unsupported configuration|invalid argument|Unable to validate doc|expected unsigned integer|Invalid value|malformed|extra content|config unsupported/i,
    'INVALID_INPUT',
  ],
  [
    /this function is not supported|not supported by|Operation not supported|argument unsupported|unsupported/i,
    'UNSUPPORTED',
  ],
  [/timed out|Timed out during operation|cannot acquire state change lock/i, 'TIMEOUT'],
]

/** The `error:` lines of virsh's stderr, without the prefix. */
export function errorLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('error: '))
    .map((line) => line.slice('error: '.length).trim())
    .filter((line) => line.length > 0)
}

/** True when virsh reported the command as failed. */
export function hasError(stderr: string): boolean {
  return /^error: /m.test(stderr)
}

export function classifyVirshError(text: string): ErrorCode {
  for (const [pattern, code] of RULES) if (pattern.test(text)) return code
  return 'COMMAND_FAILED'
}

/** The AppError for a failed virsh command. `where` names the host in messages. */
export function virshError(stderr: string, args: readonly string[], where: string, uri: string): AppError {
  const lines = errorLines(stderr)
  const text = lines.length > 0 ? lines.join('\n') : stderr.trim()
  // The most specific words come last ("Failed to start domain 'x'" / "Requested operation is not valid: …").
  let code = classifyVirshError(lines[lines.length - 1] ?? text)
  if (code === 'COMMAND_FAILED') code = classifyVirshError(text)
  // Whatever the reason given (a bad socket path, a config file that does not parse), no connection is no connection.
  if (/failed to connect to the hypervisor/i.test(text) && code !== 'PERMISSION_DENIED')
    code = 'HOST_UNREACHABLE'
  const summary =
    lines.length > 1
      ? `${lines[0]}: ${lines[lines.length - 1]}`
      : (lines[0] ?? (text || 'virsh failed without a message'))
  const command = `virsh ${args.join(' ')}`
  const message =
    code === 'HOST_UNREACHABLE' ? `libvirt (${uri}) on ${where} is not reachable: ${summary}` : summary
  return new AppError(code, message, {
    detail: `${command.length > 200 ? `${command.slice(0, 197)}...` : command}\n${stderr.trim()}`,
    data: { uri, command: args[0] ?? '' },
  })
}

/** Why a virsh process ended while commands were in flight. */
export function endedError(end: {
  stderr: string
  code: number | null
  signal: string | null
  command: readonly string[]
  where: string
  uri: string
  linkLost: boolean
}): AppError {
  if (looksLikeMissingCommand('virsh', end.code, end.stderr)) return commandNotFound('virsh', end.where)
  if (hasError(end.stderr) && end.command.length > 0)
    return virshError(end.stderr, end.command, end.where, end.uri)
  if (end.linkLost)
    return new AppError('HOST_UNREACHABLE', `The connection to ${end.where} was lost`, {
      detail: 'The command may or may not have finished on the machine.',
    })
  return new AppError(
    'COMMAND_FAILED',
    `virsh ended unexpectedly on ${end.where} (${end.signal ?? `exit code ${String(end.code)}`})`,
    {
      ...(end.stderr.trim() ? { detail: end.stderr.trim() } : {}),
    },
  )
}
