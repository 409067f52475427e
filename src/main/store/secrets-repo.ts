import { AppError } from '@shared/errors.js'
import type { SecretStorageStatus } from '@shared/security.js'
import type { Db } from './database.js'
import { secretStorageStatus } from './secret-policy.js'
import type { SecretProtection } from './secret-policy.js'

/**
 * Seals secrets before they reach the disk. The app uses Electron's safeStorage (the OS keyring);
 * tests and the harness inject their own. Plain text never reaches the database.
 */
export interface SecretCipher {
  /** How well `seal` protects: a keyring, a key built into the program (obfuscation), this process only, or nothing. */
  protection(): Promise<SecretProtection>
  seal(plain: string): Promise<Buffer>
  open(sealed: Buffer): Promise<string>
}

/** A cipher for where no keyring exists (the CLI): secrets cannot be kept, only used for the session. */
export const NO_CIPHER: SecretCipher = {
  protection: async () => 'none',
  seal(): Promise<Buffer> {
    throw new AppError('UNSUPPORTED', 'Passwords cannot be saved here: there is no keyring.', {
      detail:
        'Use key or ssh-agent authentication, or save the password in the VirtDeck app, which keeps it in the system keyring.',
    })
  },
  open(): Promise<string> {
    throw new AppError(
      'UNSUPPORTED',
      'The saved password cannot be read here: it is sealed by the VirtDeck app’s keyring.',
    )
  },
}

export class SecretsRepo {
  constructor(
    private readonly db: Db,
    private readonly cipher: SecretCipher,
    /** The user's `allowPlainSecrets` setting. */
    private readonly allowPlain: () => boolean = () => false,
  ) {}

  /** Whether a password may be saved here, and where it would go, in the user's words. */
  async status(): Promise<SecretStorageStatus> {
    return secretStorageStatus(await this.cipher.protection(), this.allowPlain())
  }

  has(owner: string): boolean {
    return this.db.prepare('SELECT 1 FROM secrets WHERE owner = ?').get(owner) !== undefined
  }

  /** Seals `plain` for `putSealed` (so the write can join a transaction); UNSUPPORTED when it may not be saved. */
  async seal(plain: string): Promise<Buffer> {
    const status = await this.status()
    if (!status.canSave)
      throw new AppError('UNSUPPORTED', 'The password was not saved.', { detail: status.message })
    return this.cipher.seal(plain)
  }

  putSealed(owner: string, sealed: Buffer): void {
    this.db
      .prepare(
        'INSERT INTO secrets (owner, sealed) VALUES (?, ?) ON CONFLICT (owner) DO UPDATE SET sealed = excluded.sealed',
      )
      .run(owner, sealed)
  }

  async put(owner: string, plain: string): Promise<void> {
    this.putSealed(owner, await this.seal(plain))
  }

  async get(owner: string): Promise<string | undefined> {
    const row = this.db.prepare('SELECT sealed FROM secrets WHERE owner = ?').get(owner) as
      { sealed: Buffer } | undefined
    return row ? this.cipher.open(row.sealed) : undefined
  }

  remove(owner: string): void {
    this.db.prepare('DELETE FROM secrets WHERE owner = ?').run(owner)
  }
}
