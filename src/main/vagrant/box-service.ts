import { AppError } from '@shared/errors.js'
import type {
  VagrantBox,
  VagrantBoxAddInput,
  VagrantBoxAddResult,
  VagrantBoxOutdated,
  VagrantBoxRemoveInput,
  VagrantBoxRemoveResult,
} from '@shared/vagrant-contract.js'
import type { Host } from '../host/host.js'
import type { CallContext } from '../ipc/router.js'
import type { Auditor } from '../services/auditor.js'
import type { HostRegistry } from '../services/host-registry.js'
import { boxUsersFromIndex } from './box-users.js'
import { boxAddArgs, parseOutdated } from './boxes.js'
import { vagrantExec } from './exec.js'
import { boxes, errorExit, parseOutput, uiMessages } from './machine-readable.js'
import { runVagrant } from './runner.js'

export interface VagrantBoxServiceOptions {
  registry: HostRegistry
  auditor: Auditor
  env?: Record<string, string>
}

function outputText(lines: ReturnType<typeof parseOutput>): string {
  return lines
    .map((l) => (l.kind === 'text' ? l.text : l.type === 'ui' ? l.data.slice(1).join(',') : ''))
    .filter((t) => t.trim() !== '')
    .join('\n')
}

function inUse(name: string, users: string[]): VagrantBoxRemoveResult {
  const who = users.length === 0 ? 'machines' : users.length === 1 ? 'a machine' : `${users.length} machines`
  return {
    removed: false,
    inUseBy: users,
    message: `${name} is still used by ${who}${users.length === 0 ? '' : ` (${users.join(', ')})`}. It was kept: destroy those machines with Vagrant first, then remove the box.`,
  }
}

/** The boxes of a host: list, add (streamed, cancellable), remove (never one in use), outdated check. */
export class VagrantBoxService {
  constructor(private readonly options: VagrantBoxServiceOptions) {}

  private host(hostId: string): Promise<Host> {
    return this.options.registry.get(hostId)
  }

  async list(hostId: string): Promise<VagrantBox[]> {
    const lines = parseOutput(
      await vagrantExec(await this.host(hostId), undefined, ['box', 'list'], this.options.env),
    )
    const error = errorExit(lines)
    if (error !== undefined)
      throw new AppError('COMMAND_FAILED', 'vagrant box list failed', { detail: error.message })
    return boxes(lines)
  }

  async add(input: VagrantBoxAddInput, context: CallContext): Promise<VagrantBoxAddResult> {
    const host = await this.host(input.hostId)
    if (input.source.startsWith('/') && input.name === undefined && !input.source.endsWith('.json'))
      throw new AppError('INVALID_INPUT', 'Name the box: a .box file carries no name of its own.', {
        detail: 'Give a name like myorg/debian12; machines refer to the box by it.',
      })
    return this.options.auditor.runAsync(
      { hostId: input.hostId, target: input.name ?? input.source, action: 'vagrant.box.add' },
      async () => {
        const outcome = await runVagrant(host, {
          cwd: '/',
          args: boxAddArgs(input),
          ...(this.options.env === undefined ? {} : { env: this.options.env }),
          signal: context.signal,
          onLine: (line) => {
            const text = outputText([line])
            if (text !== '') context.progress({ message: text })
          },
        })
        const error = errorExit(outcome.lines)
        const list = await this.list(input.hostId).catch(() => [])
        return {
          added: outcome.code === 0 && !outcome.cancelled && error === undefined,
          cancelled: outcome.cancelled,
          boxes: list,
          ...(error === undefined ? {} : { error }),
          output: outputText(outcome.lines),
        }
      },
    )
  }

  async remove(input: VagrantBoxRemoveInput): Promise<VagrantBoxRemoveResult> {
    const host = await this.host(input.hostId)
    const args = ['box', 'remove']
    if (input.provider !== undefined) args.push('--provider', input.provider)
    if (input.version !== undefined) args.push('--box-version', input.version)
    else args.push('--all')
    return this.options.auditor.runAsync(
      { hostId: input.hostId, target: input.name, action: 'vagrant.box.remove' },
      async () => {
        const users = await boxUsersFromIndex(host, this.options.env, input)
        if (users.length > 0) return inUse(input.name, users)
        const raw = await vagrantExec(host, undefined, [...args, '--', input.name], this.options.env)
        const lines = parseOutput(raw)
        const text = outputText(lines)
        const error = errorExit(lines)
        // Vagrant found users the index check did not (it asks, and cannot without a terminal).
        if (error?.kind === 'Vagrant::Errors::UIExpectsTTY') return inUse(input.name, [])
        if (error !== undefined)
          throw new AppError('COMMAND_FAILED', `Could not remove the box ${input.name}`, {
            detail: error.message,
          })
        const pool = /From Libvirt storage pool/i.test(text)
          ? ' vagrant-libvirt keeps the image it uploaded into the storage pool: delete that volume from Storage if no machine needs it.'
          : ''
        return { removed: true, inUseBy: [], message: `Removed ${input.name}.${pool}` }
      },
    )
  }

  async outdated(hostId: string): Promise<VagrantBoxOutdated[]> {
    const raw = await vagrantExec(
      await this.host(hostId),
      undefined,
      ['box', 'outdated', '--global'],
      this.options.env,
    )
    const lines = parseOutput(raw)
    const error = errorExit(lines)
    if (error !== undefined)
      throw new AppError('COMMAND_FAILED', 'vagrant box outdated failed', { detail: error.message })
    // By name, as `box list` shows them (Vagrant checks them in the order of its folders).
    const result = parseOutdated(lines).sort(
      (x, y) => x.name.localeCompare(y.name) || x.provider.localeCompare(y.provider),
    )
    const unparsed = uiMessages(lines).filter((m) => m.level === 'error' && !m.text.startsWith('*'))
    return unparsed.length === 0
      ? result
      : [
          ...result,
          ...unparsed.map((m) => ({ name: '', provider: '', state: 'unknown' as const, message: m.text })),
        ]
  }
}
