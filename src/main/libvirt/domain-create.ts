import { AppError } from '@shared/errors.js'
import type { WorkProgress } from '@shared/vms.js'
import type {
  CreatePreview,
  CreateResult,
  CreateVmSpec,
  CreateVmSpecParsed,
  HostVmCapabilities,
} from '@shared/vm-create.js'
import type { StorageVolume } from '@shared/storage.js'
import { createVmSpecSchema } from '@shared/vm-create.js'
import { hostVmCapabilities } from './capabilities.js'
import type { NewDomain } from './domain-builder.js'
import { buildDomainXml } from './domain-builder.js'
import type { LibvirtConnection } from './libvirt-connection.js'
import { StorageService } from './storage.js'
import { parseKeyValues } from './virsh-parse.js'
import { attr, find, parseXml, root, text } from './xml/index.js'

export interface CreateOptions {
  /** Start the VM once defined. */
  start?: boolean
  /** Cancels while the disk is being created (the partial disk is removed). */
  signal?: AbortSignal
  onProgress?: (progress: WorkProgress) => void
}

export type { CreatePreview, CreateResult } from '@shared/vm-create.js'

interface Plan {
  domain: NewDomain
  newVolume?: CreatePreview['newVolume'] & { path?: string }
}

const GiB = 1024 ** 3

/**
 * "Create a VM": a spec (name, install media, memory, vCPUs, new disk, firmware, machine, network)
 * checked against the host (capabilities, pools, networks, files), shown as XML, then made: the
 * disk first (qcow2, metadata preallocated, with progress and cancel), then `define`, then start.
 * A failure after the disk was made removes the disk again.
 */
export class DomainCreator {
  private readonly storage: StorageService

  constructor(private readonly conn: LibvirtConnection) {
    this.storage = new StorageService(conn)
  }

  capabilities(options: { machine?: string; virtType?: string } = {}): Promise<HostVmCapabilities> {
    return hostVmCapabilities(this.conn, options)
  }

  async previewCreate(input: CreateVmSpec): Promise<CreatePreview> {
    const plan = await this.plan(parseSpec(input))
    return {
      xml: buildDomainXml(plan.domain),
      ...(plan.newVolume === undefined ? {} : { newVolume: withoutPath(plan.newVolume) }),
    }
  }

  async create(input: CreateVmSpec, options: CreateOptions = {}): Promise<CreateResult> {
    const spec = parseSpec(input)
    const progress = options.onProgress
    return this.conn.audited('domain.create', spec.name, async () => {
      progress?.({ phase: 'Checking the host' })
      const plan = await this.plan(spec)
      let volume: StorageVolume | undefined
      if (plan.newVolume !== undefined) {
        const v = plan.newVolume
        volume = await this.storage.createVolume(
          v.pool,
          {
            name: v.name,
            capacityBytes: v.capacityBytes,
            format: v.format === 'raw' ? 'raw' : 'qcow2',
            preallocation:
              v.preallocation === 'full' ? 'full' : v.preallocation === 'off' ? 'off' : 'metadata',
          },
          {
            ...(options.signal === undefined ? {} : { signal: options.signal }),
            ...(progress === undefined ? {} : { onProgress: progress }),
          },
        )
        plan.domain.disk = {
          path: volume.path,
          format: volume.format ?? v.format,
          device: volume.type === 'block' ? 'block' : 'file',
        }
      }
      const xml = buildDomainXml(plan.domain)
      try {
        if (options.signal?.aborted === true)
          throw new AppError('CANCELLED', `Creating “${spec.name}” was cancelled`)
        progress?.({ phase: 'Defining the VM' })
        await this.conn.withTempFile(xml, (path) => this.conn.run(['define', '--file', path, '--validate']))
      } catch (error) {
        if (volume !== undefined)
          await this.conn
            .run(['vol-delete', '--pool', volume.pool, '--vol', volume.name])
            .catch(() => undefined)
        throw error
      }
      const uuid = (await this.conn.read(['domuuid', '--domain', spec.name])).trim()
      const result: CreateResult = {
        name: spec.name,
        uuid,
        xml,
        started: false,
        ...(volume === undefined ? {} : { volume }),
      }
      if (options.start === true) {
        progress?.({ phase: 'Starting the VM' })
        try {
          await this.conn.run(['start', '--domain', uuid], { timeoutMs: 120_000 })
          result.started = true
        } catch (error) {
          result.startError = error instanceof Error ? error.message : String(error)
        }
      }
      return result
    })
  }

