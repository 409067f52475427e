import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query'
import type { ChangePlanBase } from '@shared/changes.js'
import type { AppError } from '@shared/errors.js'
import type { PassthroughReport } from '@shared/passthrough.js'
import type { HostInputDevices } from '@shared/passthrough-inputs.js'
import type { PassthroughPlanPreview } from '@shared/passthrough-change.js'
import type { PassthroughVmPlanInput, PassthroughVmPreview } from '@shared/passthrough-vm.js'
import type { PassthroughHooksPlanInput, PassthroughHooksPreview } from '@shared/passthrough-hooks.js'
import { useStreamingCall } from './useStreamingCall'
import type { StreamingCall } from './useStreamingCall'
import { invoke, queryKey } from './virtdeck'

/** Every graphics card of a host with its functions, groups, viability, blockers and display role. */
export function usePassthroughReport(hostId: string): UseQueryResult<PassthroughReport, AppError> {
  return useQuery<PassthroughReport, AppError>({
    queryKey: queryKey('passthrough.report', { hostId }),
    queryFn: () => invoke('passthrough.report', { hostId }),
  })
}

/** The host's keyboards and mice under /dev/input/by-id, for evdev passthrough. */
export function useInputDevices(hostId: string): UseQueryResult<HostInputDevices, AppError> {
  return useQuery<HostInputDevices, AppError>({
    queryKey: queryKey('passthrough.inputDevices', { hostId }),
    queryFn: () => invoke('passthrough.inputDevices', { hostId }),
  })
}

/** The host plan as the change engine's preview shows it: named by its plan id ('' when it cannot apply). */
export type HostPlanView = PassthroughPlanPreview & ChangePlanBase

export function useHostPlan(): UseMutationResult<HostPlanView, AppError, { hostId: string; gpu: string }> {
  return useMutation({
    mutationFn: async (input: { hostId: string; gpu: string }): Promise<HostPlanView> => {
      const plan = await invoke('passthrough.plan', input)
      return { ...plan, id: plan.planId ?? '', createdAt: '' }
    },
  })
}

/** A VM's passthrough configuration previewed; `id` is the plan id ('' when it cannot apply). */
export type VmPlanView = PassthroughVmPreview & { id: string }

export function useVmPlan(): UseMutationResult<VmPlanView, AppError, PassthroughVmPlanInput> {
  return useMutation({
    mutationFn: async (input: PassthroughVmPlanInput): Promise<VmPlanView> => {
      const plan = await invoke('passthrough.vmPlan', input)
      return { ...plan, id: plan.planId ?? '' }
    },
  })
}

/** Applies a previewed plan; the report and every change list are read again afterwards. */
export function useApplyHostPlan(): StreamingCall<'passthrough.apply'> {
  const client = useQueryClient()
  return useStreamingCall('passthrough.apply', async () => {
    await client.invalidateQueries()
  })
}

export function useApplyVmPlan(): StreamingCall<'passthrough.vmApply'> {
  const client = useQueryClient()
  return useStreamingCall('passthrough.vmApply', async () => {
    await client.invalidateQueries()
  })
}

/** Start gaming VM: pre-flight, start, the first minute watched (progress), the verdict. */
export function useLaunch(): StreamingCall<'passthrough.launch'> {
  return useStreamingCall('passthrough.launch')
}

export type HooksPlanView = PassthroughHooksPreview & { id: string }

/** Single-GPU hook scripts for one VM, previewed; `id` is the plan id ('' when blocked). */
export function useHooksPlan(): UseMutationResult<HooksPlanView, AppError, PassthroughHooksPlanInput> {
  return useMutation({
    mutationFn: async (input: PassthroughHooksPlanInput): Promise<HooksPlanView> => {
      const plan = await invoke('passthrough.hooksPlan', input)
      return { ...plan, id: plan.planId ?? '' }
    },
  })
}

export function useApplyHooks(): StreamingCall<'passthrough.hooksApply'> {
  const client = useQueryClient()
  return useStreamingCall('passthrough.hooksApply', async () => {
    await client.invalidateQueries()
  })
}
