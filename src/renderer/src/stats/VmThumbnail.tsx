import { Box, Image, Text, Tooltip } from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import type { JSX } from 'react'
import { useEffect, useRef, useState } from 'react'
import type { AppError } from '@shared/errors.js'
import type { VmThumbnail as Thumbnail } from '@shared/thumbnails.js'
import type { DomainSummary } from '@shared/vms.js'
import { invoke } from '../api/virtdeck'

/** How often a visible running VM's picture is taken again: slow on purpose (a screenshot is not free). */
export const THUMBNAIL_REFRESH_MS = 12_000
const WIDTH = 64
const HEIGHT = 36

/** True while the element is on screen (rows scrolled out of the list's view stop refreshing). */
function useOnScreen(): [React.RefObject<HTMLDivElement | null>, boolean] {
  const ref = useRef<HTMLDivElement>(null)
  const [visible, setVisible] = useState(false)
  useEffect(() => {
    const el = ref.current
    if (el === null) return undefined
    const observer = new IntersectionObserver((entries) => {
      for (const entry of entries) setVisible(entry.isIntersecting)
    })
    observer.observe(el)
    return () => observer.disconnect()
  }, [])
  return [ref, visible]
}

/** A VM's screen, small, in the VM list: refreshed every 12 s while the row is visible and the VM runs. */
export function VmThumbnail({ vm }: { vm: DomainSummary }): JSX.Element {
  const [ref, visible] = useOnScreen()
  const running = vm.state === 'running' || vm.state === 'paused'
  const shot = useQuery<Thumbnail, AppError>({
    queryKey: ['thumbnails.get', vm.hostId, vm.uuid],
    // Twice the shown size: sharp on high-density screens.
    queryFn: () => invoke('thumbnails.get', { hostId: vm.hostId, uuid: vm.uuid, maxWidth: WIDTH * 2 }),
    enabled: visible && running,
    refetchInterval: visible && running ? THUMBNAIL_REFRESH_MS : false,
    staleTime: THUMBNAIL_REFRESH_MS,
    retry: false,
  })
  const image = running && shot.data?.kind === 'image' ? shot.data : undefined
  const why = !running
    ? `${vm.name} is not running`
    : shot.data?.kind === 'none'
      ? shot.data.message
      : shot.error !== null
        ? `No picture: ${shot.error.message}`
        : 'Taking a picture…'
  return (
    <Box ref={ref} w={WIDTH} h={HEIGHT} style={{ borderRadius: 3, overflow: 'hidden' }} bg="dark.6">
      {image !== undefined ? (
        <Image
          src={image.dataUrl}
          w={WIDTH}
          h={HEIGHT}
          fit="contain"
          alt={`Screen of ${vm.name}`}
          data-testid="vm-thumbnail"
        />
      ) : (
        <Tooltip label={why}>
          <Box
            w={WIDTH}
            h={HEIGHT}
            role="img"
            aria-label={why}
            style={{ display: 'grid', placeItems: 'center' }}
          >
            <Text size="xs" c="gray.5" aria-hidden>
              {running ? '…' : 'off'}
            </Text>
          </Box>
        </Tooltip>
      )}
    </Box>
  )
}
