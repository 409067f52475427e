import { randomBytes } from 'node:crypto'
import type {
  LxcAction,
  LxcAvailability,
  LxcContainer,
  LxcStartFailure,
  LxcTemplate,
} from '@shared/containers.js'
import { LXC_NAME_PATTERN } from '@shared/containers.js'
import { AppError } from '@shared/errors.js'
import { HostReader } from '../../checks/host-io.js'
import { readDistro } from '../../checks/distro.js'
import type { ExecResult, Host, HostProcess } from '../../host/host.js'
import { configLinks, readStartFailure, setConfigValue } from './config.js'
import { parseLxcInfo, parseLxcLsFancy } from './parse.js'

export const TEMPLATES_DIR = '/usr/share/lxc/templates'
export const LXC_PATH = '/var/lib/lxc'
/** Templates that build a root filesystem from this host alone; the others fetch from the network. */
const OFFLINE_TEMPLATES = new Set(['busybox', 'local', 'sshd'])
const FANCY_COLUMNS = 'NAME,STATE,PID,AUTOSTART,GROUPS,INTERFACE,IPV4,IPV6,UNPRIVILEGED'

/** Names reach commands only as arguments, but are still held to LXC's safe set (they become folders). */
export function checkName(name: string): void {
  if (!LXC_NAME_PATTERN.test(name))
    throw new AppError('INVALID_INPUT', `Not an LXC container name: ${JSON.stringify(name)}`, {
      detail: 'Use letters, digits, and _ . - (not first), at most 64 characters.',
    })
}

function failed(what: string, result: ExecResult): AppError {
  return new AppError('COMMAND_FAILED', `Could not ${what}`, {
    detail: (result.stderr || result.stdout).trim() || `exit ${String(result.code)}`,
  })
}

export async function lxcAvailability(host: Host): Promise<LxcAvailability> {
  try {
    const result = await host.exec('lxc-create', ['--version'])
    if (result.code !== 0) throw new AppError('COMMAND_FAILED', result.stderr)
    return {
      state: 'ready',
      version: result.stdout.trim(),
      templates: (await listTemplateNames(host)).sort(),
    }
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'COMMAND_NOT_FOUND') throw error
    const distro = await readDistro(new HostReader(host))
    return {
      state: 'not-installed',
      message: `The LXC tools are not installed on ${host.kind === 'local' ? 'this computer' : host.id}`,
      installHint:
        distro.family === 'fedora'
          ? 'sudo yum install epel-release && sudo yum install lxc lxc-templates libvirt (then start libvirtd for virbr0)'
          : distro.family === 'debian'
            ? 'sudo apt-get install lxc'
            : 'Install the lxc package (and its templates) with the distribution’s package manager',
    }
  }
}

async function listTemplateNames(host: Host): Promise<string[]> {
  const result = await host.exec('ls', ['-1', TEMPLATES_DIR]).catch(() => undefined)
  if (result === undefined || result.code !== 0) return []
  return result.stdout
    .split('\n')
    .map((f) => f.trim())
    .filter((f) => f.startsWith('lxc-'))
    .map((f) => f.slice(4))
}

/** Every container, from `lxc-ls --fancy` with a fixed column set (parsed by header, not by position). */
export async function listLxc(
  host: Host,
  options: { nonInteractive?: boolean } = {},
): Promise<LxcContainer[]> {
  const result = await host.privileged('lxc-ls', ['--fancy', '--fancy-format', FANCY_COLUMNS], {
    reason: 'List the LXC containers (they belong to root)',
    ...(options.nonInteractive === true ? { nonInteractive: true } : {}),
  })
  if (result.code !== 0) throw failed('list the LXC containers', result)
  return parseLxcLsFancy(result.stdout)
}

