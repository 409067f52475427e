import { AppError } from '@shared/errors.js'
import type { OsCatalog, OsEntry, OsRecommendation } from '@shared/osinfo.js'
import type { Host } from '../host/host.js'
import type { OsFacts } from './osinfo-db.js'
import { diskBusFor, nicModelFor, parseOsFile, parseOsQuery } from './osinfo-db.js'

const OS_DIR = '/usr/share/osinfo/os'

export const INSTALL_HINT =
  'Install libosinfo for the full list and its recommended memory and disk: libosinfo-bin and osinfo-db (Debian, Ubuntu), libosinfo (Fedora, Arch, openSUSE).'

/** A short list for hosts without libosinfo: ids as libosinfo spells them, values from its database. */
export const FALLBACK_OSES: (OsEntry & Omit<OsRecommendation, 'source' | 'shortId' | 'id' | 'name'>)[] = [
  {
    shortId: 'ubuntu24.04',
    id: 'http://ubuntu.com/ubuntu/24.04',
    name: 'Ubuntu 24.04 LTS',
    version: '24.04',
    family: 'linux',
    vendor: 'Canonical Ltd',
    memoryMiB: 4096,
    diskGiB: 25,
    diskBus: 'virtio',
    nicModel: 'virtio',
  },
  {
    shortId: 'ubuntu22.04',
    id: 'http://ubuntu.com/ubuntu/22.04',
    name: 'Ubuntu 22.04 LTS',
    version: '22.04',
    family: 'linux',
    vendor: 'Canonical Ltd',
    memoryMiB: 4096,
    diskGiB: 25,
    diskBus: 'virtio',
    nicModel: 'virtio',
  },
  {
    shortId: 'debian12',
    id: 'http://debian.org/debian/12',
    name: 'Debian 12',
    version: '12',
    family: 'linux',
    vendor: 'Debian Project',
    memoryMiB: 1024,
    diskGiB: 20,
    diskBus: 'virtio',
    nicModel: 'virtio',
  },
  {
    shortId: 'debian11',
    id: 'http://debian.org/debian/11',
    name: 'Debian 11',
    version: '11',
    family: 'linux',
    vendor: 'Debian Project',
    memoryMiB: 1024,
    diskGiB: 20,
    diskBus: 'virtio',
    nicModel: 'virtio',
  },
  {
    shortId: 'fedora40',
    id: 'http://fedoraproject.org/fedora/40',
    name: 'Fedora Linux 40',
    version: '40',
    family: 'linux',
    vendor: 'Fedora Project',
    memoryMiB: 2048,
    diskGiB: 20,
    diskBus: 'virtio',
    nicModel: 'virtio',
  },
  {
    shortId: 'rhel9.4',
    id: 'http://redhat.com/rhel/9.4',
    name: 'Red Hat Enterprise Linux 9.4',
    version: '9.4',
    family: 'linux',
    vendor: 'Red Hat, Inc',
    memoryMiB: 2048,
    diskGiB: 20,
    diskBus: 'virtio',
    nicModel: 'virtio',
  },
  {
    shortId: 'win11',
    id: 'http://microsoft.com/win/11',
    name: 'Microsoft Windows 11',
    version: '11',
    family: 'winnt',
    vendor: 'Microsoft Corporation',
    memoryMiB: 4096,
    diskGiB: 64,
    diskBus: 'sata',
    nicModel: 'e1000e',
  },
  {
    shortId: 'win10',
    id: 'http://microsoft.com/win/10',
    name: 'Microsoft Windows 10',
    version: '10.0',
    family: 'winnt',
    vendor: 'Microsoft Corporation',
    memoryMiB: 2048,
    diskGiB: 40,
    diskBus: 'sata',
    nicModel: 'e1000e',
  },
  {
    shortId: 'linux2022',
    id: 'http://libosinfo.org/linux/2022',
    name: 'Generic Linux 2022',
    version: '2022',
    family: 'linux',
    vendor: 'libosinfo',
    memoryMiB: 2048,
    diskGiB: 20,
    diskBus: 'virtio',
    nicModel: 'virtio',
  },
]

function entryOnly(e: (typeof FALLBACK_OSES)[number]): OsEntry {
  return {
    shortId: e.shortId,
    id: e.id,
    name: e.name,
    ...(e.version === undefined ? {} : { version: e.version }),
    ...(e.family === undefined ? {} : { family: e.family }),
    ...(e.vendor === undefined ? {} : { vendor: e.vendor }),
  }
}

/**
 * Where osinfo-db keeps an OS by its id, by the database's own convention
 * (http://debian.org/debian/10 → debian.org/debian-10.xml); undefined for ids that do not fit it.
 */
