import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { UseMutationResult } from '@tanstack/react-query'
import type { HostConnectionState, HostInput, HostUpdateResult, HostView } from '@shared/hosts.js'
import type { AppError } from '@shared/errors.js'
import { useHostKeyCheck } from './hostKeyCheck'
import { refreshHosts, setHostState } from './useHosts'
import { invoke } from './virtdeck'
import { notifySuccess } from '../notify/notify'

export function useAddHost(): UseMutationResult<HostView, AppError, HostInput> {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (host: HostInput) => invoke('hosts.add', host),
    onSuccess: (saved) => refreshHosts(client, saved.id),
  })
}

export function useUpdateHost(): UseMutationResult<
  HostUpdateResult,
  AppError,
  { id: string; host: HostInput }
> {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: { id: string; host: HostInput }) => invoke('hosts.update', input),
    onSuccess: (saved) => {
      if (saved.notice !== undefined)
        notifySuccess(`host-secret:${saved.id}`, 'Saved password forgotten', saved.notice)
      return refreshHosts(client, saved.id)
    },
  })
}

export function useRemoveHost(): UseMutationResult<{ removed: true }, AppError, string> {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => invoke('hosts.remove', { id }),
    onSuccess: (_result, id) => refreshHosts(client, id),
  })
}

export function useConnectHost(): UseMutationResult<HostConnectionState, AppError, string> {
  const client = useQueryClient()
  const checkHostKey = useHostKeyCheck()
  return useMutation({
    mutationFn: (id: string) => checkHostKey(() => invoke('hosts.connect', { id })),
    onSuccess: (state, id) => setHostState(client, id, state),
  })
}

export function useDisconnectHost(): UseMutationResult<HostConnectionState, AppError, string> {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => invoke('hosts.disconnect', { id }),
    onSuccess: (state, id) => setHostState(client, id, state),
  })
}

export interface HostKey {
  address: string
  keyType: string
  fingerprint: string
}

export function useAcceptHostKey(): UseMutationResult<{ accepted: true }, AppError, HostKey> {
  return useMutation({ mutationFn: (key: HostKey) => invoke('hosts.acceptKey', key) })
}

export function useForgetHostKey(): UseMutationResult<{ forgotten: number }, AppError, string> {
  return useMutation({ mutationFn: (address: string) => invoke('hosts.forgetKey', { address }) })
}
