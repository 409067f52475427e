import { formatBytes as formatSize } from '@shared/format.js'
import { createInterface } from 'node:readline'
import { AppError } from '@shared/errors.js'
import type { HostView } from '@shared/hosts.js'
import type { DomainSummary } from '@shared/vms.js'
import type { App } from '../main/app.js'
import { call } from './hosts.js'

/** Shared by `virtdeck vm`, `pool` and `net`: finding things by name, sizes, confirmation. */

/** A VM of the host by its exact name, else by UUID. */
export async function findVm(
  app: App,
  host: HostView,
  nameOrUuid: string | undefined,
  usage: string,
): Promise<DomainSummary> {
  if (nameOrUuid === undefined || nameOrUuid === '')
    throw new AppError('INVALID_INPUT', 'Name the virtual machine', { detail: usage })
  const domains = await call(app, 'vms.list', { hostId: host.id })
  const wanted = nameOrUuid.toLowerCase().replaceAll('-', '')
  const vm =
    domains.find((d) => d.name === nameOrUuid) ??
    domains.find((d) => d.uuid.toLowerCase().replaceAll('-', '') === wanted)
  if (vm === undefined) {
    throw new AppError('NOT_FOUND', `There is no virtual machine “${nameOrUuid}” on ${host.name}`, {
      detail: `List them with: virtdeck vm list --host "${host.name}"`,
    })
  }
  return vm
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }

/** "10G", "512M", "1.5T", "1048576" → bytes (binary units). */
export function parseSize(text: string | undefined, what: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmgtb]?)(?:i?b)?$/i.exec(text?.trim() ?? '')
  const factor = UNITS[(match?.[2] ?? '').toLowerCase()]
  if (match?.[1] === undefined || factor === undefined)
    throw new AppError('INVALID_INPUT', `${what}: give a size such as 10G, 512M or 1T`)
  const bytes = Math.round(Number(match[1]) * factor)
  if (bytes < 1) throw new AppError('INVALID_INPUT', `${what}: the size must be more than 0`)
  return bytes
}

/** Sizes as the UI shows them, with a plain hyphen for an unknown one. */
export function formatBytes(bytes: number | undefined): string {
  return formatSize(bytes, '-')
}

export function onOff(value: string | undefined, usage: string): boolean {
  if (value === 'on') return true
  if (value === 'off') return false
  throw new AppError('INVALID_INPUT', 'Say on or off', { detail: usage })
}

function ask(question: string): Promise<boolean> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true })
    rl.question(`${question} [y/N] `, (answer) => {
      rl.close()
      resolve(/^y(es)?$/i.test(answer.trim()))
    })
  })
}

/** --yes, or a "yes" on the terminal; without a terminal and without --yes nothing is changed. */
export async function confirmOrStop(yes: boolean, question: string): Promise<void> {
  if (yes) return
  if (!process.stdin.isTTY)
    throw new AppError(
      'INVALID_INPUT',
      'Nothing was changed: standard input is not a terminal, so confirm with --yes.',
    )
  if (!(await ask(question))) throw new AppError('CANCELLED', 'Nothing was changed.')
}
