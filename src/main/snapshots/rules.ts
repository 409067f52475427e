import type { SnapshotKind, SnapshotPolicy, SnapshotVerdict } from '@shared/snapshots.js'
import { formatBytes } from '@shared/format.js'
import type { SnapshotRecord } from './model.js'
import { versionAtLeast } from './model.js'

/**
 * Which snapshots are safe on this VM and this host, and why not: the one place these rules live.
 * Main enforces them before every action and sends the verdicts with the list, so the CLI and the
 * renderer show the same reasons. Pure: facts in, verdicts out (unit-tested on built facts).
 */

/** libvirt 9.9 added reverting to and deleting external snapshots. */
export const EXTERNAL_REVERT_DELETE_SINCE = '9.9.0'
/** libvirt 10.9 takes internal snapshots of UEFI VMs whose NVRAM is a qcow2 file. */
export const UEFI_INTERNAL_SINCE = '10.9.0'

export interface SnapshotDisk {
  target: string
  device: string
  sourceType: string
  path?: string
  format?: string
  readonly: boolean
}

export interface VmSnapshotFacts {
  vmName: string
  /** running, paused, shutoff, … */
  state: string
  libvirtVersion: string
  disks: SnapshotDisk[]
  uefi: boolean
  /** The NVRAM file of a UEFI VM and its format (raw unless the XML says qcow2). */
  nvram?: { path?: string; format: string }
  /** The guest's memory: what a memory snapshot writes. */
  memoryBytes: number
  /** Free bytes where a memory snapshot would go, and that place (undefined: not known). */
  free?: { bytes: number; where: string }
}

const allowed: SnapshotVerdict = { allowed: true }
const refused = (reason: string): SnapshotVerdict => ({ allowed: false, reason })

export function isActive(state: string): boolean {
  return state === 'running' || state === 'paused' || state === 'pmsuspended'
}

/** The disks a snapshot covers: writable disks with a source (a read-only ISO is left as it is). */
export function snapshotDisks(facts: VmSnapshotFacts): SnapshotDisk[] {
  return facts.disks.filter(
    (d) => (d.device === 'disk' || d.device === 'lun') && !d.readonly && d.path !== undefined,
  )
}

/** Room for the memory image: the guest's memory plus 10 % and 64 MiB for QEMU's device state. */
export function memoryRoomNeeded(memoryBytes: number): number {
  return Math.ceil(memoryBytes * 1.1) + 64 * 1024 ** 2
}

function names(records: readonly SnapshotRecord[], kind: SnapshotKind): string {
  const list = records.filter((r) => r.location === kind).map((r) => `“${r.name}”`)
  return list.length > 3 ? `${list.slice(0, 3).join(', ')} and ${list.length - 3} more` : list.join(', ')
}

function mixing(
  facts: VmSnapshotFacts,
  records: readonly SnapshotRecord[],
  wanted: SnapshotKind,
): string | undefined {
  const other: SnapshotKind = wanted === 'internal' ? 'external' : 'internal'
  if (!records.some((r) => r.location === other)) return undefined
  return (
    `${facts.vmName} already has ${other} snapshots (${names(records, other)}). Mixing internal and ` +
    `external snapshots on one VM has lost users' data (virt-manager reports): take ${other} ones, ` +
    `or delete the ${other} ones first.`
  )
}

export function internalVerdict(facts: VmSnapshotFacts, records: readonly SnapshotRecord[]): SnapshotVerdict {
  const mix = mixing(facts, records, 'internal')
  if (mix !== undefined) return refused(mix)
  const disks = snapshotDisks(facts)
  if (disks.length === 0) return refused(`${facts.vmName} has no writable disk to hold an internal snapshot.`)
  const notQcow2 = disks.filter((d) => d.format !== 'qcow2')
  if (notQcow2.length > 0) {
    const which = notQcow2
      .map((d) => `${d.target} (${d.format ?? 'unknown format'}, ${d.path ?? '?'})`)
      .join(', ')
    return refused(
      `Internal snapshots are stored inside qcow2 disks, and ${which} ${notQcow2.length > 1 ? 'are' : 'is'} ` +
        `not qcow2. Convert ${notQcow2.length > 1 ? 'them' : 'it'} (qemu-img convert -O qcow2, with the VM ` +
        `shut off) or take an external snapshot.`,
    )
  }
  if (facts.uefi) {
    const nvram = facts.nvram?.path === undefined ? 'its NVRAM' : `its NVRAM ${facts.nvram.path}`
    if (!versionAtLeast(facts.libvirtVersion, UEFI_INTERNAL_SINCE))
      return refused(
        `${facts.vmName} boots with UEFI, and ${nvram} is a raw flash file, which cannot hold an internal ` +
          `snapshot: libvirt ${facts.libvirtVersion} on this host refuses them (libvirt ${UEFI_INTERNAL_SINCE} ` +
          `and newer accept UEFI VMs whose NVRAM is qcow2). Take an external snapshot instead.`,
      )
    if (facts.nvram?.format !== 'qcow2')
      return refused(
        `${facts.vmName} boots with UEFI, and ${nvram} is a raw file, which cannot hold an internal ` +
          `snapshot. Convert the NVRAM to qcow2 (<nvram format='qcow2'>) or take an external snapshot.`,
      )
  }
  return allowed
}

