import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { QueryClient, UseQueryResult } from '@tanstack/react-query'
import { useEffect } from 'react'
import type { VmChange } from '@shared/protocol.js'
import type { VmListAll } from '@shared/vms.js'
import type { VmNameCheck } from '@shared/vm-create.js'
import type { AppError } from '@shared/errors.js'
import type {
  DeletionPlan,
  DomainDetails,
  DomainSummary,
  LibvirtConnectionState,
  XmlHistoryEntry,
} from '@shared/vms.js'
import type { HostVmCapabilities } from '@shared/vm-create.js'
import { invoke, queryKey, subscribe } from './virtdeck'

/** CPU use needs two samples of each VM's CPU time: the list is read again this often while shown. */
const CPU_SAMPLE_MS = 5000

export const vmListKey = (hostId: string): readonly unknown[] => queryKey('vms.list', { hostId })
export const vmAllKey = queryKey('vms.listAll', {})
const detailsKey = (hostId: string, uuid: string): readonly unknown[] => ['vms.details', hostId, uuid]
export const xmlKey = (hostId: string, uuid: string): readonly unknown[] => ['vms.xml', hostId, uuid]
export const historyKey = (hostId: string, uuid: string): readonly unknown[] => ['vms.history', hostId, uuid]

export function useVmList(
  hostId: string,
  options: { sampleCpu?: boolean; enabled?: boolean } = {},
): UseQueryResult<DomainSummary[], AppError> {
  return useQuery<DomainSummary[], AppError>({
    queryKey: vmListKey(hostId),
    queryFn: () => invoke('vms.list', { hostId }),
    enabled: options.enabled ?? true,
    ...(options.sampleCpu === true
      ? { refetchInterval: (query) => (query.state.status === 'error' ? false : CPU_SAMPLE_MS) }
      : {}),
  })
}

export function useAllVms(enabled = true): UseQueryResult<VmListAll, AppError> {
  return useQuery<VmListAll, AppError>({
    queryKey: vmAllKey,
    queryFn: () => invoke('vms.listAll', {}),
    enabled,
    refetchInterval: CPU_SAMPLE_MS,
  })
}

export function useVmDetails(hostId: string, uuid: string): UseQueryResult<DomainDetails, AppError> {
  return useQuery<DomainDetails, AppError>({
    queryKey: detailsKey(hostId, uuid),
    queryFn: () => invoke('vms.details', { hostId, uuid }),
  })
}

/** The persistent definition: what the XML tab edits and define replaces. */
export function useVmXml(hostId: string, uuid: string): UseQueryResult<string, AppError> {
  return useQuery<string, AppError>({
    queryKey: xmlKey(hostId, uuid),
    queryFn: () => invoke('vms.xml', { hostId, uuid, inactive: true }),
  })
}

export function useVmHistory(hostId: string, uuid: string): UseQueryResult<XmlHistoryEntry[], AppError> {
  return useQuery<XmlHistoryEntry[], AppError>({
    queryKey: historyKey(hostId, uuid),
    queryFn: () => invoke('vms.history', { hostId, uuid }),
  })
}

export function useVmCapabilities(
  hostId: string,
  enabled: boolean,
): UseQueryResult<HostVmCapabilities, AppError> {
  return useQuery<HostVmCapabilities, AppError>({
    queryKey: queryKey('vms.capabilities', { hostId }),
    queryFn: () => invoke('vms.capabilities', { hostId }),
    enabled,
  })
}

/** Whether a new VM may have this name on the host (asked as it is typed, once it is valid locally). */
export function useVmNameCheck(
  hostId: string,
  name: string,
  enabled: boolean,
): UseQueryResult<VmNameCheck, AppError> {
  return useQuery<VmNameCheck, AppError>({
    queryKey: ['vms.checkName', hostId, name],
    queryFn: () => invoke('vms.checkName', { hostId, name }),
    enabled,
    staleTime: 0,
    gcTime: 10_000,
  })
}

