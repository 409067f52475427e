import type {
  LxcAction,
  LxcAvailability,
  LxcActionResult,
  LxcContainer,
  LxcService as LxcServiceName,
  LxcServiceState,
  LxcTemplate,
} from '@shared/containers.js'
import { AppError } from '@shared/errors.js'
import type { HostProcess } from '../host/host.js'
import type { Auditor } from '../services/auditor.js'
import type { HostRegistry } from '../services/host-registry.js'
import { installLxc, lxcInstallCommands, lxcServices, startLxcService } from './lxc/services.js'
import {
  attachLxc,
  createLxc,
  listLxc,
  listTemplates,
  lxcAction,
  lxcAvailability,
  lxcInfo,
  setLink,
  startLxc,
} from './lxc/commands.js'

/** Classic LXC (lxc-* tools) on each host, through the host's commands (privileged where root is needed). */
export class LxcService {
  constructor(private readonly options: { registry: HostRegistry; auditor: Auditor }) {}

  async status(hostId: string): Promise<LxcAvailability> {
    return lxcAvailability(await this.options.registry.get(hostId))
  }

  /** `nonInteractive`: never ask for the sudo password (a summary's read); PERMISSION_DENIED when one is needed. */
  async list(hostId: string, options: { nonInteractive?: boolean } = {}): Promise<LxcContainer[]> {
    const host = await this.options.registry.get(hostId)
    const availability = await lxcAvailability(host)
    if (availability.state !== 'ready')
      throw new AppError('COMMAND_NOT_FOUND', availability.message, {
        detail: `Install them: ${availability.installHint}`,
        data: { lxc: availability },
      })
    return listLxc(host, options)
  }

  async info(hostId: string, name: string): Promise<LxcContainer> {
    return lxcInfo(await this.options.registry.get(hostId), name)
  }

  async templates(hostId: string): Promise<LxcTemplate[]> {
    return listTemplates(await this.options.registry.get(hostId))
  }

  async action(hostId: string, name: string, action: LxcAction): Promise<LxcActionResult> {
    const host = await this.options.registry.get(hostId)
    return this.options.auditor.runAsync({ hostId, target: name, action: `lxc.${action}` }, async () => {
      if (action === 'start') {
        const outcome = await startLxc(host, name)
        if (!outcome.ok && outcome.failure !== undefined)
          return { container: await lxcInfo(host, name), failure: outcome.failure }
      } else await lxcAction(host, name, action)
      return { container: action === 'destroy' ? null : await lxcInfo(host, name) }
    })
  }

  async create(
    hostId: string,
    spec: { name: string; template: string; templateArgs: string[]; bridge?: string },
  ): Promise<LxcContainer> {
    const host = await this.options.registry.get(hostId)
    return this.options.auditor.runAsync({ hostId, target: spec.name, action: 'lxc.create' }, async () => {
      await createLxc(host, spec)
      return lxcInfo(host, spec.name)
    })
  }

  /** The per-container bridge fix: lxc.net.0.link = BRIDGE in /var/lib/lxc/NAME/config. */
  async setLink(hostId: string, name: string, bridge: string): Promise<LxcContainer> {
    const host = await this.options.registry.get(hostId)
    return this.options.auditor.runAsync(
      { hostId, target: name, action: 'lxc.setLink', detail: bridge },
      async () => {
        await setLink(host, name, bridge)
        return lxcInfo(host, name)
      },
    )
  }

  async services(hostId: string): Promise<LxcServiceState[]> {
    return lxcServices(await this.options.registry.get(hostId))
  }

  async startService(hostId: string, name: LxcServiceName): Promise<LxcServiceState> {
    const host = await this.options.registry.get(hostId)
    return this.options.auditor.runAsync({ hostId, target: name, action: 'lxc.startService' }, async () =>
      startLxcService(host, name),
    )
  }

  async installPlan(hostId: string): Promise<{ commands: string[][] }> {
    return { commands: await lxcInstallCommands(await this.options.registry.get(hostId)) }
  }

  /** Installs the LXC tools with the distribution's package manager, as root (progress per command). */
  async install(hostId: string, report: (message: string) => void): Promise<LxcAvailability> {
    const host = await this.options.registry.get(hostId)
    await this.options.auditor.runAsync({ hostId, target: 'lxc', action: 'lxc.install' }, async () =>
      installLxc(host, report),
    )
    return lxcAvailability(host)
  }

  /** A shell in a running container on a pseudo-terminal (for a terminal UI); the caller owns it. */
  async attach(hostId: string, name: string): Promise<HostProcess> {
    return attachLxc(await this.options.registry.get(hostId), name)
  }
}
