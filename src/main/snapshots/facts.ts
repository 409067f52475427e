import { AppError } from '@shared/errors.js'
import type { DomainRef } from '@shared/vms.js'
import { domainNotFound, refTarget } from '../libvirt/domain-ref.js'
import { readDomainXml } from '../libvirt/domain-xml-read.js'
import type { LibvirtConnection } from '../libvirt/libvirt-connection.js'
import { stateFromText } from '../libvirt/virsh-parse.js'
import { attr, find, parseXml, root } from '../libvirt/xml/index.js'
import type { SnapshotRecord } from './model.js'
import { libvirtVersionFrom, parseSnapshotXml } from './model.js'
import type { VmSnapshotFacts } from './rules.js'
import { isActive, snapshotDisks } from './rules.js'

/** What the rules need about one VM, read from the host in a few calls. */
export interface Gathered {
  uuid: string
  facts: VmSnapshotFacts
  records: SnapshotRecord[]
  current?: string
  /** Every disk target of the definition (a snapshot XML names each). */
  targets: string[]
}

const versions = new WeakMap<LibvirtConnection, string>()

/** The daemon's libvirt version (it decides what is supported), read once per connection. */
export async function libvirtVersion(conn: LibvirtConnection): Promise<string> {
  const known = versions.get(conn)
  if (known !== undefined) return known
  const version = libvirtVersionFrom(await conn.read(['version', '--daemon']))
  if (version === undefined)
    throw new AppError('COMMAND_FAILED', `Could not tell which libvirt runs on ${conn.where}`)
  versions.set(conn, version)
  return version
}

function passThrough(error: unknown): boolean {
  return (
    error instanceof AppError &&
    (error.code === 'HOST_UNREACHABLE' || error.code === 'TIMEOUT' || error.code === 'CANCELLED')
  )
}

/** Free bytes of the file system holding `dir` on the host, or undefined when df cannot tell. */
async function freeBytes(conn: LibvirtConnection, dir: string): Promise<number | undefined> {
  const result = await conn.host
    .exec('df', ['-P', '-B1', '--', dir], { timeoutMs: 15_000 })
    .catch(() => undefined)
  const fields = result?.code === 0 ? result.stdout.trim().split('\n')[1]?.trim().split(/\s+/) : undefined
  const avail = Number(fields?.[3])
  return Number.isFinite(avail) ? avail : undefined
}

export function dirOf(path: string): string {
  const at = path.lastIndexOf('/')
  return at <= 0 ? '/' : path.slice(0, at)
}

export async function gather(conn: LibvirtConnection, ref: DomainRef): Promise<Gathered> {
  const target = refTarget(ref)
  let xml: string
  let stateText: string
  let names: string
  try {
    ;[xml, stateText, names] = await Promise.all([
      conn.read(['dumpxml', '--domain', target]),
      conn.read(['domstate', '--domain', target]),
      conn.read(['snapshot-list', '--domain', target, '--name']),
    ])
  } catch (error) {
    throw domainNotFound(error, ref, conn.where)
  }
  const current = await conn
    .read(['snapshot-current', '--domain', target, '--name'])
    .then((out) => out.trim() || undefined)
    .catch((error: unknown) => {
      // "the domain does not have a current snapshot"
      if (passThrough(error)) throw error
      return undefined
    })
  const snapshotNames = names
    .split('\n')
    .map((n) => n.trim())
    .filter((n) => n.length > 0)
  const batch = await conn.readBatch(
    snapshotNames.map((name) => ['snapshot-dumpxml', '--domain', target, '--snapshotname', name]),
  )
  const records = batch.outputs.filter((out) => out.trim().length > 0).map(parseSnapshotXml)
  const domain = readDomainXml(xml)
  const os = find(root(parseXml(xml)), 'os/nvram')
  const state = stateFromText(stateText)
  const facts: VmSnapshotFacts = {
    vmName: domain.name,
    state,
    libvirtVersion: await libvirtVersion(conn),
    disks: domain.disks.map((d) => ({
      target: d.target,
      device: d.device,
      sourceType: d.sourceType,
      readonly: d.readonly,
      ...(d.path === undefined ? {} : { path: d.path }),
      ...(d.format === undefined ? {} : { format: d.format }),
    })),
    uefi: domain.overview.firmware === 'uefi',
    ...(domain.overview.firmware === 'uefi'
      ? {
          nvram: {
            ...(domain.nvram === undefined ? {} : { path: domain.nvram }),
            format: (os === undefined ? undefined : attr(os, 'format')) ?? 'raw',
          },
        }
      : {}),
    memoryBytes: domain.overview.currentMemoryKiB * 1024,
  }
  const first = snapshotDisks(facts)[0]?.path
  if (isActive(state) && first !== undefined) {
    const where = dirOf(first)
    const bytes = await freeBytes(conn, where)
    if (bytes !== undefined) facts.free = { bytes, where }
  }
  return {
    uuid: domain.uuid,
    facts,
    records,
    ...(current === undefined ? {} : { current }),
    targets: domain.disks.map((d) => d.target),
  }
}
