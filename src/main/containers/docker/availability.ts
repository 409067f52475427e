import type Docker from 'dockerode'
import type { DockerAvailability } from '@shared/containers.js'
import { AppError } from '@shared/errors.js'
import { HostReader } from '../../checks/host-io.js'
import { readDistro, type DistroFamily } from '../../checks/distro.js'
import type { Host } from '../../host/host.js'
import { DOCKER_SOCKET } from './client.js'

const INSTALL: Record<DistroFamily, string | undefined> = {
  debian: 'sudo apt-get install docker.io',
  fedora: 'sudo dnf install moby-engine (Fedora) or docker-ce from download.docker.com (RHEL family)',
  arch: 'sudo pacman -S docker',
  suse: 'sudo zypper install docker',
  unknown: undefined,
}

export const GROUP_HINT =
  'Add your user to the `docker` group (sudo usermod -aG docker $USER, then log in again) — ' +
  'but know what it means: whoever can use the Docker socket can start a container that mounts / ' +
  'and is root on this machine. Membership is root-equivalent. Otherwise run VirtDeck’s Docker ' +
  'actions as root, or use rootless Docker.'

/** The command that starts the daemon (run through privileged()). */
export function startCommand(hasSystemd: boolean): string[] {
  return hasSystemd ? ['systemctl', 'start', 'docker'] : ['service', 'docker', 'start']
}

/**
 * Ready (with versions), or why Docker cannot be used: not installed (with the install command for
 * the distribution), the daemon not running (with the start command), or no permission on the socket.
 */
export async function dockerAvailability(
  host: Host,
  docker: Docker,
  socketPath: string = DOCKER_SOCKET,
): Promise<DockerAvailability> {
  try {
    const version = await docker.version()
    const info = (await docker.info()) as { CgroupVersion?: string; SecurityOptions?: string[] }
    return {
      state: 'ready',
      version: version.Version,
      apiVersion: version.ApiVersion,
      ...(info.CgroupVersion === undefined ? {} : { cgroupVersion: info.CgroupVersion }),
      rootless: (info.SecurityOptions ?? []).some((o) => o.includes('rootless')),
    }
  } catch (error) {
    return diagnose(host, socketPath, error)
  }
}

async function diagnose(host: Host, socketPath: string, error: unknown): Promise<DockerAvailability> {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined
  const where = host.kind === 'local' ? 'this computer' : host.id
  const installed = await host
    .exec('sh', ['-c', 'command -v dockerd || test -x /usr/bin/dockerd || test -x /usr/sbin/dockerd'])
    .then((r) => r.code === 0)
    .catch(() => false)
  const socketExists = (await host.exec('test', ['-S', socketPath]).catch(() => ({ code: 1 }))).code === 0
  if (!installed && !socketExists) {
    const distro = await readDistro(new HostReader(host))
    const hint = INSTALL[distro.family]
    return {
      state: 'not-installed',
      message: `Docker is not installed on ${where}`,
      ...(hint === undefined ? {} : { installHint: hint }),
    }
  }
  const writable =
    socketExists && (await host.exec('test', ['-w', socketPath]).catch(() => ({ code: 1 }))).code === 0
  if (socketExists && (code === 'EACCES' || !writable)) {
    return {
      state: 'permission-denied',
      message: `No permission to use ${socketPath} on ${where}`,
      socket: socketPath,
      groupHint: GROUP_HINT,
    }
  }
  const systemd =
    (await host.exec('test', ['-d', '/run/systemd/system']).catch(() => ({ code: 1 }))).code === 0
  return {
    state: 'not-running',
    message: `Docker is installed on ${where} but its daemon is not running`,
    startCommand: startCommand(systemd),
  }
}

/** A Docker that cannot be used, as an error with what to do. */
export function availabilityError(availability: Exclude<DockerAvailability, { state: 'ready' }>): AppError {
  switch (availability.state) {
    case 'not-installed':
      return new AppError('COMMAND_NOT_FOUND', availability.message, {
        detail:
          availability.installHint === undefined
            ? 'Install Docker with the distribution’s package manager.'
            : `Install it: ${availability.installHint}`,
        data: { docker: availability },
      })
    case 'not-running':
      return new AppError('NOT_FOUND', availability.message, {
        detail: `Start it: ${availability.startCommand.join(' ')} (VirtDeck can do it for you, as root).`,
        data: { docker: availability },
      })
    case 'permission-denied':
      return new AppError('PERMISSION_DENIED', availability.message, {
        detail: availability.groupHint,
        data: { docker: availability },
      })
  }
}
