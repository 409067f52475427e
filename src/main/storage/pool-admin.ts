import { AppError } from '@shared/errors.js'
import { POOL_KINDS, POOL_KIND_WORDS, poolSpecSchema } from '@shared/pool-create.js'
import type { PoolKind, PoolKindOffer, PoolPreview, PoolSpec, PoolSpecParsed } from '@shared/pool-create.js'
import type { LibvirtConnection } from '../libvirt/libvirt-connection.js'
import { StorageService } from '../libvirt/storage.js'
import { attr, findAll, parseXml, root } from '../libvirt/xml/index.js'
import { poolXml } from './pool-xml.js'
import { allDiskReferences, describeUsers } from './volume-users.js'
import type { DiskReference } from './volume-users.js'

export interface CreatePoolOptions {
  build?: boolean
  start?: boolean
  autostart?: boolean
}

/** Creating (define, build, start, autostart) and deleting storage pools, as the host's libvirt supports them. */
export class PoolAdmin {
  private readonly storage: StorageService

  constructor(private readonly conn: LibvirtConnection) {
    this.storage = new StorageService(conn)
  }

  /** The kinds VirtDeck offers, each with whether this host's libvirt has its backend (`pool-capabilities`). */
  async kinds(): Promise<PoolKindOffer[]> {
    let supported: Set<string>
    try {
      supported = parsePoolCapabilities(await this.conn.read(['pool-capabilities']))
    } catch {
      // Older libvirt (< 5.2) or the test driver: directories always work.
      supported = new Set(['dir'])
    }
    return POOL_KINDS.map((kind) => ({ kind, label: POOL_KIND_WORDS[kind], supported: supported.has(kind) }))
  }

  /** The XML that would be defined, and what the user should know first. Refuses a taken name. */
  async preview(input: PoolSpec): Promise<PoolPreview> {
    const spec = poolSpecSchema.parse(input)
    await this.assertSupported(spec.kind)
    const pools = await this.storage.listPools()
    if (pools.some((p) => p.name === spec.name))
      throw new AppError(
        'CONFLICT',
        `A storage pool named “${spec.name}” exists already on ${this.conn.where}`,
        {
          detail: 'Choose another name.',
        },
      )
    const notes: string[] = []
    const target = spec.kind === 'logical' ? `/dev/${spec.volumeGroup}` : spec.path
    const sharing = pools.find((p) => p.path === target)
    if (sharing !== undefined)
      notes.push(`The pool “${sharing.name}” uses ${target} too: both would list the same volumes.`)
    if (spec.kind === 'dir' || spec.kind === 'netfs') {
      const exists = await this.conn.host.exec('test', ['-d', spec.path], { timeoutMs: 10_000 })
      if (exists.code !== 0)
        notes.push(`${spec.path} does not exist yet on ${this.conn.where}: building the pool creates it.`)
    }
    if (spec.kind === 'logical' && spec.devices.length === 0)
      notes.push(
        `No devices given: the volume group “${spec.volumeGroup}” must exist already (building would have nothing to make it from).`,
      )
    if (spec.kind === 'logical' && spec.devices.length > 0)
      notes.push(`Building writes an LVM label on ${spec.devices.join(', ')}: whatever is on them is lost.`)
    if (spec.kind === 'netfs')
      notes.push(
        `Starting the pool mounts ${spec.server}:${spec.exportPath} on ${spec.path} (the host needs the NFS client, nfs-common).`,
      )
    if (spec.kind === 'iscsi')
      notes.push(`Starting the pool logs in to ${spec.target} on ${spec.server} (the host needs open-iscsi).`)
    return { xml: poolXml(spec), notes }
  }

