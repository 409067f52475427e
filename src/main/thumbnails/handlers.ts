import type { Handlers } from '../ipc/router.js'
import type { ThumbnailService } from './thumbnail-service.js'

export function thumbnailHandlers(thumbnails: ThumbnailService): Pick<Handlers, 'thumbnails.get'> {
  return {
    'thumbnails.get': async ({ hostId, uuid, maxWidth }) => thumbnails.get(hostId, uuid, maxWidth),
  }
}
