import type { z } from 'zod'
import { addressesChannels } from './contract/addresses.js'
import { appChannels } from './contract/app.js'
import { auditChannels } from './contract/audit.js'
import { changesChannels } from './contract/changes.js'
import { checksChannels } from './contract/checks.js'
import { cloneChannels } from './contract/clone.js'
import { consoleChannels } from './contract/console.js'
import { containerFixesChannels } from './contract/container-fixes.js'
import { dockerChannels } from './contract/docker.js'
import { hostsChannels } from './contract/hosts.js'
import { jobsChannels } from './contract/jobs.js'
import { lxcChannels } from './contract/lxc.js'
import { nestedChannels } from './contract/nested.js'
import { networkAdminChannels, networksChannels } from './contract/networks.js'
import { osinfoChannels } from './contract/osinfo.js'
import { overviewChannels } from './contract/overview.js'
import { passthroughChannels } from './contract/passthrough.js'
import { secretsChannels } from './contract/secrets.js'
import { snapshotsChannels } from './contract/snapshots.js'
import { statsChannels } from './contract/stats.js'
import { storageAdminChannels, storageChannels } from './contract/storage.js'
import { thumbnailsChannels } from './contract/thumbnails.js'
import { tuningChannels } from './contract/tuning.js'
import { vagrantChannels } from './contract/vagrant.js'
import { vmDefinitionsChannels } from './contract/vm-definitions.js'
import { vmhwChannels } from './contract/vmhw.js'
import { vmsChannels } from './contract/vms.js'
import type { CallOptions, EventName, Events } from './protocol.js'

/**
 * The contract between renderer (or CLI, or harness) and main: every channel, its input schema and
 * its result type. Channel names appear in src/shared/contract/ (one file per capability, declared
 * with ./contract/define.ts) and nowhere else; this file assembles them, in this order.
 */
export const contract = {
  ...hostsChannels,
  ...appChannels,
  ...checksChannels,
  ...nestedChannels,
  ...vmsChannels,
  ...storageChannels,
  ...networksChannels,
  ...changesChannels,
  ...secretsChannels,
  ...tuningChannels,
  ...dockerChannels,
  ...lxcChannels,
  ...containerFixesChannels,
  ...snapshotsChannels,
  ...cloneChannels,
  ...vagrantChannels,
  ...passthroughChannels,
  ...statsChannels,
  ...thumbnailsChannels,
  ...jobsChannels,
  ...storageAdminChannels,
  ...networkAdminChannels,
  ...addressesChannels,
  ...consoleChannels,
  ...vmDefinitionsChannels,
  ...auditChannels,
  ...overviewChannels,
  ...osinfoChannels,
  ...vmhwChannels,
} as const

export type Contract = typeof contract
export type Channel = keyof Contract
export type InputOf<C extends Channel> = z.input<Contract[C]['input']>
export type ParsedInputOf<C extends Channel> = z.output<Contract[C]['input']>
export type OutputOf<C extends Channel> = NonNullable<Contract[C]['output']>

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(contract, value)
}

/** The object the preload exposes as `window.virtdeck` (and the harness shim imitates). */
export interface VirtDeckApi {
  invoke<C extends Channel>(channel: C, input: InputOf<C>, options?: CallOptions): Promise<OutputOf<C>>
  /** Cancels a streaming call started with this `opId`; a finished or unknown one is ignored. */
  cancel(opId: string): void
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void
}