  private async plan(spec: CreateVmSpecParsed): Promise<Plan> {
    const exists = await this.conn.read(['domuuid', '--domain', spec.name]).then(
      () => true,
      (error: unknown) => {
        if (error instanceof AppError && error.code === 'NOT_FOUND') return false
        throw error
      },
    )
    if (exists)
      throw new AppError('CONFLICT', `A VM named “${spec.name}” already exists on ${this.conn.where}`)
    const caps = await hostVmCapabilities(this.conn, {
      ...(spec.machine === undefined ? {} : { machine: spec.machine }),
      ...(spec.virtType === undefined ? {} : { virtType: spec.virtType }),
    })
    if (spec.virtType !== undefined && caps.virtType !== spec.virtType) {
      throw new AppError(
        'UNSUPPORTED',
        `${spec.virtType === 'kvm' ? 'KVM acceleration' : 'QEMU emulation'} is not available on ${this.conn.where}`,
        { detail: `Offered: ${caps.virtTypes.join(', ')}` },
      )
    }
    if (spec.machine !== undefined && caps.machines.length > 0 && !caps.machines.includes(spec.machine)) {
      throw new AppError(
        'INVALID_INPUT',
        `The machine type “${spec.machine}” is not offered on ${this.conn.where}`,
        { detail: `Offered: ${caps.machines.join(', ')}` },
      )
    }
    const domain: NewDomain = {
      name: spec.name,
      virtType: caps.virtType,
      arch: caps.arch,
      memoryMiB: spec.memoryMiB,
      vcpus: spec.vcpus,
      cpuMode: spec.cpuMode,
      firmware: this.firmware(spec, caps),
      network: spec.network,
      ...(caps.defaultMachine === '' ? {} : { machine: caps.defaultMachine }),
      ...(spec.osId === undefined ? {} : { osId: spec.osId }),
      ...(spec.diskBus === undefined ? {} : { diskBus: spec.diskBus }),
      ...(spec.nicModel === undefined ? {} : { nicModel: spec.nicModel }),
    }
    if (spec.network.kind === 'network') await this.requireNetwork(spec.network.name)
    const install = spec.install
    if (install.kind === 'iso') {
      await this.requireFile(install.path, 'ISO image')
      domain.cdrom = install.path
    } else if (install.kind === 'iso-volume') {
      domain.cdrom = (
        await this.conn
          .read(['vol-path', '--pool', install.pool, '--vol', install.volume])
          .catch((error: unknown) => {
            if (error instanceof AppError && error.code === 'NOT_FOUND')
              throw new AppError(
                'INVALID_INPUT',
                `There is no volume “${install.volume}” in pool “${install.pool}” on ${this.conn.where}`,
              )
            throw error
          })
      ).trim()
    } else if (install.kind === 'import') {
      const device = await this.requireFile(install.path, 'disk image')
      domain.disk = {
        path: install.path,
        format: install.format ?? (await this.detectFormat(install.path)),
        device,
      }
    }
    const plan: Plan = { domain }
    if (install.kind !== 'import' && spec.disk !== undefined) {
      const pool = await this.poolTarget(spec.disk.pool)
      const name = await this.freeVolumeName(spec.disk.pool, `${spec.name}.${spec.disk.format}`)
      const capacityBytes = Math.round(spec.disk.sizeGiB * GiB)
      plan.newVolume = {
        pool: spec.disk.pool,
        name,
        capacityBytes,
        format: spec.disk.format,
        preallocation: spec.disk.preallocation,
      }
      if (pool.path !== undefined && ['dir', 'fs', 'netfs'].includes(pool.type)) {
        plan.newVolume.path = `${pool.path.replace(/\/+$/, '')}/${name}`
        domain.disk = { path: plan.newVolume.path, format: spec.disk.format, device: 'file' }
      } else {
        domain.disk = { path: `${spec.disk.pool}/${name}`, format: spec.disk.format, device: 'file' }
      }
    }
    return plan
  }

