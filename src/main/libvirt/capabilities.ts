import { AppError } from '@shared/errors.js'
import type { HostVmCapabilities } from '@shared/vm-create.js'
import type { LibvirtConnection } from './libvirt-connection.js'
import { attr, child, children, find, findAll, parseXml, root, text } from './xml/index.js'
import type { XmlElement } from './xml/index.js'

/**
 * What a new VM can be on this host, from `capabilities` (architectures, machine types, whether
 * KVM is there) and `domcapabilities` for the chosen machine (UEFI: firmware autoselection and the
 * OVMF loaders QEMU's firmware descriptors offer).
 */
export async function hostVmCapabilities(
  conn: LibvirtConnection,
  options: { arch?: string; machine?: string; virtType?: string } = {},
): Promise<HostVmCapabilities> {
  const caps = root(parseXml(await conn.read(['capabilities'])))
  const hostArch = textOf(find(caps, 'host/cpu/arch'))
  const guests = children(caps, 'guest').filter((g) => textOf(child(g, 'os_type')) === 'hvm')
  const archOf = (g: XmlElement): XmlElement | undefined => child(g, 'arch')
  const wanted = options.arch ?? hostArch
  const guest = guests.find((g) => attrOf(archOf(g), 'name') === wanted) ?? guests[0]
  const arch = guest === undefined ? undefined : archOf(guest)
  if (guest === undefined || arch === undefined) {
    throw new AppError('UNSUPPORTED', `libvirt on ${conn.where} offers no hardware-virtualised (hvm) guests`)
  }
  const archName = attr(arch, 'name') ?? wanted ?? 'x86_64'
  const domainTypes = findAll(arch, 'domain').map((d) => attr(d, 'type') ?? '')
  const virtType =
    options.virtType !== undefined && domainTypes.includes(options.virtType)
      ? options.virtType
      : domainTypes.includes('kvm')
        ? 'kvm'
        : (domainTypes[0] ?? 'qemu')
  const machines: string[] = []
  for (const m of children(arch, 'machine')) {
    const name = textOf(m)
    if (name !== undefined && !machines.includes(name) && attr(m, 'deprecated') !== 'yes') machines.push(name)
  }
  const defaultMachine =
    options.machine ??
    (machines.includes('q35') ? 'q35' : machines.includes('pc') ? 'pc' : (machines[0] ?? ''))

  let uefi = false
  let firmwareAutoselect = false
  let loaders: string[] = []
  const args = ['domcapabilities', '--virttype', virtType, '--arch', archName]
  if (defaultMachine !== '') args.push('--machine', defaultMachine)
  try {
    const domcaps = root(parseXml(await conn.read(args)))
    const os = child(domcaps, 'os')
    if (os !== undefined && attr(os, 'supported') !== 'no') {
      const firmwares = findAll(os, "enum[@name='firmware']/value").map((v) => textOf(v))
      firmwareAutoselect = firmwares.includes('efi')
      const loader = child(os, 'loader')
      loaders = loader === undefined ? [] : children(loader, 'value').flatMap((v) => textOf(v) ?? [])
      uefi = firmwareAutoselect || loaders.some((l) => /OVMF|edk2|AAVMF/i.test(l))
    }
  } catch (error) {
    // Drivers without domcapabilities (test, older ones): BIOS only.
    if (!(error instanceof AppError) || (error.code !== 'UNSUPPORTED' && error.code !== 'COMMAND_FAILED'))
      throw error
  }
  let memoryKiB = 0
  for (const memory of findAll(caps, 'host/topology/cells/cell/memory')) {
    const value = Number(textOf(memory))
    if (Number.isFinite(value)) memoryKiB += (attr(memory, 'unit') ?? 'KiB') === 'KiB' ? value : 0
  }
  return {
    ...(memoryKiB > 0 ? { memoryBytes: memoryKiB * 1024 } : {}),
    arch: archName,
    virtType,
    virtTypes: domainTypes,
    machines,
    defaultMachine,
    uefi,
    firmwareAutoselect,
    loaders,
  }
}

function textOf(el: XmlElement | undefined): string | undefined {
  return el === undefined ? undefined : text(el)?.trim()
}

function attrOf(el: XmlElement | undefined, name: string): string | undefined {
  return el === undefined ? undefined : attr(el, name)
}
