import { randomBytes } from 'node:crypto'
import { posix } from 'node:path'
import type { SFTPWrapper } from 'ssh2'
import { AppError } from '@shared/errors.js'
import { DEFAULT_TIMEOUT_MS } from './run-process.js'
import type { SshConnection } from './ssh-connection.js'

/** SFTP status codes (draft-ietf-secsh-filexfer-02), as ssh2 puts them on `error.code`. */
const NO_SUCH_FILE = 2
const PERMISSION_DENIED = 3

type SftpError = Error & { code?: unknown }

/** Files on an SSH host through the connection's shared SFTP session. */
export class SshFiles {
  constructor(
    private readonly connection: SshConnection,
    private readonly where: string,
    private readonly username: string,
  ) {}

  async readFile(path: string): Promise<Buffer> {
    const sftp = await this.session()
    return new Promise((resolve, reject) => {
      sftp.readFile(path, (error, data) => {
        if (error !== undefined && error !== null) reject(this.fileError(error, path, 'read'))
        else resolve(data)
      })
    })
  }

  /**
   * Writes a temp file beside the target, then renames it over the target (posix-rename, atomic,
   * when the server has it). Keeps the old file's mode unless one is given.
   */
  async writeFile(path: string, data: string | Buffer, options: { mode?: number } = {}): Promise<void> {
    const sftp = await this.session()
    let mode = options.mode
    if (mode === undefined) {
      mode = await new Promise<number | undefined>((resolve, reject) => {
        sftp.stat(path, (error, stats) => {
          if (error === undefined || error === null) resolve(stats.mode & 0o7777)
          else if ((error as SftpError).code === NO_SUCH_FILE) resolve(undefined)
          else reject(this.fileError(error, path, 'write'))
        })
      })
    }
    const temp = posix.join(
      posix.dirname(path),
      `.${posix.basename(path)}.virtdeck-${randomBytes(6).toString('hex')}.tmp`,
    )
    try {
      await call((done) => sftp.writeFile(temp, data, { flag: 'wx', mode: 0o600 }, done))
      await call((done) => sftp.chmod(temp, mode ?? 0o644, done))
      await this.rename(sftp, temp, path)
    } catch (error) {
      await call((done) => sftp.unlink(temp, done)).catch(() => undefined)
      throw error instanceof AppError ? error : this.fileError(error, path, 'write')
    }
  }

  private async rename(sftp: SFTPWrapper, from: string, to: string): Promise<void> {
    let posixRename = true
    try {
      await call((done) => sftp.ext_openssh_rename(from, to, done))
      return
    } catch (error) {
      // ssh2 throws (synchronously, turned into a rejection by call()) when the server lacks the extension.
      if (!(error instanceof Error) || !/does not support/.test(error.message)) throw error
      posixRename = false
    }
    if (!posixRename) {
      // Plain SFTP rename refuses to replace: not atomic, but the best this server allows.
      await call((done) => sftp.unlink(to, done)).catch((error: unknown) => {
        if ((error as SftpError).code !== NO_SUCH_FILE) throw error
      })
      await call((done) => sftp.rename(from, to, done))
    }
  }

  private session(): Promise<SFTPWrapper> {
    return this.connection.sftp(Date.now() + DEFAULT_TIMEOUT_MS)
  }

  private fileError(error: unknown, path: string, action: 'read' | 'write'): AppError {
    if (error instanceof AppError) return error
    const code = (error as SftpError).code
    const message = error instanceof Error ? error.message : String(error)
    if (code === NO_SUCH_FILE) {
      return new AppError(
        'NOT_FOUND',
        action === 'read'
          ? `There is no file ${path} on ${this.where}`
          : `The folder of ${path} does not exist on ${this.where}`,
        {
          cause: error,
        },
      )
    }
    if (code === PERMISSION_DENIED) {
      return new AppError(
        'PERMISSION_DENIED',
        `${this.username} may not ${action} ${path} on ${this.where}`,
        { cause: error },
      )
    }
    if (typeof code !== 'number') {
      return new AppError(
        'HOST_UNREACHABLE',
        `The connection to ${this.where} was lost while trying to ${action} ${path}`,
        { detail: message, cause: error },
      )
    }
    return new AppError('COMMAND_FAILED', `Could not ${action} ${path} on ${this.where}: ${message}`, {
      cause: error,
    })
  }
}

/** Promisifies one ssh2 callback call; a synchronous throw becomes a rejection. */
function call(start: (done: (error?: Error | null) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    try {
      start((error) => (error === undefined || error === null ? resolve() : reject(error)))
    } catch (error) {
      reject(error)
    }
  })
}
