import { z } from 'zod'
import { hostIdSchema as hostId, objectNameSchema as objectName } from './libvirt-names.js'

/** Virtual networks on libvirt: what main returns, and the inputs of the networks.* channels. */

export interface VirtualNetwork {
  hostId: string
  name: string
  uuid: string
  active: boolean
  persistent: boolean
  autostart: boolean
  bridge?: string
  /** nat, route, bridge, open, isolated (no <forward>), … */
  forwardMode: string
  dhcpRanges: { start: string; end: string }[]
  ipAddress?: string
}

export const networkInput = z.object({ hostId, name: objectName }).strict()
export const networkAutostartInput = networkInput.extend({ enabled: z.boolean() }).strict()
