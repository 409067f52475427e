import { createHash } from 'node:crypto'
import type { Host } from '../host/host.js'
import { AppError } from '@shared/errors.js'

/** True when an error from Host.readFile means "there is no such file" (LocalHost/SshHost map ENOENT to NOT_FOUND). */
export function isMissingFile(error: unknown): boolean {
  if (error instanceof AppError) return error.code === 'NOT_FOUND'
  const code = (error as { code?: unknown } | null)?.code
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 2
}

function isPermissionError(error: unknown): boolean {
  if (error instanceof AppError) return error.code === 'PERMISSION_DENIED'
  const code = (error as { code?: unknown } | null)?.code
  return code === 'EACCES' || code === 'EPERM' || code === 3
}

/**
 * Reads a text file, or null when it does not exist. When the user may not read it and `privileged`
 * is given, reads it with `cat` as root instead (the reason is shown with the password prompt).
 */
export async function readTextOrNull(
  host: Host,
  path: string,
  privileged?: { reason: string },
): Promise<string | null> {
  try {
    return (await host.readFile(path)).toString('utf8')
  } catch (error) {
    if (isMissingFile(error)) return null
    if (privileged && isPermissionError(error)) {
      const result = await host.privileged('cat', ['--', path], { reason: privileged.reason })
      if (result.code === 0) return result.stdout
      if (/No such file/i.test(result.stderr)) return null
      throw new AppError('COMMAND_FAILED', `Could not read ${path}.`, { detail: result.stderr })
    }
    throw error
  }
}

/** `test -e`: works for directories and for files the user may not read. */
export async function pathExists(
  host: Host,
  path: string,
  test: '-e' | '-d' | '-f' | '-x' = '-e',
): Promise<boolean> {
  const result = await host.exec('test', [test, path])
  return result.code === 0
}

/** Where a command is on the host's PATH, or null. The name is passed as an argument, never spliced into the script. */
export async function commandPath(host: Host, name: string): Promise<string | null> {
  try {
    const result = await host.exec('sh', ['-c', 'command -v -- "$1"', 'sh', name])
    const found = result.stdout.trim()
    return result.code === 0 && found !== '' ? found : null
  } catch (error) {
    if (error instanceof AppError && error.code === 'COMMAND_NOT_FOUND') return null
    throw error
  }
}

/** Names in a directory (`ls -1A`), or null when it does not exist or cannot be listed. */
export async function listDirectory(host: Host, path: string): Promise<string[] | null> {
  const result = await host.exec('ls', ['-1A', '--', path], { env: { LC_ALL: 'C' } })
  if (result.code !== 0) return null
  return result.stdout.split('\n').filter((name) => name !== '')
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}
