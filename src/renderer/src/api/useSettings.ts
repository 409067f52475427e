import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query'
import type { AppError } from '@shared/errors.js'
import type { SecretStorageStatus } from '@shared/security.js'
import type { Settings } from '@shared/settings.js'
import { invoke, queryKey } from './virtdeck'

const settingsKey = queryKey('settings.get', {})

export function useSettings(): UseQueryResult<Settings> {
  return useQuery({ queryKey: settingsKey, queryFn: () => invoke('settings.get', {}) })
}

export function useUpdateSettings(): UseMutationResult<Settings, AppError, Partial<Settings>> {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (patch: Partial<Settings>) => invoke('settings.update', patch),
    onSuccess: (settings) => {
      client.setQueryData(settingsKey, settings)
      return client.invalidateQueries({ queryKey: secretsKey })
    },
  })
}

const secretsKey = queryKey('secrets.status', {})

/** Where a saved password would go: the keyring, unprotected (accepted in Settings), or nowhere. */
export function useSecretStorage(): UseQueryResult<SecretStorageStatus> {
  return useQuery({ queryKey: secretsKey, queryFn: () => invoke('secrets.status', {}) })
}
