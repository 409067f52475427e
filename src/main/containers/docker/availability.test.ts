import type { Duplex } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { AppError } from '@shared/errors.js'
import type { ExecResult, Host } from '../../host/host.js'
import { dockerAvailability } from './availability.js'
import { dockerFor } from './client.js'

/**
 * Stand-in host (there is no machine without Docker here): every command "fails", /etc/os-release
 * says which distribution; the socket is unreachable. Only what dockerAvailability reads.
 */
function machineWithoutDocker(osRelease: string): Host {
  const failed: ExecResult = { stdout: '', stderr: '', code: 1 }
  const unsupported = (): Promise<never> => Promise.reject(new AppError('UNSUPPORTED', 'stand-in'))
  return {
    id: 'stand-in',
    kind: 'ssh',
    exec: async () => failed,
    spawn: unsupported,
    readFile: async (path: string) => {
      if (path === '/etc/os-release') return Buffer.from(osRelease)
      throw new AppError('NOT_FOUND', path)
    },
    writeFile: unsupported,
    privileged: unsupported,
    openSocket: (): Promise<Duplex> => Promise.reject(new AppError('NOT_FOUND', 'no socket')),
    openTcp: unsupported,
    state: () => ({ status: 'connected' }),
    onStateChange: () => () => undefined,
    close: async () => undefined,
  }
}

describe('dockerAvailability on a machine without Docker (stand-in host)', () => {
  it.each([
    ['ID=debian\nPRETTY_NAME="Debian GNU/Linux 12"', /apt-get install docker.io/],
    ['ID="rocky"\nID_LIKE="rhel centos fedora"', /dnf install|docker-ce/],
    ['ID=arch', /pacman -S docker/],
  ])('says "not installed" with the install command for %s', async (osRelease, hint) => {
    const host = machineWithoutDocker(osRelease)
    const state = await dockerAvailability(host, dockerFor(host))
    expect(state.state).toBe('not-installed')
    expect(state.state === 'not-installed' && state.installHint).toMatch(hint)
  })
})
