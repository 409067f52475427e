import type {
  HostInterface,
  PluginInstallResult,
  VagrantBox,
  VagrantfileOpened,
  VagrantInfo,
  VagrantMachineLink,
  VagrantMachineStatus,
  VagrantProject,
  VagrantRunInput,
  VagrantRunResult,
  VagrantValidation,
} from '@shared/vagrant-contract.js'
import { AppError } from '@shared/errors.js'
import type { VagrantModel } from '@shared/vagrant.js'
import type { VagrantProvider } from '@shared/vagrant.js'
import { modelWarnings, PROVIDERS } from '@shared/vagrant.js'
import type { Host } from '../host/host.js'
import type { CallContext } from '../ipc/router.js'
import type { Auditor } from '../services/auditor.js'
import type { HostRegistry } from '../services/host-registry.js'
import type { Store } from '../store/index.js'
import { VagrantBoxService } from './box-service.js'
import { INSTALL_HINT, vagrantExec } from './exec.js'
import { generateVagrantfile } from './generate.js'
import { hostInterfaces } from './interfaces.js'
import { machineLinks } from './links.js'
import type { OutputLine } from './machine-readable.js'
import { boxes, errorExit, machineStatuses, parseOutput, plugins, uiMessages } from './machine-readable.js'
import { openVagrantfile } from './model-block.js'
import { explainPluginFailure } from './plugins.js'
import { preflight } from './preflight.js'
import { runArgs, cancelNote, progressOf } from './run-plan.js'
import { runVagrant } from './runner.js'

export interface VagrantServiceOptions {
  store: Store
  registry: HostRegistry
  auditor: Auditor
  /** Extra environment for every vagrant run (tests: VAGRANT_HOME). */
  env?: Record<string, string>
}

/** Vagrant projects on any host: the list, their Vagrantfiles (designer or text), validate, status, run. */
export class VagrantService {
  /** The boxes of a host: list, add, remove, outdated. */
  readonly box: VagrantBoxService

  constructor(private readonly options: VagrantServiceOptions) {
    this.box = new VagrantBoxService(options)
  }

  /** The host's bridges and interfaces (the public_network bridge picker). */
  async interfaces(hostId: string): Promise<HostInterface[]> {
    return hostInterfaces(await this.host(hostId))
  }

  /** Which domains and containers are machines of which project (all hosts, or one). */
  links(hostId?: string): Promise<VagrantMachineLink[]> {
    const projects = this.projects().filter((p) => hostId === undefined || p.hostId === hostId)
    return machineLinks(projects, (id) => this.host(id))
  }

  private host(hostId: string): Promise<Host> {
    return this.options.registry.get(hostId)
  }

  private project(projectId: string): VagrantProject {
    const project = this.options.store.vagrantProjects.get(projectId)
    if (project === undefined)
      throw new AppError('NOT_FOUND', 'There is no such Vagrant project.', {
        detail: 'List the projects with: virtdeck vagrant projects',
      })
    return project
  }

  private exec(host: Host, cwd: string | undefined, args: string[], timeoutMs = 120_000): Promise<string> {
    return vagrantExec(host, cwd, args, this.options.env, timeoutMs)
  }

  async detect(hostId: string): Promise<VagrantInfo> {
    const host = await this.host(hostId)
    let version: string
    try {
      const r = await host.exec('vagrant', ['--version'], { timeoutMs: 30_000, ...this.envOption() })
      version = /Vagrant\s+(\S+)/.exec(r.stdout)?.[1] ?? r.stdout.trim()
    } catch (error) {
      if (error instanceof AppError && error.code === 'COMMAND_NOT_FOUND')
        return { hostId, installed: false, plugins: [], problem: `Vagrant is not installed. ${INSTALL_HINT}` }
      throw error
    }
    const list = parseOutput(await this.exec(host, undefined, ['plugin', 'list']))
    const error = errorExit(list)
    return {
      hostId,
      installed: true,
      version,
      plugins: plugins(list),
      ...(error === undefined ? {} : { problem: `vagrant plugin list failed: ${error.message}` }),
    }
  }

  private envOption(): { env?: Record<string, string> } {
    return this.options.env === undefined ? {} : { env: this.options.env }
  }

  async installPlugin(hostId: string, plugin: string, context: CallContext): Promise<PluginInstallResult> {
    const host = await this.host(hostId)
    return this.options.auditor.runAsync(
      { hostId, target: plugin, action: 'vagrant.plugin.install' },
      async () => {
        const outcome = await runVagrant(host, {
          cwd: '/',
          args: ['plugin', 'install', plugin],
          ...this.envOption(),
          signal: context.signal,
          onLine: (line) => context.progress({ message: lineText(line) }),
        })
        if (outcome.cancelled) throw new AppError('CANCELLED', `Installing ${plugin} was cancelled`)
        const output = outcome.lines.map(lineText).join('\n')
        const installed = outcome.code === 0 && errorExit(outcome.lines) === undefined
        return installed
          ? { plugin, installed, output }
          : { plugin, installed, output, explanation: explainPluginFailure(plugin, output) }
      },
    )
  }