export async function lxcInfo(host: Host, name: string): Promise<LxcContainer> {
  checkName(name)
  const result = await host.privileged('lxc-info', ['-n', name], {
    reason: `Read the state of the LXC container ${name}`,
  })
  const info = parseLxcInfo(result.stdout)
  if (result.code !== 0 || info === undefined) {
    if (/doesn't exist|does not exist/.test(result.stderr + result.stdout))
      throw new AppError('NOT_FOUND', `There is no LXC container ${name}`)
    throw failed(`read the state of ${name}`, result)
  }
  const config = await host.readFile(`${LXC_PATH}/${name}/config`).catch(() => undefined)
  if (config !== undefined && info.links.length === 0)
    info.links = configLinks(config.toString('utf8')).map((l) => l.link)
  return info
}

/** The template list, each with its `--help` options and whether it needs the network. */
export async function listTemplates(host: Host): Promise<LxcTemplate[]> {
  const names = await listTemplateNames(host)
  const offline = names.some((n) => !OFFLINE_TEMPLATES.has(n)) ? await offlineReason(host) : undefined
  return Promise.all(
    names.sort().map(async (name) => {
      const path = `${TEMPLATES_DIR}/lxc-${name}`
      const help = await host.exec(path, ['--help'], { timeoutMs: 10_000 }).catch(() => undefined)
      const options = (help === undefined ? '' : `${help.stdout}\n${help.stderr}`)
        .split('\n')
        .filter((l) => /^\s*(\[\s*)?-{1,2}[a-zA-Z]/.test(l))
        .map((l) => l.trim())
      const needsNetwork = !OFFLINE_TEMPLATES.has(name)
      return {
        name,
        path,
        needsNetwork,
        options,
        ...(needsNetwork && offline !== undefined ? { offline } : {}),
      }
    }),
  )
}

/** The image server the download template uses. */
const IMAGE_SERVER = 'images.linuxcontainers.org'

/**
 * Why the host looks offline for the network templates (no default route, or the download
 * template's image server does not resolve), or undefined when it looks online.
 */
export async function offlineReason(host: Host): Promise<string | undefined> {
  const route = await host.exec('ip', ['route', 'show', 'default']).catch(() => undefined)
  if (route !== undefined && route.code === 0 && route.stdout.trim() === '')
    return 'This host has no default route: it is offline.'
  const resolved = await host
    .exec('getent', ['hosts', IMAGE_SERVER], { timeoutMs: 5_000 })
    .catch(() => undefined)
  if (resolved === undefined || resolved.code !== 0)
    return `This host cannot resolve ${IMAGE_SERVER}: it looks offline (or has no DNS).`
  return undefined
}

export interface StartOutcome {
  ok: boolean
  failure?: LxcStartFailure
}

/** `lxc-start` with a log file: when it fails (it only says "The container failed to start"), the log is read and explained. */
export async function startLxc(host: Host, name: string): Promise<StartOutcome> {
  checkName(name)
  const log = `/tmp/virtdeck-lxc-start-${randomBytes(6).toString('hex')}.log`
  const reason = `Start the LXC container ${name}`
  const result = await host.privileged('lxc-start', ['-n', name, '--logfile', log, '--logpriority', 'INFO'], {
    reason,
  })
  try {
    if (result.code === 0) return { ok: true }
    const text = await host
      .privileged('cat', [log], { reason })
      .then((r) => r.stdout)
      .catch(() => '')
    return {
      ok: false,
      failure: readStartFailure(`${text}\n${result.stderr}`, { configPath: `${LXC_PATH}/${name}/config` }),
    }
  } finally {
    await host.privileged('rm', ['-f', log], { reason }).catch(() => undefined)
  }
}

const ACTION_COMMANDS: Record<
  Exclude<LxcAction, 'start'>,
  (name: string, timeoutSec: number) => [string, string[]]
> = {
  // Asks init to shut down, kills after the timeout (busybox's init ignores LXC's SIGPWR).
  stop: (name, timeoutSec) => ['lxc-stop', ['-n', name, '-t', String(timeoutSec)]],
  kill: (name) => ['lxc-stop', ['-n', name, '-k']],
  freeze: (name) => ['lxc-freeze', ['-n', name]],
  unfreeze: (name) => ['lxc-unfreeze', ['-n', name]],
  destroy: (name) => ['lxc-destroy', ['-n', name, '-f']],
}

/** stop / kill / freeze / unfreeze / destroy (start goes through startLxc for its log). */
export async function lxcAction(
  host: Host,
  name: string,
  action: Exclude<LxcAction, 'start'>,
  options: { timeoutSec?: number } = {},
): Promise<void> {
  checkName(name)
  const [file, args] = ACTION_COMMANDS[action](name, options.timeoutSec ?? 30)
  const result = await host.privileged(file, args, {
    reason: `${action} the LXC container ${name}`,
    timeoutMs: 120_000,
  })
  if (result.code !== 0) throw failed(`${action} the LXC container ${name}`, result)
}

/** `lxc-create -t TEMPLATE -- ARGS`, then `lxc.net.0.link = BRIDGE` in the new config when asked. */
export async function createLxc(
  host: Host,
  spec: { name: string; template: string; templateArgs: readonly string[]; bridge?: string },
): Promise<void> {
  checkName(spec.name)
  const args = ['-n', spec.name, '-t', spec.template]
  if (spec.templateArgs.length > 0) args.push('--', ...spec.templateArgs)
  const result = await host.privileged('lxc-create', args, {
    reason: `Create the LXC container ${spec.name}`,
    timeoutMs: 600_000,
  })
  if (result.code !== 0) {
    const offline = !OFFLINE_TEMPLATES.has(spec.template)
    throw new AppError('COMMAND_FAILED', `Could not create the LXC container ${spec.name}`, {
      detail:
        (result.stderr || result.stdout).trim() +
        (offline ? `\nThe ${spec.template} template downloads a root filesystem: it needs the network.` : ''),
    })
  }
  if (spec.bridge !== undefined) await setLink(host, spec.name, spec.bridge)
}

/** Sets lxc.net.0.link in a container's config (the per-container form of the virbr0 fix). */
export async function setLink(host: Host, name: string, bridge: string): Promise<void> {
  checkName(name)
  if (!/^[a-zA-Z0-9_.-]{1,15}$/.test(bridge))
    throw new AppError('INVALID_INPUT', `Not a bridge name: ${bridge}`)
  const path = `${LXC_PATH}/${name}/config`
  const before = (await host.readFile(path)).toString('utf8')
  await host.writeFile(path, setConfigValue(before, 'lxc.net.0.link', bridge))
}

/**
 * `lxc-attach` in a pseudo-terminal (util-linux `script` allocates it) for a terminal UI. The
 * container name is checked against LXC's safe set before it is placed in script's command.
 */
export async function attachLxc(host: Host, name: string): Promise<HostProcess> {
  checkName(name)
  return host.spawn('script', ['-q', '-e', '-c', `lxc-attach -n ${name}`, '/dev/null'])
}
