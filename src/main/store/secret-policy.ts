import type { SecretStorageStatus } from '@shared/security.js'

/** How well a cipher protects what it seals, as it reports itself. */
export type SecretProtection = 'keyring' | 'obfuscated' | 'session' | 'none'

/** Whether a password may be saved, given the cipher's protection and the user's `allowPlainSecrets` setting. */
export function secretStorageStatus(protection: SecretProtection, allowPlain: boolean): SecretStorageStatus {
  switch (protection) {
    case 'keyring':
      return { mode: 'keyring', canSave: true, message: 'Kept encrypted by the system keyring.' }
    case 'session':
      return {
        mode: 'session',
        canSave: true,
        message: 'Kept encrypted with a key that lives only while this VirtDeck runs.',
      }
    case 'obfuscated':
      return allowPlain
        ? {
            mode: 'plain-accepted',
            canSave: true,
            message:
              'Saved on this computer but not protected by a keyring (you accepted this in Settings): anyone who can read your files can recover it.',
          }
        : {
            mode: 'plain-refused',
            canSave: false,
            message:
              'There is no system keyring (GNOME Keyring, KWallet), so passwords are not saved: VirtDeck asks each time. Start a keyring, or accept saving them unprotected in Settings.',
          }
    case 'none':
      return {
        mode: 'none',
        canSave: false,
        message: 'Passwords cannot be saved here: there is no keyring. Use key or ssh-agent authentication.',
      }
  }
}
