import type { LibvirtConnection } from '../libvirt/libvirt-connection.js'
import { parseNames } from '../libvirt/virsh-parse.js'
import { attr, child, findAll, parseXml, root } from '../libvirt/xml/index.js'

/** One disk of a domain as its XML names it: by path (file/block) or by pool and volume. */
export interface DiskReference {
  domain: string
  running: boolean
  target: string
  path?: string
  pool?: string
  volume?: string
}

/** Disks from a domain definition (live or inactive). */
export function disksOfXml(domain: string, running: boolean, xml: string): DiskReference[] {
  if (xml.trim().length === 0) return []
  const refs: DiskReference[] = []
  for (const disk of findAll(root(parseXml(xml)), 'devices/disk')) {
    const source = child(disk, 'source')
    if (source === undefined) continue
    const targetEl = child(disk, 'target')
    const target = (targetEl === undefined ? undefined : attr(targetEl, 'dev')) ?? '?'
    const path = attr(source, 'file') ?? attr(source, 'dev')
    const pool = attr(source, 'pool')
    const volume = attr(source, 'volume')
    refs.push({
      domain,
      running,
      target,
      ...(path === undefined ? {} : { path }),
      ...(pool === undefined ? {} : { pool }),
      ...(volume === undefined ? {} : { volume }),
    })
  }
  return refs
}

/**
 * Every disk of every domain on the connection, from both the running and the next-boot
 * definition (a disk hot-plugged or waiting for the reboot counts). Two round trips.
 */
export async function allDiskReferences(conn: LibvirtConnection): Promise<DiskReference[]> {
  const [all, running] = await Promise.all([
    conn.read(['list', '--all', '--name']),
    conn.read(['list', '--state-running', '--name']),
  ])
  const names = parseNames(all)
  const live = new Set(parseNames(running))
  if (names.length === 0) return []
  const batch = await conn.readBatch(
    names.flatMap((name) => [
      ['dumpxml', '--domain', name],
      ['dumpxml', '--inactive', '--domain', name],
    ]),
  )
  const refs: DiskReference[] = []
  names.forEach((name, i) => {
    const seen = new Set<string>()
    for (const xml of [batch.outputs[2 * i] ?? '', batch.outputs[2 * i + 1] ?? '']) {
      let disks: DiskReference[]
      try {
        disks = disksOfXml(name, live.has(name), xml)
      } catch {
        continue // Gone or unreadable between the calls.
      }
      for (const d of disks) {
        const key = `${d.target}\0${d.path ?? ''}\0${d.pool ?? ''}\0${d.volume ?? ''}`
        if (!seen.has(key)) refs.push(d)
        seen.add(key)
      }
    }
  })
  return refs
}

/** The references that point at this volume (by its path, or by pool and name). */
export function usersOfVolume(
  refs: readonly DiskReference[],
  volume: { pool: string; name: string; path: string },
): DiskReference[] {
  return refs.filter(
    (r) =>
      (r.path !== undefined && volume.path !== '' && r.path === volume.path) ||
      (r.pool === volume.pool && r.volume === volume.name),
  )
}

/** "web (vda, running), db (vdb)": who uses something, for messages. */
export function describeUsers(refs: readonly DiskReference[]): string {
  const byDomain = new Map<string, { running: boolean; targets: string[] }>()
  for (const r of refs) {
    const entry = byDomain.get(r.domain) ?? { running: r.running, targets: [] }
    if (!entry.targets.includes(r.target)) entry.targets.push(r.target)
    byDomain.set(r.domain, entry)
  }
  return [...byDomain.entries()]
    .map(([d, e]) => `“${d}” (${e.targets.join(', ')}${e.running ? ', running' : ''})`)
    .join(', ')
}
