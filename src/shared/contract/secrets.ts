import { z } from 'zod'
import type { SecretStorageStatus } from '../security.js'
import { call } from './define.js'

/** Where saved passwords go. */
export const secretsChannels = {
  /** Where a saved password would go (keyring, unprotected, not at all), in the user's words. */
  'secrets.status': call<SecretStorageStatus>()(z.object({}).strict()),
} as const