  private firmware(spec: CreateVmSpecParsed, caps: HostVmCapabilities): NewDomain['firmware'] {
    if (spec.firmware === 'bios') return { kind: 'bios' }
    if (!caps.uefi) {
      throw new AppError('UNSUPPORTED', `UEFI firmware (OVMF) is not available on ${this.conn.where}`, {
        detail: 'Install the OVMF package (ovmf on Debian/Ubuntu, edk2-ovmf on Fedora), or choose BIOS.',
      })
    }
    const secureBoot = spec.secureBoot
    if (caps.firmwareAutoselect) return { kind: 'efi-auto', secureBoot }
    const secure = (l: string): boolean => /secboot|secure|\.ms\./i.test(l)
    const loader =
      caps.loaders.find((l) => /OVMF_CODE|edk2-x86_64/i.test(l) && secure(l) === secureBoot) ??
      caps.loaders[0]
    if (loader === undefined)
      throw new AppError('UNSUPPORTED', `No UEFI loader is offered on ${this.conn.where}`)
    return { kind: 'efi-loader', loader, secureBoot }
  }

  private async requireNetwork(name: string): Promise<void> {
    await this.conn.read(['net-info', '--network', name]).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'NOT_FOUND')
        throw new AppError('INVALID_INPUT', `There is no virtual network “${name}” on ${this.conn.where}`)
      throw error
    })
  }

  /** The file exists on the host (a regular file or a block device). */
  private async requireFile(path: string, what: string): Promise<'file' | 'block'> {
    const file = await this.conn.host.exec('test', ['-f', path], { timeoutMs: 15_000 })
    if (file.code === 0) return 'file'
    const block = await this.conn.host.exec('test', ['-b', path], { timeoutMs: 15_000 })
    if (block.code === 0) return 'block'
    throw new AppError('INVALID_INPUT', `There is no ${what} ${path} on ${this.conn.where}`)
  }

  /** qemu-img's answer when it is installed, else the file name's. */
  private async detectFormat(path: string): Promise<string> {
    try {
      const result = await this.conn.host.exec('qemu-img', ['info', '--output=json', '-U', path], {
        timeoutMs: 30_000,
      })
      const format =
        result.code === 0 ? (JSON.parse(result.stdout) as { format?: unknown }).format : undefined
      if (typeof format === 'string' && /^[a-z0-9]+$/.test(format)) return format
    } catch {
      // No qemu-img there.
    }
    return /\.qcow2$/i.test(path) ? 'qcow2' : 'raw'
  }

  private async poolTarget(pool: string): Promise<{ type: string; path?: string }> {
    const [xml, info] = await Promise.all([
      this.conn.read(['pool-dumpxml', '--pool', pool]),
      this.conn.read(['pool-info', '--pool', pool]),
    ]).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'NOT_FOUND')
        throw new AppError('INVALID_INPUT', `There is no storage pool “${pool}” on ${this.conn.where}`)
      throw error
    })
    if (parseKeyValues(info).get('State') !== 'running') {
      throw new AppError('CONFLICT', `The storage pool “${pool}” is not active`, {
        detail: 'Start the pool first.',
      })
    }
    const doc = root(parseXml(xml))
    const pathEl = find(doc, 'target/path')
    const path = pathEl === undefined ? undefined : text(pathEl)?.trim()
    return { type: attr(doc, 'type') ?? 'dir', ...(path === undefined ? {} : { path }) }
  }

  private async freeVolumeName(pool: string, wanted: string): Promise<string> {
    const dot = wanted.lastIndexOf('.')
    const base = dot > 0 ? wanted.slice(0, dot) : wanted
    const ext = dot > 0 ? wanted.slice(dot) : ''
    for (let i = 0; i < 50; i++) {
      const name = i === 0 ? wanted : `${base}-${i}${ext}`
      const taken = await this.conn.read(['vol-info', '--pool', pool, '--vol', name]).then(
        () => true,
        () => false,
      )
      if (!taken) return name
    }
    throw new AppError('CONFLICT', `Pool “${pool}” already has volumes named ${wanted} and 49 variants`)
  }
}

function parseSpec(input: CreateVmSpec): CreateVmSpecParsed {
  const parsed = createVmSpecSchema.safeParse(input)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new AppError('INVALID_INPUT', issue?.message ?? 'The VM description is not valid', {
      detail: parsed.error.issues.map((i) => `${i.path.join('.') || 'spec'}: ${i.message}`).join('\n'),
    })
  }
  return parsed.data
}

function withoutPath(volume: NonNullable<Plan['newVolume']>): NonNullable<CreatePreview['newVolume']> {
  return {
    pool: volume.pool,
    name: volume.name,
    capacityBytes: volume.capacityBytes,
    format: volume.format,
    preallocation: volume.preallocation,
  }
}
