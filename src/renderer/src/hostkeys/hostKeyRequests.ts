import type { AppError } from '@shared/errors.js'
import type { HostKey } from '../api/useHostMutations'

/** A question put to the user while an action waits: trust this key, or forget a changed one. */
export type HostKeyRequest =
  | { kind: 'unknown'; key: HostKey; error: AppError; resolve(accepted: boolean): void }
  | { kind: 'changed'; address: string; error: AppError; resolve(forgotten: boolean): void }

export function unknownKeyOf(error: AppError): HostKey | undefined {
  const data = error.data
  if (error.code !== 'HOST_KEY_UNKNOWN' || !data) return undefined
  const { address, keyType, fingerprint } = data
  if (typeof address !== 'string' || typeof keyType !== 'string' || typeof fingerprint !== 'string')
    return undefined
  return { address, keyType, fingerprint }
}

export function changedKeyAddressOf(error: AppError): string | undefined {
  const address = error.data?.['address']
  return error.code === 'HOST_KEY_CHANGED' && typeof address === 'string' ? address : undefined
}
