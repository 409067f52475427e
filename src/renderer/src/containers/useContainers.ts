import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query'
import type {
  ContainerSummary,
  CreateContainerSpec,
  DockerAction,
  DockerAvailability,
  ImageSummary,
  LogLine,
  LxcAction,
  LxcActionResult,
  LxcAvailability,
  LxcContainer,
  LxcServiceState,
  LxcTemplate,
} from '@shared/containers.js'
import type { AppError } from '@shared/errors.js'
import { invoke, queryKey } from '../api/virtdeck'

export const listKey = (hostId: string): readonly unknown[] => queryKey('docker.list', { hostId })

export function useDockerStatus(
  hostId: string,
  enabled = true,
): UseQueryResult<DockerAvailability, AppError> {
  return useQuery<DockerAvailability, AppError>({
    queryKey: queryKey('docker.status', { hostId }),
    queryFn: () => invoke('docker.status', { hostId }),
    enabled,
  })
}

export function useContainers(
  hostId: string,
  enabled: boolean,
): UseQueryResult<ContainerSummary[], AppError> {
  return useQuery<ContainerSummary[], AppError>({
    queryKey: listKey(hostId),
    queryFn: () => invoke('docker.list', { hostId }),
    enabled,
    // Kept current by `container.changed` (useContainerEvents, mounted once for the whole app).
  })
}

export function useContainerAction(
  hostId: string,
): UseMutationResult<{ container: ContainerSummary | null }, AppError, { id: string; action: DockerAction }> {
  return useMutation({
    mutationFn: ({ id, action }) =>
      invoke('docker.action', { hostId, id, action, force: action === 'remove' }),
  })
}

/** `enabled: false` only reads what is cached (listing LXC containers may ask for the sudo password). */
export function useLxcContainers(hostId: string, enabled = true): UseQueryResult<LxcContainer[], AppError> {
  return useQuery<LxcContainer[], AppError>({
    queryKey: queryKey('lxc.list', { hostId }),
    queryFn: () => invoke('lxc.list', { hostId }),
    enabled,
    retry: false,
    // LXC has no events: opening the panel reads the list again.
    refetchOnMount: 'always',
  })
}

/**
 * LXC's containers for a summary (Overview, All hosts): read with `sudo -n`, so it never asks for
 * the password; where one is needed it fails with `data.needsPassword` (see lxcNeedsPassword).
 */
export function useLxcSummary(hostId: string, enabled = true): UseQueryResult<LxcContainer[], AppError> {
  return useQuery<LxcContainer[], AppError>({
    queryKey: queryKey('lxc.list', { hostId, nonInteractive: true }),
    queryFn: () => invoke('lxc.list', { hostId, nonInteractive: true }),
    enabled,
    retry: false,
    refetchOnMount: 'always',
  })
}

/** The summary read stopped because sudo wants the password (nothing was prompted). */
export function lxcNeedsPassword(error: AppError | null | undefined): boolean {
  return error?.code === 'PERMISSION_DENIED' && error.data?.['needsPassword'] === true
}

/** Runs (creates and starts) a container; the list follows from /events. */
export function useCreateContainer(
  hostId: string,
): UseMutationResult<ContainerSummary, AppError, CreateContainerSpec> {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (spec) => invoke('docker.create', { hostId, spec }),
    onSettled: () => client.invalidateQueries({ queryKey: listKey(hostId) }),
  })
}

export function useImages(hostId: string, enabled: boolean): UseQueryResult<ImageSummary[], AppError> {
  return useQuery<ImageSummary[], AppError>({
    queryKey: queryKey('docker.images', { hostId }),
    queryFn: () => invoke('docker.images', { hostId }),
    enabled,
  })
}

/** The last lines of a container's log (stdout and stderr), optionally only those containing `search`. */
export function useLogs(
  hostId: string,
  id: string | null,
  search: string,
): UseQueryResult<LogLine[], AppError> {
  return useQuery<LogLine[], AppError>({
    queryKey: ['docker.logs', hostId, id, search],
    queryFn: () =>
      invoke('docker.logs', {
        hostId,
        id: id ?? '',
        tail: 500,
        follow: false,
        ...(search === '' ? {} : { search }),
      }),
    enabled: id !== null,
    retry: false,
  })
}

export function useLxcStatus(hostId: string, enabled = true): UseQueryResult<LxcAvailability, AppError> {
  return useQuery<LxcAvailability, AppError>({
    queryKey: queryKey('lxc.status', { hostId }),
    queryFn: () => invoke('lxc.status', { hostId }),
    enabled,
  })
}

export function useLxcServices(
  hostId: string,
  enabled: boolean,
): UseQueryResult<LxcServiceState[], AppError> {
  return useQuery<LxcServiceState[], AppError>({
    queryKey: queryKey('lxc.services', { hostId }),
    queryFn: () => invoke('lxc.services', { hostId }),
    enabled,
  })
}

export function useLxcTemplates(hostId: string, enabled: boolean): UseQueryResult<LxcTemplate[], AppError> {
  return useQuery<LxcTemplate[], AppError>({
    queryKey: queryKey('lxc.templates', { hostId }),
    queryFn: () => invoke('lxc.templates', { hostId }),
    enabled,
    staleTime: 60_000,
  })
}

/** LXC start/stop/freeze/unfreeze/destroy; the list is read again afterwards (LXC has no event stream). */
export function useLxcAction(
  hostId: string,
): UseMutationResult<LxcActionResult, AppError, { name: string; action: LxcAction }> {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ name, action }) => invoke('lxc.action', { hostId, name, action }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKey('lxc.list', { hostId }) }),
  })
}
