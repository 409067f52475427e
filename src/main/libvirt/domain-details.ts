import { AppError } from '@shared/errors.js'
import type { DomainDetails, DomainDisk, DomainRef } from '@shared/vms.js'
import { domainNotFound, refTarget } from './domain-ref.js'
import { readDomainXml } from './domain-xml-read.js'
import type { LibvirtConnection } from './libvirt-connection.js'
import { parseKeyValues, parseYesNo, stateFromText } from './virsh-parse.js'

/**
 * A domain's details page: overview, disks (with sizes), NICs, graphics, host devices. Three calls
 * written at once: `dumpxml` (the live definition when running), `dominfo` (state, autostart,
 * persistence) and `domblkinfo --all` (the size of every disk in one call, running or not).
 */
export class DomainDetailsService {
  constructor(private readonly conn: LibvirtConnection) {}

  async details(ref: DomainRef): Promise<DomainDetails> {
    const target = refTarget(ref)
    let xml: string
    let info: string
    let sizes: string
    try {
      ;[xml, info, sizes] = await Promise.all([
        this.conn.read(['dumpxml', '--domain', target]),
        this.conn.read(['dominfo', '--domain', target]),
        // Sizes are a nicety: a disk whose file is missing makes domblkinfo fail.
        this.conn.read(['domblkinfo', '--domain', target, '--all']).catch((error: unknown) => {
          if (error instanceof AppError && (error.code === 'HOST_UNREACHABLE' || error.code === 'NOT_FOUND'))
            throw error
          return ''
        }),
      ])
    } catch (error) {
      throw domainNotFound(error, ref, this.conn.where)
    }
    const facts = readDomainXml(xml)
    const kv = parseKeyValues(info)
    const blk = parseBlkinfoTable(sizes)
    return {
      hostId: this.conn.hostId,
      uuid: facts.uuid,
      name: facts.name,
      state: stateFromText(kv.get('State')),
      persistent: parseYesNo(kv.get('Persistent')) ?? true,
      autostart: parseYesNo(kv.get('Autostart')) ?? false,
      overview: facts.overview,
      disks: facts.disks.map((disk) => withSize(disk, blk.get(disk.target))),
      nics: facts.nics,
      graphics: facts.graphics,
      hostdevs: facts.hostdevs,
    }
  }

  /** The domain's XML: the live one, or with `inactive` the persistent definition (what define replaces). */
  async xml(ref: DomainRef, options: { inactive?: boolean } = {}): Promise<string> {
    const args = ['dumpxml', '--domain', refTarget(ref)]
    if (options.inactive === true) args.push('--inactive')
    try {
      return await this.conn.read(args)
    } catch (error) {
      throw domainNotFound(error, ref, this.conn.where)
    }
  }
}

function withSize(
  disk: DomainDisk,
  size: { capacity?: number; allocation?: number } | undefined,
): DomainDisk {
  if (size === undefined) return disk
  return {
    ...disk,
    ...(size.capacity === undefined ? {} : { capacity: size.capacity }),
    ...(size.allocation === undefined ? {} : { allocation: size.allocation }),
  }
}

/**
 * `domblkinfo --all`:
 *    Target   Capacity   Allocation   Physical
 *   --------------------------------------------
 *    vda      10485760   200704       196616
 *    hdc      -          -            -
 */
export function parseBlkinfoTable(text: string): Map<string, { capacity?: number; allocation?: number }> {
  const out = new Map<string, { capacity?: number; allocation?: number }>()
  for (const line of text.split('\n')) {
    const words = line.trim().split(/\s+/)
    if (words.length !== 4 || words[0] === 'Target' || words[0] === undefined) continue
    const num = (w: string | undefined): number | undefined =>
      w !== undefined && /^\d+$/.test(w) ? Number(w) : undefined
    const capacity = num(words[1])
    const allocation = num(words[2])
    out.set(words[0], {
      ...(capacity === undefined ? {} : { capacity }),
      ...(allocation === undefined ? {} : { allocation }),
    })
  }
  return out
}