export function externalVerdict(facts: VmSnapshotFacts, records: readonly SnapshotRecord[]): SnapshotVerdict {
  if (!versionAtLeast(facts.libvirtVersion, EXTERNAL_REVERT_DELETE_SINCE))
    return refused(
      `libvirt ${facts.libvirtVersion} on this host could neither revert to an external snapshot nor delete ` +
        `one (that needs libvirt ${EXTERNAL_REVERT_DELETE_SINCE} or newer), so one taken now could not be used. ` +
        `Take an internal snapshot, or update libvirt.`,
    )
  const mix = mixing(facts, records, 'external')
  if (mix !== undefined) return refused(mix)
  const disks = snapshotDisks(facts)
  if (disks.length === 0)
    return refused(`${facts.vmName} has no writable disk to take an external snapshot of.`)
  const notFile = disks.filter((d) => d.sourceType !== 'file')
  if (notFile.length > 0)
    return refused(
      `An external snapshot puts a new overlay file beside each disk, and ${notFile
        .map((d) => `${d.target} (${d.sourceType})`)
        .join(', ')} ${notFile.length > 1 ? 'are not files' : 'is not a file'}.`,
    )
  return allowed
}

export function memoryVerdict(facts: VmSnapshotFacts): SnapshotVerdict {
  if (!isActive(facts.state))
    return refused(
      `${facts.vmName} is ${facts.state === 'shutoff' ? 'shut off' : facts.state}: there is no memory to save; ` +
        `the snapshot holds its disks.`,
    )
  const needed = memoryRoomNeeded(facts.memoryBytes)
  if (facts.free !== undefined && facts.free.bytes < needed)
    return refused(
      `Saving the memory of ${facts.vmName} needs about ${formatBytes(needed)} free at ${facts.free.where}; ` +
        `only ${formatBytes(facts.free.bytes)} is free. Free some space, or take a snapshot without memory.`,
    )
  return allowed
}

/** A snapshot of this kind, with or without memory, right now: the verdict that create enforces. */
export function createVerdict(
  facts: VmSnapshotFacts,
  records: readonly SnapshotRecord[],
  kind: SnapshotKind,
  memory: boolean,
): SnapshotVerdict {
  const kindVerdict = kind === 'internal' ? internalVerdict(facts, records) : externalVerdict(facts, records)
  if (!kindVerdict.allowed) return kindVerdict
  if (memory) return memoryVerdict(facts)
  if (kind === 'internal' && isActive(facts.state))
    return refused(
      `An internal snapshot of a running VM always saves its memory: ask for the memory too, shut ` +
        `${facts.vmName} off first, or take an external (disk-only) snapshot.`,
    )
  return allowed
}

export function snapshotPolicy(facts: VmSnapshotFacts, records: readonly SnapshotRecord[]): SnapshotPolicy {
  const internal = internalVerdict(facts, records)
  const external = externalVerdict(facts, records)
  const has = (kind: SnapshotKind): boolean => records.some((r) => r.location === kind)
  const defaultKind: SnapshotKind | undefined =
    has('external') && external.allowed
      ? 'external'
      : internal.allowed
        ? 'internal'
        : external.allowed
          ? 'external'
          : undefined
  return {
    libvirtVersion: facts.libvirtVersion,
    internal,
    external,
    memory: memoryVerdict(facts),
    ...(defaultKind === undefined ? {} : { defaultKind }),
  }
}

function externalNeedsNewer(facts: VmSnapshotFacts, what: string): SnapshotVerdict {
  return refused(
    `${what} an external snapshot needs libvirt ${EXTERNAL_REVERT_DELETE_SINCE} or newer; this host has ` +
      `libvirt ${facts.libvirtVersion}. Nothing was changed; update libvirt on the host to do this.`,
  )
}

export function revertVerdict(facts: VmSnapshotFacts, record: SnapshotRecord): SnapshotVerdict {
  if (record.location === 'external' && !versionAtLeast(facts.libvirtVersion, EXTERNAL_REVERT_DELETE_SINCE))
    return externalNeedsNewer(facts, 'Reverting to')
  return allowed
}

export function deleteVerdict(facts: VmSnapshotFacts, record: SnapshotRecord): SnapshotVerdict {
  if (record.location === 'external' && !versionAtLeast(facts.libvirtVersion, EXTERNAL_REVERT_DELETE_SINCE))
    return externalNeedsNewer(facts, 'Deleting')
  return allowed
}

/** What reverting to `record` throws away, in the user's words (shown before the user confirms). */
export function revertLosses(facts: VmSnapshotFacts, record: SnapshotRecord): string[] {
  const when = record.createdAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')
  const lost = [
    `Everything written to the disks of ${facts.vmName} since “${record.name}” was taken (${when}).`,
  ]
  if (isActive(facts.state))
    lost.push(`What ${facts.vmName} is running now: open programs and unsaved work in the guest.`)
  lost.push(`Changes to the VM's settings since then: the definition saved with the snapshot comes back.`)
  if (record.memory === 'none')
    lost.push(`${facts.vmName} ends up shut off: “${record.name}” holds no memory to resume from.`)
  return lost
}
