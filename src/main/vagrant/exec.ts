import { AppError } from '@shared/errors.js'
import type { Host } from '../host/host.js'

export const INSTALL_HINT =
  'Install Vagrant: Debian/Ubuntu `sudo apt install vagrant` (and `vagrant-libvirt` for KVM).'

/**
 * `vagrant --machine-readable ARGS` on a host, the project folder as VAGRANT_CWD (never a shell
 * argument); stdout and stderr together. A missing vagrant says how to install it.
 */
export async function vagrantExec(
  host: Host,
  cwd: string | undefined,
  args: readonly string[],
  env: Record<string, string> | undefined,
  timeoutMs = 120_000,
): Promise<string> {
  try {
    const r = await host.exec('vagrant', ['--machine-readable', ...args], {
      timeoutMs,
      env: { ...(cwd === undefined ? {} : { VAGRANT_CWD: cwd }), ...env },
    })
    return r.stdout + r.stderr
  } catch (error) {
    if (error instanceof AppError && error.code === 'COMMAND_NOT_FOUND')
      throw new AppError('COMMAND_NOT_FOUND', 'Vagrant is not installed on this host.', {
        detail: INSTALL_HINT,
      })
    throw error
  }
}
