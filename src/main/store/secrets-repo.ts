import { AppError } from '../../shared/errors.js'
import type { Db } from './database.js'

/**
 * Seals secrets before they reach the disk. The app uses Electron's safeStorage (the OS keyring);
 * tests and the harness inject their own. Plain text never reaches the database.
 */
export interface SecretCipher {
  readonly available: boolean
  seal(plain: string): Buffer
  open(sealed: Buffer): string
}

/** A cipher for where no keyring exists (the CLI): secrets cannot be kept, only used for the session. */
export const NO_CIPHER: SecretCipher = {
  available: false,
  seal(): Buffer {
    throw new AppError('UNSUPPORTED', 'Passwords cannot be saved here: there is no keyring.', {
      detail:
        'Use key or ssh-agent authentication, or save the password in the VirtDeck app, which keeps it in the system keyring.',
    })
  },
  open(): string {
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
  ) {}

  has(owner: string): boolean {
    return this.db.prepare('SELECT 1 FROM secrets WHERE owner = ?').get(owner) !== undefined
  }

  put(owner: string, plain: string): void {
    const sealed = this.cipher.seal(plain)
    this.db
      .prepare(
        'INSERT INTO secrets (owner, sealed) VALUES (?, ?) ON CONFLICT (owner) DO UPDATE SET sealed = excluded.sealed',
      )
      .run(owner, sealed)
  }

  get(owner: string): string | undefined {
    const row = this.db.prepare('SELECT sealed FROM secrets WHERE owner = ?').get(owner) as
      { sealed: Buffer } | undefined
    return row ? this.cipher.open(row.sealed) : undefined
  }

  remove(owner: string): void {
    this.db.prepare('DELETE FROM secrets WHERE owner = ?').run(owner)
  }
}
