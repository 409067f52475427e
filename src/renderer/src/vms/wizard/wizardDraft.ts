import type { CreateVmSpec, HostVmCapabilities } from '@shared/vm-create.js'
import type { Preallocation, StoragePool } from '@shared/storage.js'
import type { VirtualNetwork } from '@shared/networks.js'
import { domainNameSchema } from '@shared/vm-create.js'
import { diskSizeProblem, memoryProblem, vcpusProblem } from './resources'

/** What the wizard's fields hold; an empty choice means "the host's default" (resolved with what the host offers). */
export interface WizardDraft {
  name: string
  install: 'none' | 'iso' | 'iso-volume' | 'import'
  isoPath: string
  isoPool: string
  isoVolume: string
  importPath: string
  memoryMiB: number
  vcpus: number
  newDisk: boolean
  diskPool: string
  diskSizeGiB: number
  diskFormat: 'qcow2' | 'raw'
  preallocation: Preallocation
  firmware: 'bios' | 'uefi'
  machine: string
  virtType: string
  cpuMode: 'host-passthrough' | 'host-model' | 'default'
  network: '' | 'network' | 'bridge' | 'none'
  networkName: string
  bridgeName: string
  start: boolean
  // vmmisc: begin
  /** The guest OS from libosinfo ('' = not said). */
  osShortId: string
  osId: string
  diskBus: '' | 'virtio' | 'sata'
  nicModel: '' | 'virtio' | 'e1000e' | 'e1000' | 'rtl8139'
  // vmmisc: end
}

export const INITIAL_DRAFT: WizardDraft = {
  name: '',
  install: 'none',
  isoPath: '',
  isoPool: '',
  isoVolume: '',
  importPath: '',
  memoryMiB: 2048,
  vcpus: 2,
  newDisk: true,
  diskPool: '',
  diskSizeGiB: 20,
  diskFormat: 'qcow2',
  preallocation: 'metadata',
  firmware: 'bios',
  machine: '',
  virtType: '',
  cpuMode: 'host-passthrough',
  network: '',
  networkName: '',
  bridgeName: '',
  start: true,
  osShortId: '', // vmmisc
  osId: '',
  diskBus: '',
  nicModel: '',
}

export interface HostOffer {
  caps: HostVmCapabilities | undefined
  pools: StoragePool[] | undefined
  networks: VirtualNetwork[] | undefined
}

/** The pool a new disk goes to by default: "default" when active, else the first active one. */
export function defaultPool(pools: StoragePool[] | undefined): string {
  const active = (pools ?? []).filter((p) => p.active)
  return (active.find((p) => p.name === 'default') ?? active[0])?.name ?? ''
}

/** NAT on "default" (or the first active network) when one runs; otherwise no network. */
export function defaultNetwork(networks: VirtualNetwork[] | undefined): {
  kind: 'network' | 'none'
  name: string
} {
  const active = (networks ?? []).filter((n) => n.active)
  const chosen = active.find((n) => n.name === 'default') ?? active[0]
  return chosen === undefined ? { kind: 'none', name: '' } : { kind: 'network', name: chosen.name }
}

/** Every "host default" replaced by the host's value. */
export function resolve(draft: WizardDraft, offer: HostOffer): WizardDraft {
  const net = defaultNetwork(offer.networks)
  return {
    ...draft,
    diskPool: draft.diskPool || defaultPool(offer.pools),
    machine: draft.machine || offer.caps?.defaultMachine || '',
    virtType: draft.virtType || offer.caps?.virtType || '',
    network: draft.network || net.kind,
    networkName: draft.networkName || net.name,
  }
}

export function nameProblem(name: string): string | undefined {
  const parsed = domainNameSchema.safeParse(name)
  return parsed.success ? undefined : parsed.error.issues[0]?.message
}

const absolute = (path: string): boolean => path.startsWith('/') && path.length > 1

