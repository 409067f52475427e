/**
 * The pci.ids database (`/usr/share/misc/pci.ids`, hwdata's copy), read lazily: the 1.3 MB text is
 * kept as is, one pass finds where each vendor's block starts, and a vendor's devices are parsed
 * only when one of them is asked for. Classes (the `C` section at the end) are parsed on first use.
 *
 *   vvvv  Vendor            \tdddd  Device        \t\tssss ssss  Subsystem
 *   C cc  Class             \tss  Subclass        \t\tpp  Programming interface
 */

interface VendorEntry {
  name: string
  /** Offsets of the vendor's device lines in the text: [start, end). */
  start: number
  end: number
  devices?: Map<string, { name: string; end: number; blockEnd: number }>
  /** The vendor's lines, sliced on first lookup so a miss does not scan the whole file. */
  block?: string
}

const HEX = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 97 && c <= 102)

export class PciIds {
  private vendors: Map<string, VendorEntry> | undefined
  private classes: Map<string, string> | undefined
  private classStart = -1

  constructor(private readonly text: string) {}

  vendor(vendorId: string): string | undefined {
    return this.index().get(vendorId.toLowerCase())?.name
  }

  device(vendorId: string, deviceId: string): string | undefined {
    return this.deviceLine(vendorId, deviceId)?.name
  }

  subsystem(vendorId: string, deviceId: string, subVendor: string, subDevice: string): string | undefined {
    const line = this.deviceLine(vendorId, deviceId)
    if (line === undefined) return undefined
    const key = `\n\t\t${subVendor.toLowerCase()} ${subDevice.toLowerCase()}  `
    // Search only the device's own lines: an indexOf over the rest of the file costs a full scan per miss.
    const block = this.text.slice(line.end - 1, line.blockEnd)
    const at = block.indexOf(key)
    return at === -1 ? undefined : this.lineRest(line.end - 1 + at + key.length)
  }

  /** Name of a class code as lspci prints it: the subclass ("VGA compatible controller"), else the class. */
  className(classCode: string): string | undefined {
    const classes = this.classIndex()
    const code = classCode.toLowerCase()
    return classes.get(code.slice(0, 4)) ?? classes.get(code.slice(0, 2))
  }

  /** The programming interface's name, when pci.ids has one (`NVM Express`, `XHCI`). */
  interfaceName(classCode: string): string | undefined {
    return this.classIndex().get(classCode.toLowerCase())
  }

  private index(): Map<string, VendorEntry> {
    if (this.vendors !== undefined) return this.vendors
    const vendors = new Map<string, VendorEntry>()
    const text = this.text
    let last: VendorEntry | undefined
    let pos = 0
    while (pos < text.length) {
      let end = text.indexOf('\n', pos)
      if (end === -1) end = text.length
      const c = text.charCodeAt(pos)
      if (c === 67 /* C */ && text.charCodeAt(pos + 1) === 32) {
        if (last) last.end = pos
        this.classStart = pos
        last = undefined
        break
      }
      // A vendor line: four hex digits, two spaces, the name.
      if (HEX(c) && text.charCodeAt(pos + 4) === 32 && text.charCodeAt(pos + 5) === 32) {
        if (last) last.end = pos
        last = { name: text.slice(pos + 6, end).trimEnd(), start: end + 1, end: text.length }
        vendors.set(text.slice(pos, pos + 4), last)
      } else if (c !== 9 && c !== 35 && c !== 10 && last) {
        // Another top-level section (device lists end before the classes, but be safe).
        last.end = pos
        last = undefined
      }
      pos = end + 1
    }
    this.vendors = vendors
    return vendors
  }

  /** A device line found with indexOf inside its vendor's block: no per-line parsing. */
  private deviceLine(
    vendorId: string,
    deviceId: string,
  ): { name: string; end: number; blockEnd: number } | undefined {
    const entry = this.index().get(vendorId.toLowerCase())
    if (entry === undefined) return undefined
    const id = deviceId.toLowerCase()
    const cached = entry.devices?.get(id)
    if (cached !== undefined) return cached
    const key = `\n\t${id}  `
    entry.block ??= this.text.slice(entry.start - 1, entry.end)
    const inBlock = entry.block.indexOf(key)
    if (inBlock === -1) return undefined
    const nameStart = entry.start - 1 + inBlock + key.length
    const name = this.lineRest(nameStart)
    const end = this.text.indexOf('\n', nameStart) + 1 || this.text.length
    // The device's subsystems run until the next line that is not indented twice.
    let blockEnd = end
    while (blockEnd < entry.end && this.text.startsWith('\t\t', blockEnd)) {
      blockEnd = this.text.indexOf('\n', blockEnd) + 1 || this.text.length
    }
    const found = { name, end, blockEnd }
    ;(entry.devices ??= new Map()).set(id, found)
    return found
  }

  private lineRest(from: number): string {
    const end = this.text.indexOf('\n', from)
    return this.text.slice(from, end === -1 ? this.text.length : end).trimEnd()
  }

  private classIndex(): Map<string, string> {
    if (this.classes !== undefined) return this.classes
    this.index()
    const classes = new Map<string, string>()
    if (this.classStart >= 0) {
      let cls = ''
      let sub = ''
      for (const line of this.text.slice(this.classStart).split('\n')) {
        let m = /^C ([0-9a-f]{2}) {2}(.*)$/.exec(line)
        if (m) {
          cls = m[1] ?? ''
          classes.set(cls, (m[2] ?? '').trimEnd())
          continue
        }
        m = /^\t\t([0-9a-f]{2}) {2}(.*)$/.exec(line)
        if (m) {
          classes.set(`${cls}${sub}${m[1] ?? ''}`, (m[2] ?? '').trimEnd())
          continue
        }
        m = /^\t([0-9a-f]{2}) {2}(.*)$/.exec(line)
        if (m) {
          sub = m[1] ?? ''
          classes.set(`${cls}${sub}`, (m[2] ?? '').trimEnd())
        }
      }
    }
    this.classes = classes
    return classes
  }
}

/** Where distributions install the database, most common first; relative to the host's root. */
export const PCI_IDS_PATHS = ['/usr/share/misc/pci.ids', '/usr/share/hwdata/pci.ids', '/usr/share/pci.ids']
