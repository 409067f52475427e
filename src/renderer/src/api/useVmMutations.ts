import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { QueryClient, UseMutationResult } from '@tanstack/react-query'
import type { InputOf } from '@shared/contract.js'
import type { VmCreatePreview } from '@shared/vm-create.js'
import type { VmDefineResult, VmXmlPreview } from '@shared/vms.js'
import type { AppError } from '@shared/errors.js'
import type { DeleteResult, DomainSummary } from '@shared/vms.js'
import { useStreamingCall } from './useStreamingCall'
import type { StreamingCall } from './useStreamingCall'
import { applyVmChange, historyKey, vmListKey, xmlKey } from './useVms'
import { invoke } from './virtdeck'

/** The VM as main returned it after an action replaces it in the host's list. */
function replaceVm(client: QueryClient, domain: DomainSummary): void {
  client.setQueryData<DomainSummary[]>(vmListKey(domain.hostId), (list) =>
    list === undefined ? list : applyVmChange(list, { kind: 'updated', domain }),
  )
}

export function useVmAction(): UseMutationResult<DomainSummary, AppError, InputOf<'vms.action'>> {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: InputOf<'vms.action'>) => invoke('vms.action', input),
    onSuccess: (domain) => replaceVm(client, domain),
  })
}

export function useSetVmAutostart(): UseMutationResult<DomainSummary, AppError, InputOf<'vms.setAutostart'>> {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: InputOf<'vms.setAutostart'>) => invoke('vms.setAutostart', input),
    onSuccess: (domain) => replaceVm(client, domain),
  })
}

export function useDeleteVm(): UseMutationResult<DeleteResult, AppError, InputOf<'vms.delete'>> {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: InputOf<'vms.delete'>) => invoke('vms.delete', input),
    onSuccess: (_result, input) =>
      client.setQueryData<DomainSummary[]>(vmListKey(input.hostId), (list) =>
        list === undefined
          ? list
          : applyVmChange(list, { kind: 'removed', uuid: input.uuid, name: input.name ?? '' }),
      ),
  })
}

export function useXmlPreview(): UseMutationResult<VmXmlPreview, AppError, InputOf<'vms.xmlPreview'>> {
  return useMutation({ mutationFn: (input: InputOf<'vms.xmlPreview'>) => invoke('vms.xmlPreview', input) })
}

async function afterDefine(client: QueryClient, hostId: string, uuid: string): Promise<void> {
  await Promise.all([
    client.invalidateQueries({ queryKey: xmlKey(hostId, uuid) }),
    client.invalidateQueries({ queryKey: historyKey(hostId, uuid) }),
  ])
}

export function useDefineXml(): UseMutationResult<VmDefineResult, AppError, InputOf<'vms.define'>> {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: InputOf<'vms.define'>) => invoke('vms.define', input),
    onSuccess: (_r, input) => afterDefine(client, input.hostId, input.uuid),
  })
}

export function useRestoreXml(
  uuid: string,
): UseMutationResult<VmDefineResult, AppError, InputOf<'vms.restore'>> {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: InputOf<'vms.restore'>) => invoke('vms.restore', input),
    onSuccess: (_r, input) => afterDefine(client, input.hostId, uuid),
  })
}

export function useCreatePreview(): UseMutationResult<
  VmCreatePreview,
  AppError,
  InputOf<'vms.createPreview'>
> {
  return useMutation({
    mutationFn: (input: InputOf<'vms.createPreview'>) => invoke('vms.createPreview', input),
  })
}

/** Creates a VM: disk (progress, cancel), definition, optional start. The new VM joins the list. */
export function useCreateVm(): StreamingCall<'vms.create'> {
  const client = useQueryClient()
  return useStreamingCall('vms.create', (_result, input) =>
    client.invalidateQueries({ queryKey: vmListKey(input.hostId) }),
  )
}
