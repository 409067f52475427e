import type { SafeStorage } from 'electron'
import type { SecretCipher } from '../store/secrets-repo.js'

/** What the cipher uses of Electron's safeStorage (its asynchronous API; the synchronous one is deprecated). */
export type SafeStorageLike = Pick<
  SafeStorage,
  'getSelectedStorageBackend' | 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync'
>

/**
 * Secrets sealed through Electron's safeStorage. On Linux without a keyring Electron falls back to
 * `basic_text`, a key built into Chromium: that is obfuscation, reported as such so the store can
 * refuse to save unless the user accepted it (secret-policy.ts). `safeStorage` is passed in (only
 * this file's caller imports electron), so the decision can be tested without Electron.
 */
export function createSafeStorageCipher(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform = process.platform,
): SecretCipher {
  return {
    async protection() {
      if (!(await safeStorage.isAsyncEncryptionAvailable())) return 'none'
      if (platform === 'linux') {
        const backend = safeStorage.getSelectedStorageBackend()
        if (backend === 'basic_text' || backend === 'unknown') return 'obfuscated'
      }
      return 'keyring'
    },
    seal: (plain) => safeStorage.encryptStringAsync(plain),
    async open(sealed) {
      return (await safeStorage.decryptStringAsync(sealed)).result
    },
  }
}
