import type Docker from 'dockerode'
import type { Docker0RepairPlan } from '@shared/containers.js'
import { AppError } from '@shared/errors.js'
import type { Host } from '../../host/host.js'
import { dockerMessage } from './client.js'
import { detectDaemonControl, restartCommands, restartDaemon, waitForDaemon } from './daemon-control.js'

/** What the "No chain/target/match" failure says: the iptables command Docker ran and the table/chain it missed. */
export interface ChainMissing {
  command: string
  table: string
  chain: string
}

const PATTERN =
  /iptables failed: (\S*iptables\b[^\n]*?): (?:iptables(?: v[\d.]+)?: )?No chain\/target\/match by that name/

/** Recognises Docker's `iptables failed: … No chain/target/match by that name` in any of its wordings. */
export function recogniseChainMissing(errorText: string): ChainMissing | undefined {
  const match = PATTERN.exec(errorText)
  if (match === null) return undefined
  const command = (match[1] ?? '').trim()
  const table = /(?:^|\s)-t\s+(\S+)/.exec(command)?.[1] ?? 'filter'
  const chain = /(?:^|\s)-[AIN]\s+(\S+)/.exec(command)?.[1] ?? 'DOCKER'
  return { command, table, chain }
}

export const CHAIN_MISSING_EXPLANATION =
  'Docker keeps its own iptables chains (DOCKER in the nat and filter tables) and adds rules to them ' +
  'for each published port. Something removed those chains after Docker started — a firewalld reload, ' +
  'ufw, or an nftables flush — and Docker does not notice until it needs them. Deleting the docker0 ' +
  'bridge and restarting the Docker daemon makes it rebuild its bridge and every chain; running ' +
  'containers are stopped by the restart (those with a restart policy come back).'

export type { Docker0RepairPlan }

export async function planDocker0Repair(host: Host, problem: ChainMissing): Promise<Docker0RepairPlan> {
  const control = await detectDaemonControl(host)
  return {
    problem,
    explanation: CHAIN_MISSING_EXPLANATION,
    commands: [['ip', 'link', 'delete', 'docker0'], ...restartCommands(control)],
  }
}

/** `ip link delete docker0`, restart the daemon (privileged), wait until it answers again. */
export async function repairDocker0(host: Host, docker: Docker): Promise<void> {
  const control = await detectDaemonControl(host)
  const reason =
    'Repair Docker’s network: delete the docker0 bridge and restart Docker so it rebuilds its iptables chains'
  // docker0 may already be gone (a previous attempt): not an error.
  await host.privileged('ip', ['link', 'delete', 'docker0'], { reason })
  await restartDaemon(host, control, reason)
  await waitForDaemon(() => docker.ping())
}

/** The chain-missing problem in an error from a create/start, if that is what it is. */
export function chainMissingIn(error: unknown): ChainMissing | undefined {
  const cause = error instanceof Error && error.cause !== undefined ? error.cause : error
  return recogniseChainMissing(`${dockerMessage(cause)}\n${error instanceof Error ? error.message : ''}`)
}

/**
 * A create/start error as the app shows it: the chain-missing failure becomes CONFLICT with
 * data.repair = 'docker0', the plan, and the id of the container that was created but not started
 * (retry its start after the repair). Other errors pass through.
 */
export async function explainChainMissing(host: Host, error: unknown): Promise<unknown> {
  const problem = chainMissingIn(error)
  if (problem === undefined) return error
  const plan = await planDocker0Repair(host, problem)
  const containerId = error instanceof AppError ? error.data?.['containerId'] : undefined
  return new AppError(
    'CONFLICT',
    `Docker’s iptables chain ${problem.chain} (${problem.table} table) is missing`,
    {
      detail: `${CHAIN_MISSING_EXPLANATION}\n\nDocker ran: ${problem.command}`,
      data: { repair: 'docker0', plan, ...(containerId === undefined ? {} : { containerId }) },
      cause: error,
    },
  )
}
