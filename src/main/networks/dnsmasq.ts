import type { Host } from '../host/host.js'

/** Where distributions install dnsmasq (libvirt runs it by absolute path; sbin is often not in an SSH PATH). */
export const DNSMASQ_PATHS = [
  '/usr/sbin/dnsmasq',
  '/usr/bin/dnsmasq',
  '/sbin/dnsmasq',
  '/usr/local/sbin/dnsmasq',
]

/** Whether the host can run dnsmasq, which libvirt needs for every network with an address. */
export async function hasDnsmasq(host: Host, paths: readonly string[] = DNSMASQ_PATHS): Promise<boolean> {
  for (const path of paths) {
    const result = await host.exec('test', ['-x', path], { timeoutMs: 10_000 }).catch(() => undefined)
    if (result?.code === 0) return true
  }
  return false
}
