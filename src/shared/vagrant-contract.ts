import { z } from 'zod'
import type { VagrantModel } from './vagrant.js'
import { PROVIDERS, vagrantModelSchema } from './vagrant.js'

/** Vagrant projects: what the panel, the CLI and the IPC handlers exchange. */

export interface VagrantProject {
  id: string
  hostId: string
  /** The project folder on the host (holds the Vagrantfile). */
  path: string
  name: string
  createdAt: string
}

/** A Vagrantfile as opened: the designer's own (model), edited by hand or hand-written (text only). */
export type VagrantfileOpened =
  | { kind: 'designer'; text: string; model: VagrantModel }
  | { kind: 'edited'; text: string; model: VagrantModel; note: string }
  | { kind: 'handwritten'; text: string; note?: string }

export interface VagrantPlugin {
  name: string
  version: string
  /** `system` for a distribution package (Debian's vagrant-libvirt), `global`/`local` for installed gems. */
  scope?: string
}

export interface VagrantInfo {
  hostId: string
  installed: boolean
  version?: string
  plugins: VagrantPlugin[]
  /** Why Vagrant or its plugins could not be read, and what to do. */
  problem?: string
}

export interface PluginInstallResult {
  plugin: string
  installed: boolean
  output: string
  /** On failure: what happened and the distribution package to use instead. */
  explanation?: string
}

export interface VagrantMessage {
  level: 'info' | 'warn' | 'error'
  text: string
  /** The machine it is about, when Vagrant said. */
  machine?: string
}

export interface VagrantValidation {
  ok: boolean
  messages: VagrantMessage[]
  /** VirtDeck's own warnings about the model (e.g. virtiofs without shared memory). */
  warnings: string[]
  /** VirtDeck's pre-flight checks (designer projects only: they read the model). */
  preflight: PreflightCheck[]
}

export interface VagrantMachineStatus {
  name: string
  provider?: string
  /** Vagrant's state id: not_created, running, poweroff, stopped, … */
  state?: string
  stateShort?: string
  stateLong?: string
  /** Vagrant's id of the machine (`.vagrant/machines/NAME/PROVIDER/id`): the libvirt domain UUID, the docker container id. */
  id?: string
}

/** One of VirtDeck's checks before running a project (beyond `vagrant validate`). */
export interface PreflightCheck {
  check: 'plugin' | 'libvirt' | 'network' | 'bridge' | 'box' | 'port'
  ok: boolean
  message: string
}

export interface VagrantBox {
  name: string
  provider: string
  version: string
}

export const VAGRANT_ACTIONS = ['up', 'halt', 'reload', 'provision', 'suspend', 'resume', 'destroy'] as const
export type VagrantAction = (typeof VAGRANT_ACTIONS)[number]

export interface VagrantRunResult {
  action: VagrantAction
  ok: boolean
  cancelled: boolean
  exitCode: number | null
  /** The state of each machine afterwards, from `vagrant status` (empty when it could not be read). */
  machines: VagrantMachineStatus[]
  /** Vagrant's error (`error-exit`), when it failed. */
  error?: { kind: string; message: string }
  /** After a cancel: what state the machines may be in and what to do. */
  cancelNote?: string
  durationMs: number
}

const hostId = z.string().min(1).max(64)
const projectId = z.object({ projectId: z.string().min(1).max(64) }).strict()
/** An absolute folder path on the host, one line, no NUL. */
const folder = z
  .string()
  .min(2)
  .max(1024)
  .refine((p) => p.startsWith('/') && !/[\0\r\n]/.test(p), 'An absolute folder path on the host')
const projectName = z.string().trim().min(1).max(200)
/** A machine name as Vagrant takes it on the command line. */
const machineName = z
  .string()
  .min(1)
  .max(200)
  .refine((s) => !/[\0\r\n]/.test(s) && !s.startsWith('-'), 'A machine name (not an option)')

export const vagrantHostInput = z.object({ hostId }).strict()
export const vagrantProjectInput = projectId
export const vagrantAddInput = z.object({ hostId, path: folder, name: projectName.optional() }).strict()
export const vagrantCreateInput = z
  .object({ hostId, path: folder, name: projectName.optional(), model: vagrantModelSchema })
  .strict()
export const vagrantSaveInput = z
  .object({ projectId: projectId.shape.projectId, model: vagrantModelSchema })
  .strict()
