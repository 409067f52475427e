/** One `Key: value` entry of lscpu, with wrapped continuation lines joined back. */
export interface LscpuEntry {
  key: string
  value: string
  /** The section header it sits under in lscpu's hierarchical layout (`Virtualization features`, `Vulnerabilities`). */
  section?: string
  /** The lines as printed, for evidence. */
  lines: string[]
}

export interface LscpuFacts {
  entries: LscpuEntry[]
  vendorId?: string
  modelName?: string
  /** `VT-x`, `AMD-V`; absent when the CPU does not show it (disabled, or hidden by an outer hypervisor). */
  virtualization?: string
  hypervisorVendor?: string
  /** `full`, `para`, `container`. */
  virtualizationType?: string
  flags?: string[]
  /** lscpu's "Itlb multihit" vulnerability line: `KVM: Mitigation: VMX unsupported` means VT-x is not usable. */
  itlbMultihit?: string
}

const KEY_LINE = /^(\s*)([^\s:][^:]*?):(\s*)(.*)$/

function indentOf(line: string): number {
  return line.length - line.trimStart().length
}

/**
 * Joins a value that lscpu wrapped at the terminal width. lscpu cuts anywhere, even inside a flag
 * (`cx` / `8 apic`), so chunks are joined as they are; a chunk that starts with one space more
 * than the value column began a new word. Pastes often trim the space a line ended with: a line
 * shorter than the wrap width lost one, and it is put back.
 */
function joinWrapped(lines: string[], valueColumn: number): string {
  const chunks = lines.map((line, index) =>
    index === 0 ? line.slice(valueColumn) : line.slice(Math.min(valueColumn, indentOf(line))),
  )
  const width = Math.max(...lines.slice(0, -1).map((line) => line.length))
  let value = chunks[0] ?? ''
  for (let i = 1; i < chunks.length; i += 1) {
    const chunk = chunks[i] ?? ''
    const previous = lines[i - 1] ?? ''
    if (previous.length < width && !value.endsWith(' ') && !chunk.startsWith(' ')) value += ' '
    value += chunk
  }
  return value.replace(/\s+/g, ' ').trim()
}

function vulnerability(entries: LscpuEntry[], name: string): string | undefined {
  const wanted = name.toLowerCase()
  for (const entry of entries) {
    const key = entry.key.toLowerCase()
    if (key === `vulnerability ${wanted}`) return entry.value
    if (key === wanted && entry.section?.toLowerCase() === 'vulnerabilities') return entry.value
  }
  return undefined
}

/** Parses `lscpu` output in the flat (util-linux < 2.38) and the hierarchical layout, wrapped or not. */
export function parseLscpu(text: string): LscpuFacts {
  const entries: LscpuEntry[] = []
  let current: { entry: LscpuEntry; valueColumn: number } | undefined
  let section: string | undefined
  const finish = (): void => {
    if (current === undefined) return
    current.entry.value = joinWrapped(current.entry.lines, current.valueColumn)
    entries.push(current.entry)
    current = undefined
  }
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue
    if (current !== undefined && current.entry.value !== '' && indentOf(line) >= current.valueColumn) {
      current.entry.lines.push(line)
      continue
    }
    const match = KEY_LINE.exec(line)
    if (match === null) continue
    finish()
    const indent = (match[1] ?? '').length
    const key = (match[2] ?? '').trim()
    const value = match[4] ?? ''
    if (indent === 0) section = value.trim() === '' ? key : undefined
    const entry: LscpuEntry = { key, value: value.trim(), lines: [line] }
    if (indent > 0 && section !== undefined) entry.section = section
    current = { entry, valueColumn: line.length - value.length }
  }
  finish()

  const first = (key: string): string | undefined => {
    const value = entries.find((entry) => entry.key.toLowerCase() === key.toLowerCase())?.value
    return value === undefined || value === '' ? undefined : value
  }
  const facts: LscpuFacts = { entries }
  const assign = <K extends keyof LscpuFacts>(key: K, value: LscpuFacts[K] | undefined): void => {
    if (value !== undefined) facts[key] = value
  }
  assign('vendorId', first('Vendor ID'))
  assign('modelName', first('Model name'))
  assign('virtualization', first('Virtualization'))
  assign('hypervisorVendor', first('Hypervisor vendor'))
  assign('virtualizationType', first('Virtualization type'))
  assign('flags', first('Flags')?.split(' '))
  assign('itlbMultihit', vulnerability(entries, 'Itlb multihit'))
  return facts
}

/** The lines of the entries with these keys, for evidence. */
export function lscpuLines(facts: LscpuFacts, keys: readonly string[]): string[] {
  const wanted = new Set(keys.map((key) => key.toLowerCase()))
  return facts.entries.filter((entry) => wanted.has(entry.key.toLowerCase())).flatMap((entry) => entry.lines)
}
