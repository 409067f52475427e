import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import type { SecretCipher } from './secrets-repo.js'

/**
 * AES-256-GCM with a key that lives only in this process: for the browser harness and tests,
 * where there is no OS keyring. Secrets sealed with it cannot be opened after a restart.
 */
export function createEphemeralCipher(key: Buffer = randomBytes(32)): SecretCipher {
  return {
    protection: async () => 'session',
    async seal(plain) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return Buffer.concat([iv, cipher.getAuthTag(), body])
    },
    async open(sealed) {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12))
      decipher.setAuthTag(sealed.subarray(12, 28))
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8')
    },
  }
}
