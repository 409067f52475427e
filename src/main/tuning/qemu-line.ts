import { AppError } from '@shared/errors.js'
import type { QemuLineDiff } from '@shared/tuning.js'
import type { LibvirtConnection } from '../libvirt/libvirt-connection.js'

/**
 * The QEMU command-line difference a definition change makes, as guides write it (`-cpu host`,
 * `-device virtio-net-pci`, `cache=none`): `virsh domxml-to-native qemu-argv` on the definition
 * before and after, split into options with their values, compared as multisets.
 */

/** What this needs of a connection (a LibvirtConnection has it). */
export type ArgvConnection = Pick<LibvirtConnection, 'uri' | 'read' | 'withTempFile'>

/** Splits the line libvirt prints (POSIX shell quoting: '…', "…", backslashes, line continuations). */
export function splitShellWords(line: string): string[] {
  const words: string[] = []
  let word = ''
  let inWord = false
  for (let i = 0; i < line.length; i++) {
    const c = line.charAt(i)
    if (c === "'") {
      const end = line.indexOf("'", i + 1)
      word += line.slice(i + 1, end === -1 ? line.length : end)
      i = end === -1 ? line.length : end
      inWord = true
    } else if (c === '"') {
      let j = i + 1
      for (; j < line.length && line.charAt(j) !== '"'; j++) {
        if (line.charAt(j) === '\\' && j + 1 < line.length) j++
        word += line.charAt(j)
      }
      i = j
      inWord = true
    } else if (c === '\\') {
      const next = line.charAt(i + 1)
      if (next !== '\n') {
        word += next
        inWord = true
      }
      i++
    } else if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) words.push(word)
      word = ''
      inWord = false
    } else {
      word += c
      inWord = true
    }
  }
  if (inWord) words.push(word)
  return words
}

/** `-opt value` pairs (and lone flags) after the environment and the emulator path. */
export function qemuOptions(line: string): string[] {
  const words = splitShellWords(line)
  let i = 0
  while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i] ?? '')) i++
  i++ // the emulator
  const options: string[] = []
  while (i < words.length) {
    const word = words[i] ?? ''
    const next = words[i + 1]
    if (word.startsWith('-') && next !== undefined && !next.startsWith('-')) {
      options.push(`${word} ${next}`)
      i += 2
    } else {
      options.push(word)
      i++
    }
  }
  return options
}

export function diffQemuLines(before: string, after: string): { removed: string[]; added: string[] } {
  const a = qemuOptions(before)
  const b = qemuOptions(after)
  const count = new Map<string, number>()
  for (const o of b) count.set(o, (count.get(o) ?? 0) + 1)
  const removed: string[] = []
  for (const o of a) {
    const n = count.get(o) ?? 0
    if (n > 0) count.set(o, n - 1)
    else removed.push(o)
  }
  const left = new Map<string, number>()
  for (const o of a) left.set(o, (left.get(o) ?? 0) + 1)
  const added: string[] = []
  for (const o of b) {
    const n = left.get(o) ?? 0
    if (n > 0) left.set(o, n - 1)
    else added.push(o)
  }
  return { removed, added }
}

/** The QEMU command line libvirt would run for `xml` on this connection (nothing is defined or started). */
export async function qemuArgv(conn: ArgvConnection, xml: string, signal?: AbortSignal): Promise<string> {
  return conn.withTempFile(xml, (path) =>
    conn.read(
      ['domxml-to-native', '--format', 'qemu-argv', '--xml', path],
      signal === undefined ? {} : { signal },
    ),
  )
}

/** Before and after as QEMU options; `available: false` with the reason where libvirt cannot say (test driver, refused XML). */
export async function qemuLineDifference(
  conn: ArgvConnection,
  before: string,
  after: string,
  signal?: AbortSignal,
): Promise<QemuLineDiff> {
  if (!conn.uri.startsWith('qemu')) {
    return {
      available: false,
      reason: `${conn.uri} is not a QEMU connection: libvirt cannot show a QEMU command line there.`,
      removed: [],
      added: [],
    }
  }
  const side = async (which: string, xml: string): Promise<string | AppError> => {
    try {
      return await qemuArgv(conn, xml, signal)
    } catch (error) {
      if (error instanceof AppError && (error.code === 'CANCELLED' || error.code === 'HOST_UNREACHABLE'))
        throw error
      const message = error instanceof Error ? error.message : String(error)
      return new AppError(
        'COMMAND_FAILED',
        `virsh domxml-to-native refused the ${which} definition: ${message}`,
      )
    }
  }
  const [a, b] = await Promise.all([side('current', before), side('new', after)])
  if (typeof a === 'string' && typeof b === 'string') return { available: true, ...diffQemuLines(a, b) }
  const reason = [a, b].flatMap((r) => (r instanceof AppError ? [r.message] : [])).join('; ')
  return { available: false, reason, removed: [], added: [] }
}
