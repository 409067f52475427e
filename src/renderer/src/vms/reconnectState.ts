import type { HostConnectionState } from '@shared/hosts.js'
import type { LibvirtConnectionState } from '@shared/vms.js'

export interface ReconnectView {
  reason: string | undefined
  attempt: number | undefined
  /** The SSH link itself is down: "Retry now" reconnects the host. */
  hostDown: boolean
}

/**
 * What the libvirt banner says while reconnecting. When the host's own connection is down, libvirt
 * cannot come back before it: the host's reason and attempt are the ones that matter, and the same
 * numbers as the sidebar's.
 */
export function reconnectView(
  libvirt: LibvirtConnectionState | undefined,
  host: HostConnectionState | undefined,
): ReconnectView | undefined {
  if (libvirt?.status !== 'reconnecting') return undefined
  if (host !== undefined && host.status === 'connecting' && host.attempt !== undefined)
    return { reason: host.reason, attempt: host.attempt, hostDown: true }
  return { reason: libvirt.reason, attempt: libvirt.attempt, hostDown: false }
}
