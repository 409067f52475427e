export type VhvStatus = 'PASS' | 'WARN' | 'FAIL'

/** One line of `virt-host-validate`, kept whole: nothing it printed is dropped. */
export interface VhvLine {
  /** `QEMU`, `LXC`, `BHYVE`, `CH`; for a bare status line, the driver of the line before it. */
  driver?: string
  /** `Checking for hardware virtualization`; absent when the output lost it (a bare `WARN (…)` line). */
  check?: string
  /** Absent for a line that is not a check result. */
  status?: VhvStatus
  /** The text in parentheses after the status, e.g. `Only emulated CPUs are available, …`. */
  note?: string
  /** The line(s) as printed. */
  raw: string
}

const CHECK_LINE = /^\s*([A-Za-z][A-Za-z0-9_-]*):\s+(.*?)\s*:\s*(?:(PASS|WARN|FAIL)\b\s*(?:\((.*)\))?)?\s*$/
const BARE_STATUS = /^\s*(PASS|WARN|FAIL)\b\s*(?:\((.*)\))?\s*$/

/**
 * Parses `virt-host-validate` output. Some libvirt versions print a status on a line of its own
 * (`WARN (Unknown if this platform has IOMMU support)`), after the label line or with no label at
 * all; such a line becomes a result with the previous driver and no check text, or is joined to
 * the label line above it that had no status yet.
 */
export function parseVirtHostValidate(text: string): VhvLine[] {
  const lines: VhvLine[] = []
  for (const raw of text.split(/\r?\n/)) {
    if (raw.trim() === '') continue
    const bare = BARE_STATUS.exec(raw)
    if (bare !== null) {
      const previous = lines.at(-1)
      const status = bare[1] as VhvStatus
      const note = bare[2]?.trim()
      if (previous !== undefined && previous.check !== undefined && previous.status === undefined) {
        previous.status = status
        if (note !== undefined) previous.note = note
        previous.raw = `${previous.raw}\n${raw}`
        continue
      }
      const line: VhvLine = { status, raw }
      if (previous?.driver !== undefined) line.driver = previous.driver
      if (note !== undefined) line.note = note
      lines.push(line)
      continue
    }
    const match = CHECK_LINE.exec(raw)
    if (match === null) {
      lines.push({ raw })
      continue
    }
    const line: VhvLine = { driver: match[1] ?? '', check: (match[2] ?? '').trim(), raw }
    if (match[3] !== undefined) line.status = match[3] as VhvStatus
    const note = match[4]?.trim()
    if (note !== undefined) line.note = note
    lines.push(line)
  }
  return lines
}

/** The hardware-virtualization line (`QEMU: Checking for hardware virtualization`), if printed. */
export function hardwareVirtualizationLine(lines: readonly VhvLine[]): VhvLine | undefined {
  return lines.find(
    (line) => line.driver?.toUpperCase() === 'QEMU' && /hardware virtuali[sz]ation/i.test(line.check ?? ''),
  )
}
