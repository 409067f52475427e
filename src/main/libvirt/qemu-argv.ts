import type { Host } from '../host/host.js'
import { AppError } from '@shared/errors.js'

/**
 * The QEMU command line a domain XML becomes (`virsh domxml-to-native qemu-argv`), and what an XML
 * change does to it: the options added and removed, each as one unit (`-device {…}`, `-cpu host,…`).
 * The XML travels on standard input into a private temp file that a fixed `sh` script removes when
 * virsh is done (virsh cannot read /dev/stdin when it is a socket, as Node's pipes are); the URI is
 * the script's positional argument, never part of the script.
 * Used to show a change "as libvirt XML and as the QEMU command line it becomes".
 */

export interface QemuArgv {
  /** `LC_ALL=C`, `PATH=…`, … before the binary. */
  env: string[]
  binary: string
  /** Options grouped with their value: ['-machine', 'pc-q35-7.2,…'], ['-S']. */
  options: string[][]
}

export interface QemuArgvDiff {
  before: QemuArgv
  after: QemuArgv
  /** Option units only in `after` / only in `before`, as printed (`-device '{…}'`). */
  added: string[]
  removed: string[]
}

/** Splits a POSIX shell command line as virsh prints it: single quotes, backslashes, line continuations. */
export function splitShellWords(line: string): string[] {
  const words: string[] = []
  let word = ''
  let inWord = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? ''
    if (c === "'") {
      const end = line.indexOf("'", i + 1)
      if (end === -1) throw new AppError('INVALID_INPUT', 'Unterminated quote in the QEMU command line')
      word += line.slice(i + 1, end)
      inWord = true
      i = end
    } else if (c === '\\') {
      const next = line[i + 1]
      if (next === '\n') i++
      else {
        word += next ?? ''
        inWord = true
        i++
      }
    } else if (c === '"') {
      let j = i + 1
      while (j < line.length && line[j] !== '"') {
        if (line[j] === '\\' && j + 1 < line.length) j++
        word += line[j] ?? ''
        j++
      }
      inWord = true
      i = j
    } else if (/\s/.test(c)) {
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

export function parseQemuArgv(text: string): QemuArgv {
  const words = splitShellWords(text.trim())
  const env: string[] = []
  let i = 0
  while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i] ?? '')) env.push(words[i++] ?? '')
  const binary = words[i++] ?? ''
  const options: string[][] = []
  for (; i < words.length; i++) {
    const word = words[i] ?? ''
    const next = words[i + 1]
    if (word.startsWith('-') && next !== undefined && !next.startsWith('-')) {
      options.push([word, next])
      i++
    } else options.push([word])
  }
  return { env, binary, options }
}

function quoteWord(word: string): string {
  return /^[A-Za-z0-9_./:=,+@%-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`
}

export function formatUnit(unit: readonly string[]): string {
  return unit.map(quoteWord).join(' ')
}

/** Units that differ on every conversion of the same XML (a domain without <uuid> gets a random one). */
const UNSTABLE = new Set(['-uuid'])

export function diffQemuArgv(before: QemuArgv, after: QemuArgv): { added: string[]; removed: string[] } {
  const key = (u: string[]): string => u.join('\0')
  const count = (units: string[][]): Map<string, number> => {
    const m = new Map<string, number>()
    for (const u of units) if (!UNSTABLE.has(u[0] ?? '')) m.set(key(u), (m.get(key(u)) ?? 0) + 1)
    return m
  }
  const b = count(before.options)
  const a = count(after.options)
  const added: string[] = []
  const removed: string[] = []
  for (const u of after.options) {
    const n = b.get(key(u)) ?? 0
    if (UNSTABLE.has(u[0] ?? '')) continue
    if (n > 0) b.set(key(u), n - 1)
    else added.push(formatUnit(u))
  }
  for (const u of before.options) {
    const n = a.get(key(u)) ?? 0
    if (UNSTABLE.has(u[0] ?? '')) continue
    if (n > 0) a.set(key(u), n - 1)
    else removed.push(formatUnit(u))
  }
  return { added, removed }
}

const TO_NATIVE_SCRIPT = `t=$(mktemp "\${TMPDIR:-/tmp}/virtdeck-domxml.XXXXXX") || exit 125
trap 'rm -f "$t"' EXIT
cat >"$t" || exit 125
virsh -c "$1" domxml-to-native qemu-argv "$t"`

/** `virsh -c URI domxml-to-native qemu-argv` of one XML document, parsed. */
export async function domainQemuArgv(
  host: Host,
  uri: string,
  xml: string,
  signal?: AbortSignal,
): Promise<QemuArgv> {
  const result = await host.exec('sh', ['-c', TO_NATIVE_SCRIPT, 'virtdeck-domxml', uri], {
    input: xml,
    timeoutMs: 60_000,
    env: { LC_ALL: 'C' },
    ...(signal === undefined ? {} : { signal }),
  })
  if (result.code !== 0) {
    throw new AppError('COMMAND_FAILED', 'libvirt could not turn the domain XML into a QEMU command line.', {
      detail: `${result.stderr.trim()}\nCheck the XML (virsh define --validate) and that ${uri} is reachable.`,
    })
  }
  return parseQemuArgv(result.stdout)
}

/** The QEMU command line before and after an XML change, and the option units that differ. */
export async function qemuArgvDiff(
  host: Host,
  uri: string,
  beforeXml: string,
  afterXml: string,
  signal?: AbortSignal,
): Promise<QemuArgvDiff> {
  const before = await domainQemuArgv(host, uri, beforeXml, signal)
  const after = await domainQemuArgv(host, uri, afterXml, signal)
  return { before, after, ...diffQemuArgv(before, after) }
}