/** What deleting the VM would remove (read fresh each time the dialog opens). */
export function useVmDeletionPlan(
  hostId: string,
  uuid: string,
  enabled: boolean,
): UseQueryResult<DeletionPlan, AppError> {
  return useQuery<DeletionPlan, AppError>({
    queryKey: ['vms.deletionPlan', hostId, uuid],
    queryFn: () => invoke('vms.deletionPlan', { hostId, uuid }),
    enabled,
    gcTime: 0,
    staleTime: 0,
  })
}

/** The link to libvirt on the host; kept current by `libvirt.state` events. */
export function useLibvirtState(hostId: string): UseQueryResult<LibvirtConnectionState, AppError> {
  return useQuery<LibvirtConnectionState, AppError>({
    queryKey: queryKey('vms.connection', { hostId }),
    queryFn: () => invoke('vms.connection', { hostId }),
  })
}

function sameVm(domain: DomainSummary, change: { uuid?: string; name: string }): boolean {
  return change.uuid !== undefined ? domain.uuid === change.uuid : domain.name === change.name
}

/** Applies one change to a list of VMs: the one VM replaced, patched or removed; nothing else touched. */
export function applyVmChange(list: DomainSummary[], change: VmChange): DomainSummary[] {
  switch (change.kind) {
    case 'updated': {
      const at = list.findIndex((d) => d.uuid === change.domain.uuid)
      if (at === -1) return [...list, change.domain]
      const next = list.slice()
      next[at] = change.domain
      return next
    }
    case 'state':
      return list.map((d) => {
        if (!sameVm(d, change)) return d
        const { cpuPercent, ...rest } = d
        return change.state === 'running' && cpuPercent !== undefined
          ? { ...rest, cpuPercent, state: change.state }
          : { ...rest, state: change.state }
      })
    case 'removed':
      return list.filter((d) => !sameVm(d, change))
    default:
      return list
  }
}

function onVmChanged(client: QueryClient, hostId: string, change: VmChange): void {
  if (change.kind === 'resync') {
    void client.invalidateQueries({ queryKey: vmListKey(hostId) })
    void client.invalidateQueries({ queryKey: vmAllKey })
    return
  }
  client.setQueryData<DomainSummary[]>(vmListKey(hostId), (list) =>
    list === undefined ? list : applyVmChange(list, change),
  )
  client.setQueryData<VmListAll>(vmAllKey, (all) =>
    all === undefined
      ? all
      : {
          hosts: all.hosts.map((h) =>
            h.hostId === hostId ? { ...h, domains: applyVmChange(h.domains, change) } : h,
          ),
        },
  )
  const uuid = change.kind === 'updated' ? change.domain.uuid : change.uuid
  if (uuid === undefined) return
  if (change.kind === 'state') {
    client.setQueryData<DomainDetails>(detailsKey(hostId, uuid), (d) =>
      d === undefined ? d : { ...d, state: change.state },
    )
    return
  }
  // The details page of that one VM (if open) reads it again; a definition change may change its XML.
  void client.invalidateQueries({ queryKey: detailsKey(hostId, uuid) })
  if (change.kind === 'updated' && change.event === 'Defined')
    void client.invalidateQueries({ queryKey: xmlKey(hostId, uuid) })
}

/** Keeps the VM caches in step with main's events for as long as the app is mounted. */
export function useVmEvents(): void {
  const client = useQueryClient()
  useEffect(() => {
    const offChanged = subscribe('vm.changed', ({ hostId, change }) => onVmChanged(client, hostId, change))
    // Reconnecting: what is shown may be stale; the list is read again once connected (a resync change).
    const offState = subscribe('libvirt.state', ({ hostId, state }) =>
      client.setQueryData(queryKey('vms.connection', { hostId }), state),
    )
    // A pool or network defined, removed, started or stopped by anyone: its host's list (and the wizard's) is read again.
    const offObjects = subscribe('libvirt.objectChanged', ({ hostId, kind }) => {
      void client.invalidateQueries({
        queryKey: queryKey(kind === 'pool' ? 'pools.list' : 'networks.list', { hostId }),
      })
      if (kind === 'pool') void client.invalidateQueries({ queryKey: ['volumes.list'] })
    })
    return () => {
      offChanged()
      offState()
      offObjects()
    }
  }, [client])
}
