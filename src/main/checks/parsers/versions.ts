/** `9.0.0` from `virsh --version`, `libvirtd (libvirt) 9.0.0`, `QEMU emulator version 7.2.22 (Debian …)`. */
export function parseVersion(text: string): string | undefined {
  const qemu = /QEMU emulator version (\d+(?:\.\d+)+)/i.exec(text)
  if (qemu !== null) return qemu[1]
  return /\b(\d+\.\d+(?:\.\d+)*)\b/.exec(text)?.[1]
}

export interface DomainCapabilities {
  /** `kvm` or `qemu` (TCG). */
  domain?: string
  emulator?: string
  machine?: string
}

/** The few fields of `virsh domcapabilities` the KVM probe needs (libvirt writes this XML, flat and regular). */
export function parseDomainCapabilities(xml: string): DomainCapabilities {
  const caps: DomainCapabilities = {}
  const domain = /<domain>\s*([^<\s]+)\s*<\/domain>/.exec(xml)?.[1]
  const emulator = /<path>\s*([^<]+?)\s*<\/path>/.exec(xml)?.[1]
  const machine = /<machine>\s*([^<\s]+)\s*<\/machine>/.exec(xml)?.[1]
  if (domain !== undefined) caps.domain = domain
  if (emulator !== undefined) caps.emulator = emulator
  if (machine !== undefined) caps.machine = machine
  return caps
}
