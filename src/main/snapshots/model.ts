import type { SnapshotKind } from '@shared/snapshots.js'
import { attr, child, children, parseXml, root, text } from '../libvirt/xml/index.js'

/** One snapshot as libvirt describes it (`snapshot-dumpxml`), before any rule is applied. */
export interface SnapshotRecord {
  name: string
  description?: string
  /** ISO 8601. */
  createdAt: string
  state: string
  parent?: string
  location: SnapshotKind
  memory: 'none' | 'internal' | 'external'
  diskOnly: boolean
}

function textOf(el: ReturnType<typeof child>): string | undefined {
  return el === undefined ? undefined : text(el)
}

/** `<domainsnapshot>` → SnapshotRecord. The domain definition it carries is not needed here. */
export function parseSnapshotXml(xml: string): SnapshotRecord {
  const doc = root(parseXml(xml))
  const name = textOf(child(doc, 'name')) ?? ''
  const description = textOf(child(doc, 'description'))
  const state = textOf(child(doc, 'state'))?.trim() ?? 'unknown'
  const seconds = Number(textOf(child(doc, 'creationTime'))?.trim() ?? '0')
  const parentEl = child(doc, 'parent')
  const parent = parentEl === undefined ? undefined : textOf(child(parentEl, 'name'))
  const memoryEl = child(doc, 'memory')
  const memoryMode = memoryEl === undefined ? undefined : attr(memoryEl, 'snapshot')
  const memory = memoryMode === 'internal' ? 'internal' : memoryMode === 'external' ? 'external' : 'none'
  const disksEl = child(doc, 'disks')
  const diskModes = disksEl === undefined ? [] : children(disksEl, 'disk').map((d) => attr(d, 'snapshot'))
  const external = memory === 'external' || diskModes.includes('external')
  return {
    name,
    ...(description === undefined ? {} : { description }),
    createdAt: new Date((Number.isFinite(seconds) ? seconds : 0) * 1000).toISOString(),
    state,
    ...(parent === undefined ? {} : { parent }),
    location: external ? 'external' : 'internal',
    memory,
    diskOnly: state === 'disk-snapshot',
  }
}

/** Parents before children, roots and siblings oldest first; each with the names of its children. */
export function orderTree(
  records: readonly SnapshotRecord[],
): { record: SnapshotRecord; children: string[] }[] {
  const byParent = new Map<string | undefined, SnapshotRecord[]>()
  const names = new Set(records.map((r) => r.name))
  for (const record of records) {
    // A parent that is not listed (metadata lost) makes the snapshot a root rather than hiding it.
    const parent = record.parent !== undefined && names.has(record.parent) ? record.parent : undefined
    const list = byParent.get(parent) ?? []
    list.push(record)
    byParent.set(parent, list)
  }
  for (const list of byParent.values())
    list.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.name.localeCompare(b.name))
  const out: { record: SnapshotRecord; children: string[] }[] = []
  const visit = (parent: string | undefined): void => {
    for (const record of byParent.get(parent) ?? []) {
      out.push({ record, children: (byParent.get(record.name) ?? []).map((r) => r.name) })
      visit(record.name)
    }
  }
  visit(undefined)
  return out
}

/** "9.0.0" → [9, 0, 0]; unknown parts are 0. */
export function parseVersion(version: string): [number, number, number] {
  const [a, b, c] = version.split('.').map((part) => Number.parseInt(part, 10))
  return [a ?? 0, b ?? 0, c ?? 0].map((n) => (Number.isFinite(n) ? n : 0)) as [number, number, number]
}

export function versionAtLeast(version: string, wanted: string): boolean {
  const have = parseVersion(version)
  const need = parseVersion(wanted)
  for (let i = 0; i < 3; i++) {
    if ((have[i] ?? 0) !== (need[i] ?? 0)) return (have[i] ?? 0) > (need[i] ?? 0)
  }
  return true
}

/** `virsh version --daemon` → the daemon's libvirt version (the library's when no daemon is named). */
export function libvirtVersionFrom(output: string): string | undefined {
  const daemon = /Running against daemon:\s*(\d+\.\d+\.\d+)/.exec(output)?.[1]
  return daemon ?? /Using library:\s*libvirt\s+(\d+\.\d+\.\d+)/.exec(output)?.[1]
}
