import type { Host } from '../host/host.js'
import { attr, find, findAll, parseXml, root } from '../libvirt/xml/index.js'

/**
 * Which running libvirt domains hold one of the card's functions (a `<hostdev type='pci'>` with
 * that source address): rebinding the card under them would crash the guest, so the plan says so.
 */

const num = (value: string | undefined): number =>
  value === undefined ? -1 : value.startsWith('0x') ? Number.parseInt(value, 16) : Number(value)

/** PCI addresses (`0000:01:00.0`) a domain's XML passes through. */
export function hostdevAddresses(domainXml: string): string[] {
  const domain = root(parseXml(domainXml))
  const out: string[] = []
  for (const hostdev of findAll(domain, "devices/hostdev[@type='pci']")) {
    const a = find(hostdev, 'source/address')
    if (a === undefined) continue
    const [d, b, s, f] = ['domain', 'bus', 'slot', 'function'].map((n) => num(attr(a, n)))
    if ([d, b, s, f].some((v) => v === undefined || v < 0 || Number.isNaN(v))) continue
    out.push(
      `${(d ?? 0).toString(16).padStart(4, '0')}:${(b ?? 0).toString(16).padStart(2, '0')}:${(s ?? 0).toString(16).padStart(2, '0')}.${(f ?? 0).toString(16)}`,
    )
  }
  return out
}

/** Running domains using any of `addresses`, by name; an error text when libvirt cannot be asked. */
export async function runningVmsUsing(
  host: Host,
  uri: string,
  addresses: readonly string[],
): Promise<{ vms: string[] } | { error: string }> {
  try {
    const list = await host.exec('virsh', ['-c', uri, 'list', '--name', '--state-running'], {
      timeoutMs: 30_000,
    })
    if (list.code !== 0) return { error: list.stderr.trim() || `virsh exited with ${String(list.code)}` }
    const vms: string[] = []
    for (const name of list.stdout.split('\n').filter((l) => l.trim() !== '')) {
      const xml = await host.exec('virsh', ['-c', uri, 'dumpxml', '--', name], { timeoutMs: 30_000 })
      if (xml.code !== 0) continue
      if (hostdevAddresses(xml.stdout).some((a) => addresses.includes(a))) vms.push(name)
    }
    return { vms }
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) }
  }
}
