/** IPv4/IPv6 arithmetic for network fields: parse, subnets, ranges, overlaps. Pure; shared by main and renderer. */

export function parseIpv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim())
  if (m === null) return undefined
  const parts = m.slice(1).map(Number)
  if (parts.some((p) => p > 255)) return undefined
  return parts.reduce((acc, p) => acc * 256 + p, 0)
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.')
}

export interface Ipv4Subnet {
  network: number
  prefix: number
}

export function ipv4Subnet(address: number, prefix: number): Ipv4Subnet {
  const size = 2 ** (32 - prefix)
  return { network: Math.floor(address / size) * size, prefix }
}

export function ipv4Contains(subnet: Ipv4Subnet, address: number): boolean {
  return address >= subnet.network && address < subnet.network + 2 ** (32 - subnet.prefix)
}

export function ipv4Overlap(a: Ipv4Subnet, b: Ipv4Subnet): boolean {
  const wider = a.prefix <= b.prefix ? a : b
  const narrower = wider === a ? b : a
  return ipv4Contains(wider, narrower.network)
}

export function formatSubnet(s: Ipv4Subnet): string {
  return `${formatIpv4(s.network)}/${s.prefix}`
}

/** 255.255.255.0 → 24; undefined for a mask that is not contiguous ones. */
export function netmaskToPrefix(mask: string): number | undefined {
  const value = parseIpv4(mask)
  if (value === undefined) return undefined
  for (let prefix = 0; prefix <= 32; prefix++) {
    if (value === 2 ** 32 - 2 ** (32 - prefix)) return prefix
  }
  return undefined
}

/** Expands an IPv6 address to 8 groups; undefined when it is not one. */
export function parseIpv6(text: string): number[] | undefined {
  const s = text.trim().toLowerCase()
  if (!/^[0-9a-f:]+$/.test(s) || s.length < 2) return undefined
  const halves = s.split('::')
  if (halves.length > 2) return undefined
  const groups = (part: string | undefined): number[] | undefined => {
    if (part === undefined || part === '') return []
    const out: number[] = []
    for (const g of part.split(':')) {
      if (!/^[0-9a-f]{1,4}$/.test(g)) return undefined
      out.push(parseInt(g, 16))
    }
    return out
  }
  const head = groups(halves[0])
  const tail = groups(halves[1])
  if (head === undefined || tail === undefined) return undefined
  if (halves.length === 1) return head.length === 8 ? head : undefined
  if (head.length + tail.length > 7) return undefined
  return [...head, ...Array<number>(8 - head.length - tail.length).fill(0), ...tail]
}

/** Whether two IPv6 addresses share the first `prefix` bits. */
export function ipv6SamePrefix(a: number[], b: number[], prefix: number): boolean {
  for (let bit = 0; bit < prefix; bit += 16) {
    const take = Math.min(16, prefix - bit)
    const mask = (0xffff << (16 - take)) & 0xffff
    if (((a[bit / 16] ?? 0) & mask) !== ((b[bit / 16] ?? 0) & mask)) return false
  }
  return true
}

/** Compares IPv6 addresses group by group. */
export function compareIpv6(a: number[], b: number[]): number {
  for (let i = 0; i < 8; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}
