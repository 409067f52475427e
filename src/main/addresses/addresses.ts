import { AppError } from '@shared/errors.js'
import { ADDRESS_SOURCES } from '@shared/addresses.js'
import type { AddressSource, VmAddress, VmAddresses } from '@shared/addresses.js'
import type { LibvirtConnection } from '../libvirt/libvirt-connection.js'
import { parseUuidNames } from '../libvirt/virsh-parse.js'

/**
 * Each running VM's addresses by `virsh domifaddr`, from every source that answers: libvirt's DHCP
 * leases, the guest agent (where it runs in the guest), the host's ARP table. One batch per source.
 */
export class VmAddressService {
  constructor(private readonly conn: LibvirtConnection) {}

  async all(): Promise<VmAddresses[]> {
    const running = parseUuidNames(await this.conn.read(['list', '--state-running', '--uuid', '--name']))
    if (running.length === 0) return []
    const found = running.map(() => [] as VmAddress[])
    for (const source of ADDRESS_SOURCES) {
      const batch = await this.conn.readBatch(
        running.map((d) => ['domifaddr', '--domain', d.uuid, '--source', source]),
      )
      batch.outputs.forEach((out, i) => {
        // A source that does not answer (no agent, not running any more) leaves an empty output.
        const list = found[i]
        if (list === undefined || out === undefined) return
        for (const a of parseDomifaddr(out, source))
          if (!list.some((b) => b.address === a.address && b.mac === a.mac)) list.push(a)
      })
    }
    return running.map((d, i) => ({ name: d.name, uuid: d.uuid, addresses: found[i] ?? [] }))
  }

  /** One VM's addresses (empty while it does not run). */
  async of(name: string): Promise<VmAddress[]> {
    const addresses: VmAddress[] = []
    for (const source of ADDRESS_SOURCES) {
      let out: string
      try {
        out = await this.conn.read(['domifaddr', '--domain', name, '--source', source])
      } catch (error) {
        if (error instanceof AppError && error.code === 'NOT_FOUND')
          throw new AppError('NOT_FOUND', `There is no VM “${name}” on ${this.conn.where}`)
        continue // Not running, or no guest agent: the other sources may still say.
      }
      for (const a of parseDomifaddr(out, source))
        if (!addresses.some((b) => b.address === a.address && b.mac === a.mac)) addresses.push(a)
    }
    return addresses
  }
}

/**
 * `virsh domifaddr` rows: " vnet0  52:54:00:..  ipv4  192.168.122.85/24"; further addresses of the
 * same interface have "-" in the name and MAC columns.
 */
export function parseDomifaddr(text: string, source: AddressSource): VmAddress[] {
  const out: VmAddress[] = []
  let iface = ''
  let mac = ''
  for (const line of text.split('\n')) {
    const cells = line.trim().split(/\s+/)
    if (cells.length !== 4) continue
    const [name, hw, family, address] = cells as [string, string, string, string]
    if (family !== 'ipv4' && family !== 'ipv6') continue
    if (name !== '-') iface = name
    if (hw !== '-') mac = hw
    out.push({ interface: iface, mac, family, address, source })
  }
  return out
}
