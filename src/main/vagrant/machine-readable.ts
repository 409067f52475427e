import { StringDecoder } from 'node:string_decoder'
import type {
  VagrantBox,
  VagrantMachineStatus,
  VagrantMessage,
  VagrantPlugin,
} from '@shared/vagrant-contract.js'

/**
 * Vagrant's `--machine-readable` output: one record per line, `timestamp,target,type,data…`.
 * In each data field Vagrant writes `,` as `%!(VAGRANT_COMMA)`, a newline as `\n` and a carriage
 * return as `\r` (backslashes themselves are not escaped, so a literal `\n` in a message reads
 * back as a newline — Vagrant's format cannot tell them apart). Lines that are not records (Vagrant
 * failing before its machine-readable UI exists prints plain text) are kept as text.
 */
export type OutputLine =
  | { kind: 'record'; timestamp: number; target: string | undefined; type: string; data: string[] }
  | { kind: 'text'; text: string }

// Leading whitespace is tolerated: pasted output is often indented.
const RECORD = /^\s*(\d{1,12}),([^,]*),([^,]*)(?:,(.*))?$/

export function unescapeField(field: string): string {
  return field.replace(/%!\(VAGRANT_COMMA\)|\\n|\\r/g, (m) => (m === '\\n' ? '\n' : m === '\\r' ? '\r' : ','))
}

/**
 * One line. Vagrant does not escape the target: a machine named `web, first` splits the line in
 * the wrong place. With the project's machine names (`targets`), such a name is recognised whole.
 */
export function parseLine(line: string, targets: readonly string[] = []): OutputLine {
  const known = /^\s*(\d{1,12}),/.exec(line)
  if (known !== null) {
    const rest = line.slice(known[0].length)
    const name = targets
      .filter((t) => t.includes(',') && rest.startsWith(`${t},`))
      .sort((a, b) => b.length - a.length)[0]
    if (name !== undefined) {
      const parsed = parseLine(`${known[1]},,${rest.slice(name.length + 1)}`)
      if (parsed.kind === 'record') return { ...parsed, target: name }
    }
  }
  const m = RECORD.exec(line)
  if (m === null || m[3] === '') return { kind: 'text', text: line }
  const target = m[2] ?? ''
  return {
    kind: 'record',
    timestamp: Number(m[1]),
    target: target === '' ? undefined : target,
    type: m[3] ?? '',
    data: m[4] === undefined ? [] : m[4].split(',').map(unescapeField),
  }
}

/** Every line of a finished output (a trailing newline does not make an empty line). */
export function parseOutput(text: string, targets: readonly string[] = []): OutputLine[] {
  const lines = text.split(/\r?\n/)
  if (lines[lines.length - 1] === '') lines.pop()
  return lines.map((l) => parseLine(l, targets))
}

/** Cuts a byte stream into lines as they arrive; UTF-8 characters split across chunks stay whole. */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8')
  private rest = ''

  push(chunk: Buffer | string): string[] {
    const text = this.rest + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk))
    const lines = text.split('\n')
    this.rest = lines.pop() ?? ''
    return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l))
  }

  /** What is left after the stream ended (a last line without newline). */
  end(): string[] {
    const text = this.rest + this.decoder.end()
    this.rest = ''
    return text === '' ? [] : [text]
  }
}

type RecordLine = Extract<OutputLine, { kind: 'record' }>
const records = (lines: readonly OutputLine[]): RecordLine[] =>
  lines.filter((l): l is RecordLine => l.kind === 'record')

/** Per machine, from `vagrant status --machine-readable` (or the metadata lines of any command). */
export function machineStatuses(lines: readonly OutputLine[]): VagrantMachineStatus[] {
  const byName = new Map<string, VagrantMachineStatus>()
  for (const r of records(lines)) {
    if (r.target === undefined) continue
    const value = r.data.join(',')
    const field =
      r.type === 'provider-name' || (r.type === 'metadata' && r.data[0] === 'provider')
        ? 'provider'
        : r.type === 'state'
          ? 'state'
          : r.type === 'state-human-short'
            ? 'stateShort'
            : r.type === 'state-human-long'
              ? 'stateLong'
              : undefined
    if (field === undefined) continue
    const machine = byName.get(r.target) ?? { name: r.target }
    machine[field] = field === 'provider' && r.type === 'metadata' ? (r.data[1] ?? '') : value
    byName.set(r.target, machine)
  }
  return [...byName.values()]
}

/** The `error-exit` record: Vagrant's error class and its message. */
export function errorExit(lines: readonly OutputLine[]): { kind: string; message: string } | undefined {
  const r = records(lines).find((l) => l.type === 'error-exit')
  if (r === undefined) return undefined
  return { kind: r.data[0] ?? '', message: r.data.slice(1).join(',').trim() }
}

/** `ui` records as messages (info/output/detail are info), with the machine they name. */
export function uiMessages(lines: readonly OutputLine[]): VagrantMessage[] {
  const out: VagrantMessage[] = []
  for (const l of lines) {
    if (l.kind === 'text') {
      if (l.text.trim() !== '') out.push({ level: 'error', text: l.text })
      continue
    }
    if (l.type !== 'ui') continue
    const level = l.data[0] === 'error' ? 'error' : l.data[0] === 'warn' ? 'warn' : 'info'
    const text = l.data.slice(1).join(',')
    out.push(l.target === undefined ? { level, text } : { level, text, machine: l.target })
  }
  return out
}

/** `vagrant plugin list --machine-readable`: plugin-name then plugin-version ("0.11.2, system"). */
export function plugins(lines: readonly OutputLine[]): VagrantPlugin[] {
  const out: VagrantPlugin[] = []
  for (const r of records(lines)) {
    if (r.type === 'plugin-name' && r.data[0] !== undefined) out.push({ name: r.data[0], version: '' })
    if (r.type === 'plugin-version' && r.target !== undefined) {
      const plugin = out.find((p) => p.name === r.target)
      if (plugin === undefined) continue
      const [version, scope] = (r.data[0] ?? '').split(',').map((s) => s.trim())
      plugin.version = version ?? ''
      if (scope !== undefined && scope !== '') plugin.scope = scope
    }
  }
  return out
}

/** `vagrant box list --machine-readable`: box-name, box-provider, box-version per box, in that order. */
export function boxes(lines: readonly OutputLine[]): VagrantBox[] {
  const out: VagrantBox[] = []
  for (const r of records(lines)) {
    const value = r.data.join(',')
    if (r.type === 'box-name') out.push({ name: value, provider: '', version: '' })
    const last = out[out.length - 1]
    if (last === undefined) continue
    if (r.type === 'box-provider') last.provider = value
    if (r.type === 'box-version') last.version = value
  }
  return out
}
