import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query'
import { useCallback, useRef, useState } from 'react'
import type { InputOf } from '@shared/contract.js'
import type { AppError } from '@shared/errors.js'
import type {
  VagrantfileOpened,
  VagrantInfo,
  VagrantMachineStatus,
  VagrantProject,
  VagrantRunResult,
} from '@shared/vagrant-contract.js'
import { invoke, queryKey } from '../api/virtdeck'

const projectsKey = queryKey('vagrant.projects', {})

export function useVagrantInfo(hostId: string): UseQueryResult<VagrantInfo, AppError> {
  return useQuery<VagrantInfo, AppError>({
    queryKey: queryKey('vagrant.detect', { hostId }),
    queryFn: () => invoke('vagrant.detect', { hostId }),
    staleTime: 60_000,
  })
}

export function useVagrantProjects(): UseQueryResult<VagrantProject[], AppError> {
  return useQuery<VagrantProject[], AppError>({
    queryKey: projectsKey,
    queryFn: () => invoke('vagrant.projects', {}),
  })
}

export function useVagrantStatus(projectId: string): UseQueryResult<VagrantMachineStatus[], AppError> {
  return useQuery<VagrantMachineStatus[], AppError>({
    queryKey: queryKey('vagrant.status', { projectId }),
    queryFn: () => invoke('vagrant.status', { projectId }),
  })
}

export function useVagrantfile(projectId: string): UseQueryResult<VagrantfileOpened, AppError> {
  return useQuery<VagrantfileOpened, AppError>({
    queryKey: queryKey('vagrant.open', { projectId }),
    queryFn: () => invoke('vagrant.open', { projectId }),
  })
}

export function useAddProject(): UseMutationResult<VagrantProject, AppError, InputOf<'vagrant.add'>> {
  const client = useQueryClient()
  return useMutation<VagrantProject, AppError, InputOf<'vagrant.add'>>({
    mutationFn: (input) => invoke('vagrant.add', input),
    onSuccess: () => client.invalidateQueries({ queryKey: projectsKey }),
  })
}

export function useCreateProject(): UseMutationResult<VagrantProject, AppError, InputOf<'vagrant.create'>> {
  const client = useQueryClient()
  return useMutation<VagrantProject, AppError, InputOf<'vagrant.create'>>({
    mutationFn: (input) => invoke('vagrant.create', input),
    onSuccess: () => client.invalidateQueries({ queryKey: projectsKey }),
  })
}

export interface VagrantRun {
  run(input: InputOf<'vagrant.run'>): void
  cancel(): void
  running: boolean
  /** Every line Vagrant printed, as it came. */
  lines: string[]
  result: VagrantRunResult | null
  error: AppError | null
}

/** `vagrant.run` with its whole output kept (not only the last line), cancel, and the status refreshed after. */
export function useVagrantRun(projectId: string): VagrantRun {
  const client = useQueryClient()
  const [lines, setLines] = useState<string[]>([])
  const controller = useRef<AbortController | null>(null)
  const mutation = useMutation<VagrantRunResult, AppError, InputOf<'vagrant.run'>>({
    mutationFn: (input) => {
      controller.current = new AbortController()
      setLines([])
      return invoke('vagrant.run', input, {
        signal: controller.current.signal,
        onProgress: (p) => setLines((previous) => [...previous.slice(-1999), p.message]),
      })
    },
    onSettled: () => client.invalidateQueries({ queryKey: queryKey('vagrant.status', { projectId }) }),
  })
  const cancel = useCallback(() => controller.current?.abort(), [])
  return {
    run: (input) => mutation.mutate(input),
    cancel,
    running: mutation.isPending,
    lines,
    result: mutation.data ?? null,
    error: mutation.error ?? null,
  }
}
