/**
 * Where a saved password would go, as the Add/Edit host form and the CLI say it:
 * - `keyring`: sealed by the system keyring (GNOME Keyring / KWallet / Keychain / DPAPI);
 * - `plain-refused`: no keyring (Electron's basic_text backend seals with a key built into every
 *   copy of Chromium), so passwords are not saved — asked each time — unless the user accepts that;
 * - `plain-accepted`: the same, and the user accepted it (setting `allowPlainSecrets`);
 * - `session`: sealed with a key that lives only while this process runs (harness, tests);
 * - `none`: nothing can be sealed here (the CLI).
 */
export type SecretStorageMode = 'keyring' | 'plain-refused' | 'plain-accepted' | 'session' | 'none'

export interface SecretStorageStatus {
  mode: SecretStorageMode
  canSave: boolean
  /** One sentence for the user. */
  message: string
}
