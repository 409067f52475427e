import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { otherVirsh, SYSTEM_URI } from './libvirt.js'

/**
 * A Windows-style gaming VM for the passthrough tests, defined on the REAL qemu:///system (never
 * started): KVM, q35, UEFI (OVMF), no <cpu> yet, so the tuning advisor's host-passthrough fix applies.
 */
export function gamingDomainXml(name: string): string {
  return `<domain type='kvm'>
  <name>${name}</name>
  <memory unit='MiB'>1024</memory>
  <vcpu placement='static'>2</vcpu>
  <os firmware='efi'>
    <type arch='x86_64' machine='q35'>hvm</type>
  </os>
  <features>
    <acpi/>
    <apic/>
  </features>
  <clock offset='localtime'/>
  <devices>
    <controller type='pci' index='0' model='pcie-root'/>
    <memballoon model='none'/>
  </devices>
</domain>
`
}

/** Defines it as someone else would (virsh, arguments only); returns the UUID. */
export async function defineGamingDomain(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'virtdeck-gaming-'))
  try {
    await writeFile(join(dir, 'domain.xml'), gamingDomainXml(name))
    await otherVirsh(['define', '--file', join(dir, 'domain.xml')])
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
  return (await otherVirsh(['domuuid', '--domain', name], { uri: SYSTEM_URI })).trim()
}
