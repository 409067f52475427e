/** What the checks need from /proc/cpuinfo: the first processor's vendor, model and flags. */
export interface CpuinfoFacts {
  vendorId?: string
  modelName?: string
  flags?: string[]
  /** The lines the values came from, as read (for evidence). */
  lines: { vendorId?: string; modelName?: string; flags?: string }
  /** Number of `processor` entries; 0 for a pasted `grep flags` line. */
  processors: number
}

// `flags\t\t: fpu …` as the kernel prints it, `flags           : …` as pasted with spaces, and
// `/proc/cpuinfo:flags : …` as `grep -H` prints it.
const LINE = /^(?:\/proc\/cpuinfo:)?\s*([A-Za-z][A-Za-z0-9 _()]*?)\s*:\s?(.*)$/

/**
 * Parses /proc/cpuinfo, whole or as `grep` output. The first occurrence of a key wins: every
 * processor repeats them, and a guest may list the `hypervisor` flag on all of them alike.
 */
export function parseCpuinfo(text: string): CpuinfoFacts {
  const facts: CpuinfoFacts = { lines: {}, processors: 0 }
  for (const raw of text.split(/\r?\n/)) {
    const match = LINE.exec(raw)
    if (match === null) continue
    const key = (match[1] ?? '').toLowerCase()
    const value = (match[2] ?? '').trim()
    if (key === 'processor') facts.processors += 1
    else if (key === 'vendor_id' && facts.vendorId === undefined) {
      facts.vendorId = value
      facts.lines.vendorId = raw
    } else if (key === 'model name' && facts.modelName === undefined) {
      facts.modelName = value
      facts.lines.modelName = raw
    } else if ((key === 'flags' || key === 'features') && facts.flags === undefined) {
      facts.flags = value.split(/\s+/).filter((flag) => flag !== '')
      facts.lines.flags = raw
    }
  }
  return facts
}