/** A Vagrantfile edited as text: the new text, and the text the editor opened (to refuse a lost update). */
export const vagrantSaveTextInput = z
  .object({
    projectId: projectId.shape.projectId,
    text: z.string().max(1024 * 1024, 'A Vagrantfile of more than 1 MiB'),
    opened: z.string().max(1024 * 1024),
  })
  .strict()
export const vagrantGenerateInput = z.object({ model: vagrantModelSchema }).strict()
export const vagrantPluginInput = z
  .object({ hostId, plugin: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,99}$/, 'A plugin (gem) name') })
  .strict()
export const vagrantRunInput = z
  .object({
    projectId: projectId.shape.projectId,
    action: z.enum(VAGRANT_ACTIONS),
    machines: z.array(machineName).max(64).default([]),
    provider: z.enum(PROVIDERS).optional(),
    parallel: z.boolean().optional(),
    destroyOnError: z.boolean().optional(),
    provision: z.boolean().optional(),
  })
  .strict()
export type VagrantRunInput = z.infer<typeof vagrantRunInput>

/** A machine of a Vagrant project tied to what its provider made: a libvirt domain (UUID) or a container (id). */
export interface VagrantMachineLink {
  hostId: string
  projectId: string
  projectName: string
  projectPath: string
  machine: string
  /** The provider folder under `.vagrant/machines/<machine>/`: libvirt, docker, virtualbox… */
  provider: string
  /** `.vagrant/machines/<machine>/<provider>/id`: the domain UUID for libvirt, the container id for docker. */
  id: string
}
export const vagrantLinksInput = z.object({ hostId: hostId.optional() }).strict()

export interface VagrantBoxAddResult {
  added: boolean
  cancelled: boolean
  /** The boxes on the host afterwards. */
  boxes: VagrantBox[]
  /** Vagrant's error (`error-exit`) in its words, with what to do. */
  error?: { kind: string; message: string }
  output: string
}

export interface VagrantBoxRemoveResult {
  removed: boolean
  /** Machines (Vagrant environments) still using the box: it was kept. */
  inUseBy: string[]
  message: string
}

export interface VagrantBoxOutdated {
  name: string
  provider: string
  /** up-to-date / outdated: checked against its catalog; local: added from a file, no version to check; unreachable: the catalog could not be reached. */
  state: 'up-to-date' | 'outdated' | 'local' | 'unreachable' | 'unknown'
  current?: string
  latest?: string
  message: string
}

/** A box name as Vagrant shows it (`org/name` or one word). */
const boxName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9._-]+)?$/, 'A box name: letters, digits, . _ - and one /')
  .max(200)
/** Where a box comes from: an absolute `.box` path on the host, an http(s)/file URL, or a catalog name. */
const boxSource = z
  .string()
  .min(1)
  .max(2048)
  .refine(
    (s) =>
      !/[\0\r\n]/.test(s) &&
      (s.startsWith('/') || /^(https?|file):\/\/[^\s]+$/i.test(s) || boxName.safeParse(s).success),
    'A .box file (absolute path on the host), an http(s):// or file:// URL, or a catalog name like debian/bookworm64',
  )
const boxProvider = z.enum(PROVIDERS)
const boxVersion = z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$/, 'A box version like 1.2.0')

export const vagrantBoxAddInput = z
  .object({
    hostId,
    source: boxSource,
    name: boxName.optional(),
    provider: boxProvider.optional(),
    force: z.boolean().optional(),
  })
  .strict()
export type VagrantBoxAddInput = z.infer<typeof vagrantBoxAddInput>
export const vagrantBoxRemoveInput = z
  .object({
    hostId,
    name: boxName,
    provider: z
      .string()
      .regex(/^[a-z0-9_-]{1,64}$/)
      .optional(),
    version: boxVersion.optional(),
  })
  .strict()
export type VagrantBoxRemoveInput = z.infer<typeof vagrantBoxRemoveInput>

/** A network interface of the host (/sys/class/net), for the public_network bridge picker. */
export interface HostInterface {
  name: string
  kind: 'bridge' | 'physical' | 'virtual'
  /** operstate up (or unknown, as for many virtual links). */
  up: boolean
  /** The bridge this interface is a port of. */
  master?: string
}