/** What keeps the user on a step, in their words; undefined when it is complete. */
export function stepProblem(step: number, d: WizardDraft, offer: HostOffer): string | undefined {
  if (step === 0) {
    const name = nameProblem(d.name)
    if (name !== undefined) return name
    if (d.install === 'iso' && !absolute(d.isoPath)) return 'Give the full path of the ISO image on the host'
    if (d.install === 'iso-volume' && (d.isoPool === '' || d.isoVolume === ''))
      return 'Choose the pool and the volume of the ISO image'
    if (d.install === 'import' && !absolute(d.importPath))
      return 'Give the full path of the disk image on the host'
  }
  if (step === 1) {
    const memory = memoryProblem(d.memoryMiB)
    if (memory !== undefined) return memory
    const vcpus = vcpusProblem(d.vcpus)
    if (vcpus !== undefined) return vcpus
    if (d.install !== 'import' && d.newDisk) {
      if (d.diskPool === '') return 'Choose the storage pool of the new disk (or create no disk)'
      const size = diskSizeProblem(d.diskSizeGiB)
      if (size !== undefined) return size
    }
  }
  if (step === 2) {
    if (d.firmware === 'uefi' && offer.caps?.uefi !== true) return 'UEFI (OVMF) is not installed on this host'
    if (d.network === 'bridge' && !/^[A-Za-z0-9_.:-]{1,15}$/.test(d.bridgeName))
      return 'Give the name of the bridge on the host, e.g. br0'
    if (d.network === 'network' && d.networkName === '') return 'Choose the virtual network'
  }
  return undefined
}

/** The draft (resolved) as the contract's VM description. */
export function toSpec(d: WizardDraft, offer: HostOffer): CreateVmSpec {
  const install: CreateVmSpec['install'] =
    d.install === 'iso'
      ? { kind: 'iso', path: d.isoPath }
      : d.install === 'iso-volume'
        ? { kind: 'iso-volume', pool: d.isoPool, volume: d.isoVolume }
        : d.install === 'import'
          ? { kind: 'import', path: d.importPath }
          : { kind: 'none' }
  const network: CreateVmSpec['network'] =
    d.network === 'bridge'
      ? { kind: 'bridge', name: d.bridgeName }
      : d.network === 'network' && d.networkName !== ''
        ? { kind: 'network', name: d.networkName }
        : { kind: 'none' }
  const virtType = d.virtType === 'kvm' || d.virtType === 'qemu' ? d.virtType : undefined
  return {
    name: d.name,
    memoryMiB: d.memoryMiB,
    vcpus: d.vcpus,
    install,
    ...(d.install !== 'import' && d.newDisk
      ? {
          disk: {
            pool: d.diskPool,
            sizeGiB: d.diskSizeGiB,
            format: d.diskFormat,
            preallocation: d.preallocation,
          },
        }
      : {}),
    firmware: d.firmware,
    ...(virtType === undefined ? {} : { virtType }),
    cpuMode: d.cpuMode,
    ...(d.machine !== '' && d.machine !== offer.caps?.defaultMachine ? { machine: d.machine } : {}),
    network,
    // vmmisc: begin
    ...(d.osId === '' ? {} : { osId: d.osId }),
    ...(d.diskBus === '' ? {} : { diskBus: d.diskBus }),
    ...(d.nicModel === '' ? {} : { nicModel: d.nicModel }),
    // vmmisc: end
  }
}

/** Machine types for the picker: the host's default first, then q35 and pc aliases, then the versioned ones newest first. */
export function machineOptions(caps: HostVmCapabilities | undefined): string[] {
  const machines = caps?.machines ?? []
  const rank = (m: string): number => (m === caps?.defaultMachine ? 0 : m === 'q35' ? 1 : m === 'pc' ? 2 : 3)
  return machines
    .slice()
    .sort((a, b) => rank(a) - rank(b) || b.localeCompare(a, undefined, { numeric: true }))
}
