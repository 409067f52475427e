import type { Progress } from '@shared/protocol.js'
import type { VagrantAction, VagrantMachineStatus, VagrantRunInput } from '@shared/vagrant-contract.js'
import type { OutputLine } from './machine-readable.js'

/**
 * Vagrant's arguments for an action. `destroy` always gets `-f`: without it Vagrant asks for a
 * confirmation on a terminal that is not there, and waits forever (VirtDeck confirms first).
 */
export function runArgs(input: VagrantRunInput): string[] {
  const args: string[] = [input.action]
  if (input.action === 'destroy') args.push('-f')
  if (input.action === 'up' && input.provider !== undefined) args.push('--provider', input.provider)
  if (input.action === 'up' || input.action === 'destroy')
    if (input.parallel !== undefined) args.push(input.parallel ? '--parallel' : '--no-parallel')
  if (input.action === 'up' && input.destroyOnError !== undefined)
    args.push(input.destroyOnError ? '--destroy-on-error' : '--no-destroy-on-error')
  if ((input.action === 'up' || input.action === 'reload') && input.provision !== undefined)
    args.push(input.provision ? '--provision' : '--no-provision')
  if (input.machines.length > 0) args.push('--', ...input.machines)
  return args
}

/** A progress line for the panel: what Vagrant says, per machine. */
export function progressOf(line: OutputLine): Progress | undefined {
  if (line.kind === 'text') return line.text.trim() === '' ? undefined : { message: line.text }
  if (line.type === 'ui') {
    const text = line.data.slice(1).join(',')
    return text.trim() === '' ? undefined : { message: text }
  }
  if (line.type === 'action' && line.target !== undefined)
    return { message: `${line.target}: ${line.data[0] ?? ''} ${line.data[1] ?? ''}`.trim() }
  return undefined
}

const WHAT_STOPPED: Record<VagrantAction, string> = {
  up: 'Machines being created may exist half made (created but not booted or not provisioned); ones not reached yet were not created.',
  halt: 'Some machines may still be running.',
  reload: 'A machine may be stopped instead of running again.',
  provision: 'Provisioning stopped part way: the machines run, their software may be half installed.',
  suspend: 'Some machines may still be running.',
  resume: 'Some machines may still be suspended.',
  destroy: 'Some machines may still exist; run destroy again to finish.',
}

/** What the user needs to know after a cancel: what may be left, what state Vagrant reports now. */
export function cancelNote(action: VagrantAction, machines: VagrantMachineStatus[]): string {
  const now =
    machines.length === 0
      ? 'Their state could not be read; run status.'
      : `Now: ${machines.map((m) => `${m.name} ${m.stateShort ?? m.state ?? 'unknown'}`).join(', ')}.`
  return `\`vagrant ${action}\` was stopped. ${WHAT_STOPPED[action]} ${now}`
}
