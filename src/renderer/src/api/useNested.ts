import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { QueryClient, UseMutationResult, UseQueryResult } from '@tanstack/react-query'
import type { HostChangeRecord } from '@shared/changes.js'
import type { GuestCpuPlan, NestedStatus } from '@shared/nested.js'
import type { AppError } from '@shared/errors.js'
import type { NestedMethod, NestedPlan, XenNestedPlan } from '@shared/nested.js'
import { useStreamingCall } from './useStreamingCall'
import type { StreamingCall } from './useStreamingCall'
import { invoke, queryKey } from './virtdeck'

export function useNestedStatus(hostId: string): UseQueryResult<NestedStatus, AppError> {
  return useQuery<NestedStatus, AppError>({
    queryKey: queryKey('nested.status', { hostId }),
    queryFn: () => invoke('nested.status', { hostId }),
  })
}

export function useNestedChanges(hostId: string): UseQueryResult<HostChangeRecord[], AppError> {
  return useQuery<HostChangeRecord[], AppError>({
    queryKey: queryKey('nested.changes', { hostId }),
    queryFn: () => invoke('nested.changes', { hostId }),
  })
}

/** After a change: the state main re-read replaces the cached one, and the list of changes is read again. */
async function afterChange(client: QueryClient, hostId: string, status?: NestedStatus): Promise<void> {
  if (status !== undefined) client.setQueryData(queryKey('nested.status', { hostId }), status)
  await client.invalidateQueries({ queryKey: queryKey('nested.changes', { hostId }) })
  // The change engine's list (the nested panel's card and the Changes page).
  await client.invalidateQueries({ queryKey: ['changes.list'] })
}

/** "Preview changes": main builds and keeps the plan; the renderer only shows it and names it by id. */
export function useNestedPlan(): UseMutationResult<
  NestedPlan,
  AppError,
  { hostId: string; method: NestedMethod }
> {
  return useMutation({
    mutationFn: (input: { hostId: string; method: NestedMethod }) => invoke('nested.plan', input),
  })
}

export function useXenPlan(): UseMutationResult<XenNestedPlan, AppError, { hostId: string; domain: string }> {
  return useMutation({
    mutationFn: (input: { hostId: string; domain: string }) => invoke('nested.xenPlan', input),
  })
}

/**
 * The VM names of a host, for the guest-side chooser. Empty while loading or when the VM list cannot be
 * read: the user can always type the name.
 */
export function useVmNames(hostId: string): string[] {
  const vms = useQuery({
    queryKey: queryKey('vms.list', { hostId }),
    queryFn: () => invoke('vms.list', { hostId }),
  })
  return (vms.data ?? []).map((vm) => vm.name).sort((a, b) => a.localeCompare(b))
}

export function useGuestCpuPlan(): UseMutationResult<
  GuestCpuPlan,
  AppError,
  { hostId: string; vmName: string }
> {
  return useMutation({
    mutationFn: (input: { hostId: string; vmName: string }) => invoke('nested.guestCpuPlan', input),
  })
}

/** Applies a previewed nested KVM or Xen plan by id. */
export function useApplyNested(hostId: string): StreamingCall<'nested.apply'> {
  const client = useQueryClient()
  return useStreamingCall('nested.apply', (result) => afterChange(client, hostId, result.status))
}

export function useUndoNested(hostId: string): StreamingCall<'nested.undo'> {
  const client = useQueryClient()
  return useStreamingCall('nested.undo', (result) => afterChange(client, hostId, result.status))
}

export function useApplyGuestCpu(): StreamingCall<'nested.guestCpuApply'> {
  const client = useQueryClient()
  return useStreamingCall('nested.guestCpuApply', async () => {
    await client.invalidateQueries({ queryKey: ['changes.list'] })
  })
}