export function conventionalPath(id: string): string | undefined {
  const m = /^https?:\/\/([a-z0-9.-]+)\/([A-Za-z0-9._+/-]+)$/.exec(id)
  if (m?.[1] === undefined || m[2] === undefined || m[2].includes('..')) return undefined
  return `${OS_DIR}/${m[1]}/${m[2]
    .split('/')
    .filter((p) => p !== '')
    .join('-')}.xml`
}

/** The operating systems libosinfo knows on a host (osinfo-query and the osinfo-db XML, through the Host). */
export class OsinfoReader {
  constructor(private readonly host: Host) {}

  async catalog(): Promise<OsCatalog> {
    let output: string
    try {
      const result = await this.host.exec(
        'osinfo-query',
        ['os', '--fields=short-id,name,version,family,vendor,id'],
        { timeoutMs: 30_000 },
      )
      if (result.code !== 0)
        throw new AppError('COMMAND_FAILED', result.stderr.trim() || 'osinfo-query failed')
      output = result.stdout
    } catch (error) {
      if (error instanceof AppError && error.code === 'COMMAND_NOT_FOUND')
        return { source: 'fallback', entries: FALLBACK_OSES.map(entryOnly), installHint: INSTALL_HINT }
      throw error
    }
    const entries = parseOsQuery(output).sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }))
    return { source: 'libosinfo', entries }
  }

  /** The recommended resources and devices of one OS, inherited along derives-from/upgrades where it says nothing itself. */
  async recommend(shortId: string): Promise<OsRecommendation> {
    const first = await this.factsBy(`<short-id>${shortId}</short-id>`, (f) => f.shortIds.includes(shortId))
    if (first === undefined) {
      const fallback = FALLBACK_OSES.find((o) => o.shortId === shortId)
      if (fallback === undefined)
        throw new AppError('NOT_FOUND', `libosinfo does not know the OS “${shortId}”`, {
          detail: `Look it up with: osinfo-query os short-id=${shortId}`,
        })
      const { version: _v, family: _f, vendor: _vendor, ...rec } = fallback
      return { ...rec, source: 'VirtDeck’s fallback list (libosinfo is not installed)' }
    }
    let ramBytes = first.facts.ramBytes
    let storageBytes = first.facts.storageBytes
    let cpus = first.facts.cpus
    // libosinfo inherits devices along the chain (a union); resources only where the OS gives none.
    const devices = new Set(first.facts.devices)
    const seen = new Set([first.facts.id])
    let parents = first.facts.parents
    for (let hop = 0; hop < 40 && parents.length > 0; hop++) {
      const id = parents.find((p) => !seen.has(p))
      if (id === undefined) break
      seen.add(id)
      const parent =
        (await this.factsAt(conventionalPath(id), (f) => f.id === id)) ??
        (await this.factsBy(`<os id="${id}">`, (f) => f.id === id))
      if (parent === undefined) break
      ramBytes ??= parent.facts.ramBytes
      storageBytes ??= parent.facts.storageBytes
      cpus ??= parent.facts.cpus
      for (const d of parent.facts.devices) devices.add(d)
      parents = parent.facts.parents
    }
    const diskBus = diskBusFor([...devices])
    const nicModel = nicModelFor([...devices])
    return {
      shortId,
      id: first.facts.id,
      name: first.facts.name ?? shortId,
      ...(ramBytes === undefined ? {} : { memoryMiB: Math.round(ramBytes / 1024 / 1024) }),
      ...(storageBytes === undefined ? {} : { diskGiB: Math.ceil(storageBytes / 1024 ** 3) }),
      ...(cpus === undefined ? {} : { vcpus: cpus }),
      ...(diskBus === undefined ? {} : { diskBus }),
      ...(nicModel === undefined ? {} : { nicModel }),
      source: first.path,
    }
  }

  /** One osinfo-db file, when it exists and holds the OS `match` looks for. */
  private async factsAt(
    path: string | undefined,
    match: (facts: OsFacts) => boolean,
  ): Promise<{ path: string; facts: OsFacts } | undefined> {
    if (path === undefined) return undefined
    const result = await this.host.exec('cat', ['--', path], { timeoutMs: 10_000 })
    if (result.code !== 0) return undefined
    const facts = parseOsFile(result.stdout).find(match)
    return facts === undefined ? undefined : { path, facts }
  }

  /** The osinfo-db file holding `needle` (found with grep -F: the needle is an argument, never a pattern or shell), parsed. */
  private async factsBy(
    needle: string,
    match: (facts: OsFacts) => boolean,
  ): Promise<{ path: string; facts: OsFacts } | undefined> {
    const found = await this.host.exec('grep', ['-rlF', '--include=*.xml', '-e', needle, '--', OS_DIR], {
      timeoutMs: 30_000,
    })
    for (const path of found.stdout.split('\n').filter((p) => p.startsWith('/'))) {
      const hit = await this.factsAt(path, match)
      if (hit !== undefined) return hit
    }
    return undefined
  }
}
