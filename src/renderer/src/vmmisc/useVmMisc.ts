import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query'
import type { AuditFacets, AuditPage, AuditQuery } from '@shared/audit.js'
import type { InputOf } from '@shared/contract.js'
import type { AppError } from '@shared/errors.js'
import type { OsCatalog, OsRecommendation } from '@shared/osinfo.js'
import type { HostOverview, OverviewAll } from '@shared/overview.js'
import type { DomainSummary } from '@shared/vms.js'
import { applyVmChange, historyKey, vmListKey, xmlKey } from '../api/useVms'
import { invoke } from '../api/virtdeck'

export function useRenameVm(): UseMutationResult<DomainSummary, AppError, InputOf<'vms.rename'>> {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: InputOf<'vms.rename'>) => invoke('vms.rename', input),
    onSuccess: async (domain) => {
      client.setQueryData<DomainSummary[]>(vmListKey(domain.hostId), (list) =>
        list === undefined ? list : applyVmChange(list, { kind: 'updated', domain }),
      )
      await Promise.all([
        client.invalidateQueries({ queryKey: ['vms.details'] }),
        client.invalidateQueries({ queryKey: xmlKey(domain.hostId, domain.uuid) }),
        client.invalidateQueries({ queryKey: historyKey(domain.hostId, domain.uuid) }),
        client.invalidateQueries({ queryKey: ['audit.query'] }),
        client.invalidateQueries({ queryKey: ['audit.facets'] }),
      ])
    },
  })
}

export function useAuditPage(query: AuditQuery): UseQueryResult<AuditPage, AppError> {
  return useQuery<AuditPage, AppError>({
    queryKey: ['audit.query', query],
    queryFn: () => invoke('audit.query', query),
    placeholderData: keepPreviousData,
    refetchInterval: 5000,
  })
}

export function useAuditFacets(hostId: string | undefined): UseQueryResult<AuditFacets, AppError> {
  return useQuery<AuditFacets, AppError>({
    queryKey: ['audit.facets', hostId ?? null],
    queryFn: () => invoke('audit.facets', hostId === undefined ? {} : { hostId }),
    refetchInterval: 15_000,
  })
}

export function useHostOverview(hostId: string, enabled: boolean): UseQueryResult<HostOverview, AppError> {
  return useQuery<HostOverview, AppError>({
    queryKey: ['overview.host', hostId],
    queryFn: () => invoke('overview.host', { hostId }),
    enabled,
    refetchInterval: 5000,
  })
}

export function useOverviewAll(): UseQueryResult<OverviewAll, AppError> {
  return useQuery<OverviewAll, AppError>({
    queryKey: ['overview.all'],
    queryFn: () => invoke('overview.all', {}),
    refetchInterval: 10_000,
  })
}

export function useOsCatalog(hostId: string): UseQueryResult<OsCatalog, AppError> {
  return useQuery<OsCatalog, AppError>({
    queryKey: ['osinfo.catalog', hostId],
    queryFn: () => invoke('osinfo.catalog', { hostId }),
    staleTime: 10 * 60_000,
  })
}

export function osRecommendationQuery(
  hostId: string,
  shortId: string,
): { queryKey: unknown[]; queryFn: () => Promise<OsRecommendation>; staleTime: number } {
  return {
    queryKey: ['osinfo.recommend', hostId, shortId],
    queryFn: () => invoke('osinfo.recommend', { hostId, shortId }),
    staleTime: 10 * 60_000,
  }
}

export function useOsRecommendation(
  hostId: string,
  shortId: string | undefined,
): UseQueryResult<OsRecommendation, AppError> {
  return useQuery<OsRecommendation, AppError>({
    ...osRecommendationQuery(hostId, shortId ?? ''),
    enabled: shortId !== undefined,
  })
}
