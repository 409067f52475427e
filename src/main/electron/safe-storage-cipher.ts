import { safeStorage } from 'electron'
import { AppError } from '../../shared/errors.js'
import type { SecretCipher } from '../store/secrets-repo.js'

/** Secrets sealed by the OS keyring through Electron's safeStorage. */
export function createSafeStorageCipher(): SecretCipher {
  return {
    get available() {
      return safeStorage.isEncryptionAvailable()
    },
    seal(plain) {
      if (!safeStorage.isEncryptionAvailable()) {
        throw new AppError(
          'UNSUPPORTED',
          'The system keyring is not available, so the password cannot be saved.',
          {
            detail: 'Use key or ssh-agent authentication, or start a keyring (GNOME Keyring, KWallet).',
          },
        )
      }
      return safeStorage.encryptString(plain)
    },
    open(sealed) {
      return safeStorage.decryptString(sealed)
    },
  }
}
