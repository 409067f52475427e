import type { LxcService as LxcServiceName, LxcServiceState } from '@shared/containers.js'
import { AppError } from '@shared/errors.js'
import { readDistro } from '../../checks/distro.js'
import { HostReader } from '../../checks/host-io.js'
import type { Host } from '../../host/host.js'

/**
 * The services LXC needs (`lxc` autostarts containers, `lxc-net` makes lxcbr0; on the RHEL family
 * `libvirtd` gives virbr0 instead), their state, starting one, and installing the tools — each
 * through privileged() with the distribution's own commands.
 */

async function ok(
  host: Host,
  file: string,
  args: string[],
): Promise<{ code: number | null; stdout: string }> {
  return host.exec(file, args).catch(() => ({ code: 1, stdout: '' }))
}

async function systemdRuns(host: Host): Promise<boolean> {
  return (await ok(host, 'test', ['-d', '/run/systemd/system'])).code === 0
}

/** What the service does, in the user's words. */
const PURPOSE: Record<LxcServiceName, string> = {
  lxc: 'Starts the containers marked autostart at boot',
  'lxc-net': 'Creates the lxcbr0 bridge (with DHCP and NAT) that Debian’s default container config links to',
  libvirtd: 'Runs libvirt’s default network, whose virbr0 the containers link to on RHEL-family hosts',
}

/** Without systemd (an init-script host), what shows the service runs. */
async function probeWithoutSystemd(
  host: Host,
  name: LxcServiceName,
): Promise<'active' | 'inactive' | 'unknown'> {
  if (name === 'lxc-net')
    return (await ok(host, 'ip', ['link', 'show', 'lxcbr0'])).code === 0 ? 'active' : 'inactive'
  if (name === 'libvirtd') {
    const daemons = await Promise.all(['libvirtd', 'virtqemud'].map((d) => ok(host, 'pgrep', ['-x', d])))
    return daemons.some((d) => d.code === 0) ? 'active' : 'inactive'
  }
  return 'unknown'
}

export async function lxcServiceNames(host: Host): Promise<LxcServiceName[]> {
  const distro = await readDistro(new HostReader(host))
  return distro.family === 'fedora' ? ['lxc', 'lxc-net', 'libvirtd'] : ['lxc', 'lxc-net']
}

export async function lxcServices(host: Host): Promise<LxcServiceState[]> {
  const systemd = await systemdRuns(host)
  return Promise.all(
    (await lxcServiceNames(host)).map(async (name): Promise<LxcServiceState> => {
      if (systemd) {
        const active = (await ok(host, 'systemctl', ['is-active', `${name}.service`])).stdout.trim()
        const enabled = (await ok(host, 'systemctl', ['is-enabled', `${name}.service`])).stdout.trim()
        return {
          name,
          purpose: PURPOSE[name],
          state: active === 'active' ? 'active' : active === '' ? 'unknown' : 'inactive',
          detail: `systemctl: ${active || '?'}${enabled === '' ? '' : `, ${enabled}`}`,
          startCommand: ['systemctl', 'start', `${name}.service`],
        }
      }
      const script = `/etc/init.d/${name}`
      const hasScript = (await ok(host, 'test', ['-x', script])).code === 0
      return {
        name,
        purpose: PURPOSE[name],
        state: await probeWithoutSystemd(host, name),
        detail: hasScript ? `no systemd; init script ${script}` : `no systemd and no ${script}`,
        ...(hasScript ? { startCommand: [script, 'start'] } : {}),
      }
    }),
  )
}

export async function startLxcService(host: Host, name: LxcServiceName): Promise<LxcServiceState> {
  const service = (await lxcServices(host)).find((s) => s.name === name)
  if (service === undefined)
    throw new AppError('INVALID_INPUT', `${name} is not one of the services LXC needs on this host`)
  const [file, ...args] = service.startCommand ?? []
  if (file === undefined)
    throw new AppError('COMMAND_NOT_FOUND', `There is no way to start ${name} here`, {
      detail: `${service.detail}. Install the lxc package (it ships the service), then try again.`,
    })
  const result = await host.privileged(file, args, {
    reason: `Start the ${name} service for LXC`,
    timeoutMs: 120_000,
  })
  if (result.code !== 0)
    throw new AppError(
      'COMMAND_FAILED',
      `\`${[file, ...args].join(' ')}\` failed (exit ${String(result.code)})`,
      {
        detail: (result.stderr || result.stdout).trim(),
      },
    )
  const after = (await lxcServices(host)).find((s) => s.name === name)
  return after ?? service
}

/** The install commands for the host's distribution (each run as root, in order). */
export async function lxcInstallCommands(host: Host): Promise<string[][]> {
  const distro = await readDistro(new HostReader(host))
  if (distro.family === 'debian') return [['apt-get', 'install', '-y', 'lxc']]
  if (distro.family === 'fedora')
    return [
      ['yum', 'install', '-y', 'epel-release'],
      ['yum', 'install', '-y', 'lxc', 'lxc-templates', 'libvirt'],
    ]
  throw new AppError('UNSUPPORTED', 'VirtDeck does not know this distribution’s LXC packages', {
    detail: 'Install lxc (and its templates) with the distribution’s package manager.',
  })
}

export async function installLxc(host: Host, report: (message: string) => void): Promise<void> {
  for (const [file, ...args] of await lxcInstallCommands(host)) {
    if (file === undefined) continue
    report(`Running ${[file, ...args].join(' ')}…`)
    const result = await host.privileged(file, args, { reason: 'Install the LXC tools', timeoutMs: 900_000 })
    if (result.code !== 0)
      throw new AppError(
        'COMMAND_FAILED',
        `\`${[file, ...args].join(' ')}\` failed (exit ${String(result.code)})`,
        {
          detail: `${(result.stderr || result.stdout).trim().split('\n').slice(-15).join('\n')}\n\nWithout network access the package manager cannot download the packages.`,
        },
      )
  }
}
