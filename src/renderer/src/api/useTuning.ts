import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { UseQueryResult } from '@tanstack/react-query'
import type { AppError } from '@shared/errors.js'
import type { HostTuningReport, TuningReport } from '@shared/tuning.js'
import { useStreamingCall } from './useStreamingCall'
import type { StreamingCall } from './useStreamingCall'
import { invoke, queryKey } from './virtdeck'

/** One VM's tuning report: every rule's verdict with its evidence, explanation, fix and risk. */
export function useTuningReport(hostId: string, vm: string): UseQueryResult<TuningReport, AppError> {
  return useQuery<TuningReport, AppError>({
    queryKey: queryKey('tuning.report', { hostId, vm }),
    queryFn: () => invoke('tuning.report', { hostId, vm }),
  })
}

/** A chosen set of fixes as one definition: the XML diff, libvirt's verdict and the QEMU line. */
export function useTuningPreview(): StreamingCall<'tuning.preview'> {
  return useStreamingCall('tuning.preview')
}

/** Applies a preview (one change of the change engine); every view is read again afterwards. */
export function useTuningApply(): StreamingCall<'tuning.apply'> {
  const client = useQueryClient()
  return useStreamingCall('tuning.apply', async () => {
    await client.invalidateQueries()
  })
}

export function useTuningMeasure(): StreamingCall<'tuning.measure'> {
  return useStreamingCall('tuning.measure')
}

/** The qcow2 conversion job (progress, cancel), then one change pointing the VM at the new image. */
export function useTuningConvert(): StreamingCall<'tuning.convert'> {
  const client = useQueryClient()
  return useStreamingCall('tuning.convert', async () => {
    await client.invalidateQueries()
  })
}

/** Every VM of a host, lowest score first, and the worst findings across them. */
export function useHostTuning(): StreamingCall<'tuning.hostReport'> {
  return useStreamingCall('tuning.hostReport')
}

export type { HostTuningReport }
