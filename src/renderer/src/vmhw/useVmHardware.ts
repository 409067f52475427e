import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { UseQueryResult } from '@tanstack/react-query'
import { useEffect } from 'react'
import type { AppError } from '@shared/errors.js'
import type { HardwareView, HostDevice } from '@shared/vm-hardware.js'
import { useStreamingCall } from '../api/useStreamingCall'
import type { StreamingCall } from '../api/useStreamingCall'
import { invoke, queryKey, subscribe } from '../api/virtdeck'

/**
 * A VM's hardware, read again whenever libvirt says the VM changed (from VirtDeck or from outside),
 * so the tab never shows a definition older than the one an apply would check against.
 */
export function useVmHardware(
  hostId: string,
  vm: string,
  uuid: string,
): UseQueryResult<HardwareView, AppError> {
  const client = useQueryClient()
  const key = queryKey('vmhw.view', { hostId, vm })
  useEffect(
    () =>
      subscribe('vm.changed', (event) => {
        if (event.hostId !== hostId) return
        const change = event.change
        const mine =
          change.kind === 'resync' ||
          (change.kind === 'updated'
            ? change.domain.uuid === uuid
            : change.uuid === uuid || change.name === vm)
        if (mine) void client.invalidateQueries({ queryKey: ['vmhw.view', { hostId, vm }] })
      }),
    [client, hostId, vm, uuid],
  )
  return useQuery<HardwareView, AppError>({
    queryKey: key,
    queryFn: () => invoke('vmhw.view', { hostId, vm }),
  })
}

export function useHostDevices(hostId: string, enabled: boolean): UseQueryResult<HostDevice[], AppError> {
  return useQuery<HostDevice[], AppError>({
    queryKey: queryKey('vmhw.hostDevices', { hostId }),
    queryFn: () => invoke('vmhw.hostDevices', { hostId }),
    enabled,
  })
}

export function useHwPreview(): StreamingCall<'vmhw.preview'> {
  return useStreamingCall('vmhw.preview')
}

/** Applies a preview; every view (the VM, its XML and history, the Changes page) is read again. */
export function useHwApply(): StreamingCall<'vmhw.apply'> {
  const client = useQueryClient()
  return useStreamingCall('vmhw.apply', async () => {
    await client.invalidateQueries()
  })
}

export function useHwResize(): StreamingCall<'vmhw.resize'> {
  const client = useQueryClient()
  return useStreamingCall('vmhw.resize', async () => {
    await client.invalidateQueries()
  })
}