  projects(): VagrantProject[] {
    return this.options.store.vagrantProjects.list()
  }

  private register(hostId: string, path: string, name: string | undefined): VagrantProject {
    const folder = path.replace(/\/+$/, '') || '/'
    const existing = this.options.store.vagrantProjects.find(hostId, folder)
    if (existing !== undefined) return existing
    return this.options.store.vagrantProjects.add(hostId, folder, name ?? (folder.split('/').pop() || folder))
  }

  /** Adds an existing folder; it must hold a Vagrantfile. */
  async add(hostId: string, path: string, name?: string): Promise<VagrantProject> {
    const host = await this.host(hostId)
    await host.readFile(`${path.replace(/\/+$/, '')}/Vagrantfile`).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'NOT_FOUND')
        throw new AppError('NOT_FOUND', `There is no Vagrantfile in ${path}.`, {
          detail: 'Pick the folder that holds the Vagrantfile, or create a new project from the designer.',
        })
      throw error
    })
    return this.register(hostId, path, name)
  }

  /** A new project from the designer: makes the folder and writes the generated Vagrantfile. */
  async create(
    hostId: string,
    path: string,
    name: string | undefined,
    model: VagrantModel,
  ): Promise<VagrantProject> {
    const host = await this.host(hostId)
    const folder = path.replace(/\/+$/, '')
    const current = await this.readOpened(host, folder)
    if (current !== undefined && current.kind !== 'designer')
      throw new AppError('CONFLICT', `${folder} already holds a Vagrantfile that VirtDeck did not write.`, {
        detail: 'Add the folder as a project instead; its Vagrantfile opens as text and is never rewritten.',
      })
    const mk = await host.exec('mkdir', ['-p', '--', folder])
    if (mk.code !== 0)
      throw new AppError('COMMAND_FAILED', `Could not create ${folder}`, { detail: mk.stderr.trim() })
    await host.writeFile(`${folder}/Vagrantfile`, generateVagrantfile(model))
    return this.register(hostId, folder, name)
  }

  remove(projectId: string): { removed: boolean } {
    return { removed: this.options.store.vagrantProjects.remove(projectId) }
  }

  private async readOpened(host: Host, folder: string): Promise<VagrantfileOpened | undefined> {
    try {
      return openVagrantfile((await host.readFile(`${folder}/Vagrantfile`)).toString('utf8'))
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return undefined
      throw error
    }
  }

  async open(projectId: string): Promise<VagrantfileOpened> {
    const project = this.project(projectId)
    const opened = await this.readOpened(await this.host(project.hostId), project.path)
    if (opened === undefined)
      throw new AppError('NOT_FOUND', `The Vagrantfile of ${project.name} is gone from ${project.path}.`)
    return opened
  }

  generate(model: VagrantModel): { text: string; warnings: string[] } {
    return { text: generateVagrantfile(model), warnings: modelWarnings(model) }
  }

  /** Writes the designer's model; refuses to overwrite a file edited or written by hand. */
  async save(projectId: string, model: VagrantModel): Promise<VagrantValidation> {
    const project = this.project(projectId)
    const host = await this.host(project.hostId)
    const current = await this.readOpened(host, project.path)
    if (current !== undefined && current.kind !== 'designer')
      throw new AppError(
        'CONFLICT',
        'This Vagrantfile was written or changed by hand; the designer will not overwrite it.',
        {
          detail: 'Edit it as text, or create a new project from the designer.',
        },
      )
    await host.writeFile(`${project.path}/Vagrantfile`, generateVagrantfile(model))
    return this.validate(projectId)
  }

  /**
   * Writes a Vagrantfile edited as text (a hand-written one, or one the user chose to edit by hand),
   * but only when the file on the host is still the one the editor opened: a change made meanwhile
   * (another editor, `git pull`) is never overwritten. Then validates it.
   */
  async saveText(projectId: string, text: string, opened: string): Promise<VagrantValidation> {
    const project = this.project(projectId)
    const host = await this.host(project.hostId)
    const path = `${project.path}/Vagrantfile`
    let current: string
    try {
      current = (await host.readFile(path)).toString('utf8')
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND')
        throw new AppError('NOT_FOUND', `The Vagrantfile of ${project.name} is gone from ${project.path}.`)
      throw error
    }
    if (current !== opened)
      throw new AppError(
        'CONFLICT',
        `The Vagrantfile of ${project.name} changed on the host since you opened it.`,
        {
          detail: 'Nothing was written. Open it again to see the current text, then make your edit again.',
        },
      )
    await host.writeFile(path, text)
    return this.validate(projectId)
  }

  /** `vagrant validate`, its messages tied to the machine being validated, plus VirtDeck's own warnings. */
  async validate(projectId: string): Promise<VagrantValidation> {
    const project = this.project(projectId)
    const host = await this.host(project.hostId)
    const opened = await this.readOpened(host, project.path)
    const model = opened !== undefined && opened.kind !== 'handwritten' ? opened.model : undefined
    // The plugin and box lists for the pre-flight checks are read while validate runs.
    const [output, pluginList, boxList] = await Promise.all([
      this.exec(host, project.path, ['validate']),
      model === undefined ? Promise.resolve('') : this.exec(host, undefined, ['plugin', 'list']),
      model === undefined ? Promise.resolve('') : this.exec(host, undefined, ['box', 'list']),
    ])
    const lines = parseOutput(output, model?.machines.map((m) => m.name) ?? [])
    const provider = lines.find(
      (l) => l.kind === 'record' && l.type === 'metadata' && l.data[0] === 'provider',
    )
    const providerName = provider?.kind === 'record' ? provider.data[1] : undefined
    const checks =
      model !== undefined && (PROVIDERS as readonly string[]).includes(providerName ?? '')
        ? await preflight(host, model, {
            provider: providerName as VagrantProvider,
            plugins: plugins(parseOutput(pluginList)),
            boxes: boxes(parseOutput(boxList)),
          })
        : []
    return {
      ok: errorExit(lines) === undefined && !lines.some((l) => l.kind === 'text' && l.text.trim() !== ''),
      messages: attributeToMachine(lines),
      warnings: model === undefined ? [] : modelWarnings(model),
      preflight: checks,
    }
  }

  async status(projectId: string): Promise<VagrantMachineStatus[]> {
    const project = this.project(projectId)
    const host = await this.host(project.hostId)
    const lines = parseOutput(
      await this.exec(host, project.path, ['status']),
      await this.machineNames(host, project),
    )
    const error = errorExit(lines)
    if (error !== undefined || (lines.length > 0 && lines.every((l) => l.kind === 'text')))
      throw new AppError('COMMAND_FAILED', `vagrant status failed in ${project.path}`, {
        detail: error?.message ?? lines.map(lineText).join('\n'),
      })
    return Promise.all(machineStatuses(lines).map((m) => this.withId(host, project.path, m)))
  }

  /** The machine's id as Vagrant keeps it: how a libvirt domain or a container is linked to its project. */
  private async withId(
    host: Host,
    folder: string,
    machine: VagrantMachineStatus,
  ): Promise<VagrantMachineStatus> {
    if (machine.provider === undefined || machine.state === 'not_created') return machine
    try {
      const id = (await host.readFile(`${folder}/.vagrant/machines/${machine.name}/${machine.provider}/id`))
        .toString('utf8')
        .trim()
      return id === '' ? machine : { ...machine, id }
    } catch {
      return machine
    }
  }

  /** The boxes installed for the user on a host. */
  boxes(hostId: string): Promise<VagrantBox[]> {
    return this.box.list(hostId)
  }

  private async machineNames(host: Host, project: VagrantProject): Promise<string[]> {
    const opened = await this.readOpened(host, project.path).catch(() => undefined)
    return opened !== undefined && opened.kind !== 'handwritten'
      ? opened.model.machines.map((m) => m.name)
      : []
  }

  /** up / halt / reload / provision / suspend / resume / destroy (always with -f), streamed. */
  async run(input: VagrantRunInput, context: CallContext): Promise<VagrantRunResult> {
    const project = this.project(input.projectId)
    const host = await this.host(project.hostId)
    const targets = await this.machineNames(host, project)
    const subject = { hostId: project.hostId, target: project.path, action: `vagrant.${input.action}` }
    return this.options.auditor.runAsync(subject, async () => {
      const outcome = await runVagrant(host, {
        cwd: project.path,
        args: runArgs(input),
        ...this.envOption(),
        signal: context.signal,
        targets,
        onLine: (line) => {
          const progress = progressOf(line)
          if (progress !== undefined) context.progress(progress)
        },
      })
      const machines = await this.status(project.id).catch(() => [])
      const error = errorExit(outcome.lines)
      return {
        action: input.action,
        ok: outcome.code === 0 && !outcome.cancelled && error === undefined,
        cancelled: outcome.cancelled,
        exitCode: outcome.code,
        machines,
        ...(error === undefined ? {} : { error }),
        ...(outcome.cancelled ? { cancelNote: cancelNote(input.action, machines) } : {}),
        durationMs: outcome.durationMs,
      }
    })
  }
}

export function lineText(line: OutputLine): string {
  if (line.kind === 'text') return line.text
  if (line.type === 'ui') return line.data.slice(1).join(',')
  return `${line.target ?? ''} ${line.type} ${line.data.join(' ')}`.trim()
}

/**
 * Validation errors carry no target. Vagrant loads every machine first (one metadata line each),
 * then validates them in order and stops at the first with errors, without naming it: an error
 * can be tied to its machine only when the project has one.
 */
function attributeToMachine(lines: readonly OutputLine[]): VagrantValidation['messages'] {
  const machines = new Set<string>()
  for (const l of lines)
    if (l.kind === 'record' && l.type === 'metadata' && l.target !== undefined) machines.add(l.target)
  const only = machines.size === 1 ? [...machines][0] : undefined
  return uiMessages(lines).map((m) =>
    m.machine === undefined && m.level === 'error' && only !== undefined ? { ...m, machine: only } : m,
  )
}