  /** Defines the pool, then builds, starts and marks it autostart as asked. A pool that fails to build or start is not kept. */
  async create(input: PoolSpec, options: CreatePoolOptions = {}): Promise<void> {
    const spec = poolSpecSchema.parse(input)
    await this.preview(spec)
    const xml = poolXml(spec)
    await this.conn.audited(
      'pool.create',
      spec.name,
      async () => {
        await this.conn.withTempFile(xml, (path) => this.conn.run(['pool-define', '--file', path]))
        try {
          // iSCSI pools cannot be built: the target is made on the server.
          if (options.build !== false && spec.kind !== 'iscsi') await this.build(spec)
          if (options.start !== false) await this.conn.run(['pool-start', '--pool', spec.name])
          if (options.autostart !== false) await this.conn.run(['pool-autostart', '--pool', spec.name])
        } catch (error) {
          await this.conn.run(['pool-undefine', '--pool', spec.name]).catch(() => undefined)
          const reason = error instanceof Error ? error.message : String(error)
          throw new AppError(
            error instanceof AppError ? error.code : 'COMMAND_FAILED',
            `The pool “${spec.name}” could not be set up, so it was not kept: ${reason}`,
            {
              cause: error,
              ...(error instanceof AppError && error.detail !== undefined ? { detail: error.detail } : {}),
            },
          )
        }
      },
      `${spec.kind}`,
    )
  }

  /** Stops and undefines a pool (its volumes stay on disk); refuses while a VM uses one of its volumes. */
  async delete(name: string): Promise<void> {
    const pool = (await this.storage.listPools()).find((p) => p.name === name)
    if (pool === undefined)
      throw new AppError('NOT_FOUND', `There is no storage pool “${name}” on ${this.conn.where}`)
    const users = await this.usersOfPool(name, pool.path, pool.active)
    if (users.length > 0)
      throw new AppError(
        'CONFLICT',
        `The pool “${name}” cannot be deleted while VMs use its volumes: ${describeUsers(users)}`,
        { detail: 'Remove those disks from the VMs (or delete the VMs) first, then delete the pool.' },
      )
    await this.conn.audited('pool.delete', name, async () => {
      if (pool.active) await this.conn.run(['pool-destroy', '--pool', name])
      if (pool.persistent) await this.conn.run(['pool-undefine', '--pool', name])
    })
  }

  /** Disks of any VM in this pool: named by pool, by a volume's path, or by a path under the pool's directory. */
  async usersOfPool(name: string, path: string | undefined, active: boolean): Promise<DiskReference[]> {
    const [refs, volumes] = await Promise.all([
      allDiskReferences(this.conn),
      active ? this.storage.listVolumes(name) : Promise.resolve([]),
    ])
    const paths = new Set(volumes.map((v) => v.path).filter((p) => p !== ''))
    const prefix = path === undefined || path === '/' ? undefined : `${path.replace(/\/+$/, '')}/`
    return refs.filter(
      (r) =>
        r.pool === name ||
        (r.path !== undefined && (paths.has(r.path) || (prefix !== undefined && r.path.startsWith(prefix)))),
    )
  }

  private async build(spec: PoolSpecParsed): Promise<void> {
    const args = ['pool-build', '--pool', spec.name]
    // A volume group that exists already needs no build (and building would fail on it).
    if (spec.kind === 'logical' && spec.devices.length === 0) return
    await this.conn.run(spec.kind === 'dir' || spec.kind === 'netfs' ? args : [...args, '--no-overwrite'])
  }

  private async assertSupported(kind: PoolKind): Promise<void> {
    const offer = (await this.kinds()).find((k) => k.kind === kind)
    if (offer?.supported !== true)
      throw new AppError(
        'UNSUPPORTED',
        `${POOL_KIND_WORDS[kind]} pools are not supported by libvirt on ${this.conn.where}`,
        {
          detail: 'Install the libvirt storage backend for it (on Debian: libvirt-daemon-driver-storage-…).',
        },
      )
  }
}

/** Pool types with supported='yes' in `virsh pool-capabilities`. */
export function parsePoolCapabilities(xml: string): Set<string> {
  const supported = new Set<string>()
  for (const pool of findAll(root(parseXml(xml)), 'pool')) {
    const type = attr(pool, 'type')
    if (type !== undefined && attr(pool, 'supported') === 'yes') supported.add(type)
  }
  return supported
}
