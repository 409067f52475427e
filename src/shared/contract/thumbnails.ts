import type { VmThumbnail } from '../thumbnails.js'
import { thumbnailInput } from '../thumbnails.js'
import { call } from './define.js'

/** Pictures of running VMs’ screens. */
export const thumbnailsChannels = {
  /** A small picture of a running VM's screen (PNG data URL), or why there is none. */
  'thumbnails.get': call<VmThumbnail>()(thumbnailInput),
} as const
