import { LIBOSINFO_NS } from './os-metadata.js'
import { buildElement, createElement, createText } from './xml/index.js'
import type { XmlElement, XmlNode } from './xml/index.js'

/** A resolved plan for a new VM: every choice made, every path known. Building its XML is pure. */
export interface NewDomain {
  name: string
  /** kvm, qemu (TCG), test, … */
  virtType: string
  arch: string
  machine?: string
  memoryMiB: number
  vcpus: number
  /** With KVM: host-passthrough, host-model, or QEMU's default model. */
  cpuMode?: 'host-passthrough' | 'host-model' | 'default'
  /** efi-auto: libvirt picks the OVMF build with (or without) Secure Boot from QEMU's firmware descriptors. */
  firmware:
    | { kind: 'bios' }
    | { kind: 'efi-auto'; secureBoot: boolean }
    | { kind: 'efi-loader'; loader: string; secureBoot: boolean }
  /** The main disk (new, or imported). */
  disk?: { path: string; format: string; device: 'file' | 'block' }
  /** Install media. */
  cdrom?: string
  network: { kind: 'network'; name: string } | { kind: 'bridge'; name: string } | { kind: 'none' }
  osId?: string
  /** Default virtio (both). */
  diskBus?: 'virtio' | 'sata'
  nicModel?: string
}

type Child = XmlElement | string

/** An element laid out as libvirt writes it: children on their own lines, two spaces deeper. */
function el(name: string, attrs: Record<string, string> = {}, content: Child[] = []): XmlElement {
  const node = createElement(name, attrs)
  node.children = content.map((c): XmlNode => (typeof c === 'string' ? createText(c) : c))
  return node
}

function indent(node: XmlElement, depth: number): void {
  const elements = node.children.filter((c): c is XmlElement => c.type === 'element')
  if (elements.length === 0) return
  const inner = '\n' + '  '.repeat(depth + 1)
  const out: XmlNode[] = []
  for (const c of elements) {
    out.push(createText(inner), c)
    indent(c, depth + 1)
  }
  out.push(createText('\n' + '  '.repeat(depth)))
  node.children = out
}

/** Bus for a CD-ROM: SATA on q35 (no IDE there), IDE on the older PC machine. */
function cdromBus(machine: string | undefined): string {
  return machine === undefined || /q35/.test(machine) ? 'sata' : 'ide'
}

export function buildDomainXml(plan: NewDomain): string {
  const kvmLike = plan.virtType === 'kvm' || plan.virtType === 'qemu'
  const osAttrs: Record<string, string> = plan.firmware.kind === 'efi-auto' ? { firmware: 'efi' } : {}
  const typeAttrs: Record<string, string> = { arch: plan.arch }
  if (plan.machine !== undefined && plan.machine !== '') typeAttrs['machine'] = plan.machine
  const osChildren: XmlElement[] = [el('type', typeAttrs, ['hvm'])]
  if (plan.firmware.kind === 'efi-auto') {
    const on = plan.firmware.secureBoot ? 'yes' : 'no'
    osChildren.push(
      el('firmware', {}, [
        el('feature', { enabled: on, name: 'enrolled-keys' }),
        el('feature', { enabled: on, name: 'secure-boot' }),
      ]),
    )
  }
  if (plan.firmware.kind === 'efi-loader') {
    const loaderAttrs: Record<string, string> = { readonly: 'yes', type: 'pflash' }
    if (plan.firmware.secureBoot) loaderAttrs['secure'] = 'yes'
    osChildren.push(el('loader', loaderAttrs, [plan.firmware.loader]), el('nvram'))
  }
  if (plan.cdrom !== undefined) osChildren.push(el('boot', { dev: 'cdrom' }))
  osChildren.push(el('boot', { dev: 'hd' }))

  const devices: XmlElement[] = []
  if (plan.disk !== undefined) {
    const source = plan.disk.device === 'block' ? { dev: plan.disk.path } : { file: plan.disk.path }
    devices.push(
      el('disk', { type: plan.disk.device, device: 'disk' }, [
        el('driver', { name: 'qemu', type: plan.disk.format, discard: 'unmap' }),
        el('source', source),
        el('target', plan.diskBus === 'sata' ? { dev: 'sda', bus: 'sata' } : { dev: 'vda', bus: 'virtio' }),
      ]),
    )
  }
  if (plan.cdrom !== undefined) {
    const bus = cdromBus(plan.machine)
    devices.push(
      el('disk', { type: 'file', device: 'cdrom' }, [
        el('driver', { name: 'qemu', type: 'raw' }),
        el('source', { file: plan.cdrom }),
        el('target', { dev: bus === 'sata' ? (plan.diskBus === 'sata' ? 'sdb' : 'sda') : 'hdc', bus }),
        el('readonly'),
      ]),
    )
  }
  if (plan.network.kind === 'network') {
    devices.push(
      el('interface', { type: 'network' }, [
        el('source', { network: plan.network.name }),
        el('model', { type: plan.nicModel ?? 'virtio' }),
      ]),
    )
  } else if (plan.network.kind === 'bridge') {
    devices.push(
      el('interface', { type: 'bridge' }, [
        el('source', { bridge: plan.network.name }),
        el('model', { type: plan.nicModel ?? 'virtio' }),
      ]),
    )
  }
  if (kvmLike) {
    devices.push(
      el('console', { type: 'pty' }),
      el('input', { type: 'tablet', bus: 'usb' }),
      el('graphics', { type: 'vnc', port: '-1', autoport: 'yes', listen: '127.0.0.1' }),
      el('video', {}, [el('model', { type: 'virtio' })]),
      el('memballoon', { model: 'virtio' }),
      el('rng', { model: 'virtio' }, [el('backend', { model: 'random' }, ['/dev/urandom'])]),
    )
  }

  const top: XmlElement[] = [el('name', {}, [plan.name])]
  if (plan.osId !== undefined) {
    top.push(
      el('metadata', {}, [
        el('libosinfo:libosinfo', { 'xmlns:libosinfo': LIBOSINFO_NS }, [
          el('libosinfo:os', { id: plan.osId }),
        ]),
      ]),
    )
  }
  top.push(
    el('memory', { unit: 'MiB' }, [String(plan.memoryMiB)]),
    el('currentMemory', { unit: 'MiB' }, [String(plan.memoryMiB)]),
    el('vcpu', {}, [String(plan.vcpus)]),
    el('os', osAttrs, osChildren),
  )
  if (kvmLike) {
    const secure = plan.firmware.kind !== 'bios' && plan.firmware.secureBoot
    top.push(
      el(
        'features',
        {},
        secure ? [el('acpi'), el('apic'), el('smm', { state: 'on' })] : [el('acpi'), el('apic')],
      ),
    )
    // KVM: the host's CPU as is by default; TCG cannot emulate every host feature, so QEMU's default model.
    const cpuMode = plan.cpuMode ?? 'host-passthrough'
    if (plan.virtType === 'kvm' && cpuMode !== 'default') top.push(el('cpu', { mode: cpuMode }))
    top.push(el('clock', { offset: 'utc' }))
  }
  top.push(
    el('on_poweroff', {}, ['destroy']),
    el('on_reboot', {}, ['restart']),
    el('on_crash', {}, ['destroy']),
    el('devices', {}, devices),
  )
  const domain = el('domain', { type: plan.virtType }, top)
  indent(domain, 0)
  return `${buildElement(domain)}\n`
}
