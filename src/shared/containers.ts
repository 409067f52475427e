import { z } from 'zod'

/**
 * Containers (Docker and LXC): input schemas and result types of their channels (the channels are
 * in contract.ts, in their own block). No node, no electron: the renderer imports this.
 */

const hostId = z.string().min(1).max(64)
/** A Docker container or image reference as typed: an id, a name, `repo:tag`. No control characters. */
const ref = z
  .string()
  .min(1)
  .max(256)
  .refine(
    (s) => ![...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f),
    'No control characters',
  )
/** Docker's own rule for container names. */
export const DOCKER_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/
/** LXC names: what lxc-create accepts without surprises (a folder under /var/lib/lxc). */
export const LXC_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/

export const dockerHostInput = z.object({ hostId }).strict()
export const containerInput = z.object({ hostId, id: ref }).strict()

export const DOCKER_ACTIONS = ['start', 'stop', 'restart', 'pause', 'unpause', 'kill', 'remove'] as const
export type DockerAction = (typeof DOCKER_ACTIONS)[number]
export const containerActionInput = z
  .object({ hostId, id: ref, action: z.enum(DOCKER_ACTIONS), force: z.boolean().optional() })
  .strict()

export const logsInput = z
  .object({
    hostId,
    id: ref,
    tail: z.number().int().min(1).max(100_000).default(500),
    /** Only lines containing this text (case-insensitive). */
    search: z.string().max(500).optional(),
    /** Keep streaming new lines (as progress) until cancelled. */
    follow: z.boolean().default(false),
  })
  .strict()

const portSpec = z
  .object({
    hostPort: z.number().int().min(0).max(65535),
    containerPort: z.number().int().min(1).max(65535),
    protocol: z.enum(['tcp', 'udp']).default('tcp'),
    hostIp: z.string().max(64).optional(),
  })
  .strict()
const volumeSpec = z
  .object({
    /** A host path (absolute) or a named volume. */
    source: z.string().min(1).max(4096),
    target: z.string().min(1).max(4096).startsWith('/'),
    readOnly: z.boolean().default(false),
  })
  .strict()

export const RESTART_POLICIES = ['no', 'always', 'unless-stopped', 'on-failure'] as const
/** The keep-alive command: for images whose main process exits at once (no daemon), keeps the container running. */
export const KEEP_ALIVE_COMMAND = ['tail', '-f', '/dev/null'] as const
export const KEEP_ALIVE_EXPLANATION =
  'A container lives as long as its main process. Images made for one command (or whose daemon forks ' +
  'into the background) exit at once and the container stops. `tail -f /dev/null` never ends and uses no ' +
  'CPU, so the container stays up and you can open a terminal into it.'

export const createContainerSpec = z
  .object({
    image: ref,
    name: z.string().regex(DOCKER_NAME_PATTERN, 'Letters, digits, _ . - (not first)').optional(),
    /** The command, as an argument array (never a shell string). */
    command: z.array(z.string().max(4096)).max(256).optional(),
    keepAlive: z.boolean().default(false),
    env: z
      .array(
        z
          .object({
            name: z.string().regex(/^[^=\0]{1,256}$/, 'A name without = or NUL'),
            value: z.string().max(65536),
          })
          .strict(),
      )
      .max(500)
      .default([]),
    ports: z.array(portSpec).max(200).default([]),
    volumes: z.array(volumeSpec).max(200).default([]),
    restart: z.enum(RESTART_POLICIES).default('no'),
    start: z.boolean().default(true),
  })
  .strict()
export type CreateContainerSpec = z.input<typeof createContainerSpec>
export const createContainerInput = z.object({ hostId, spec: createContainerSpec }).strict()

export const execInput = z
  .object({
    hostId,
    id: ref,
    command: z.array(z.string().max(4096)).min(1).max(256),
  })
  .strict()
export const imageImportInput = z
  .object({ hostId, path: z.string().min(1).max(4096).startsWith('/'), repository: ref })
  .strict()
export const objectRemoveInput = z
  .object({
    hostId,
    kind: z.enum(['image', 'volume', 'network']),
    id: ref,
    force: z.boolean().default(false),
  })
  .strict()
export const pullInput = z.object({ hostId, image: ref }).strict()
export const pruneInput = z
  .object({ hostId, kind: z.enum(['containers', 'images', 'volumes', 'networks']) })
  .strict()

/** Where Docker stands on a host, and what to do when it cannot be used. */
export type DockerAvailability =
  | { state: 'ready'; version: string; apiVersion: string; cgroupVersion?: string; rootless: boolean }
  | { state: 'not-installed'; message: string; installHint?: string }
  | { state: 'not-running'; message: string; startCommand: string[] }
  | { state: 'permission-denied'; message: string; socket: string; groupHint: string }

export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead'

export interface PortBinding {
  containerPort: number
  protocol: string
  hostIp?: string
  hostPort?: number
}

export interface ContainerSummary {
  id: string
  name: string
  image: string
  state: ContainerState
  /** Docker's words: "Up 3 minutes", "Exited (0) 2 hours ago". */
  status: string
  ports: PortBinding[]
  /** ms since epoch. */
  created: number
  command: string
}

export interface ContainerStats {
  id: string
  /** 0..100 × CPUs, as `docker stats` shows it. */
  cpuPercent: number
  memoryUsage: number
  memoryLimit: number
  memoryPercent: number
  pids?: number
  at: number
}

export interface ContainerDetails {
  id: string
  name: string
  image: string
  state: ContainerState
  created: number
  startedAt?: string
  command: string[]
  env: { name: string; value: string }[]
  mounts: { type: string; source: string; destination: string; readOnly: boolean }[]
  networks: { name: string; ipAddress: string; gateway: string; macAddress: string }[]
  ports: PortBinding[]
  restartPolicy: string
  exitCode?: number
  error?: string
}

export interface LogLine {
  stream: 'stdout' | 'stderr'
  text: string
}

export interface ImageSummary {
  id: string
  tags: string[]
  size: number
  created: number
  /** Containers (running or not) made from it: it cannot be removed while any exists. */
  usedBy: string[]
}
export interface VolumeSummary {
  name: string
  driver: string
  mountpoint: string
  usedBy: string[]
}
export interface NetworkSummary {
  id: string
  name: string
  driver: string
  subnet?: string
  usedBy: string[]
  builtIn: boolean
}
export interface PrunePreview {
  kind: 'containers' | 'images' | 'volumes' | 'networks'
  items: { id: string; name: string; size?: number }[]
  /** Bytes freed, when known. */
  reclaimable: number
}

/** What a prune removed (ids or names) and the bytes it freed (0 when Docker does not say). */
export interface PruneResult {
  kind: 'containers' | 'images' | 'volumes' | 'networks'
  removed: string[]
  reclaimed: number
}

/** A pull's layers as Docker reports them, and the share of bytes downloaded when sizes are known. */
export interface PullProgress {
  layers: { id: string; status: string; current: number; total: number }[]
  fraction?: number
}

/** One container changed on a host (from Docker's /events): new summary, gone, or reload everything. */
export type ContainerChange =
  | { kind: 'updated'; container: ContainerSummary; action: string }
  | { kind: 'removed'; id: string }
  | { kind: 'resync' }

// LXC

export const lxcHostInput = z.object({ hostId }).strict()
/** `nonInteractive`: for a summary (the Overview's counts): never ask for the sudo password; fail with PERMISSION_DENIED (data.needsPassword) instead. */
export const lxcListInput = z.object({ hostId, nonInteractive: z.boolean().optional() }).strict()
export const lxcInput = z
  .object({ hostId, name: z.string().regex(LXC_NAME_PATTERN, 'Letters, digits, _ . - (not first)') })
  .strict()
export const LXC_ACTIONS = ['start', 'stop', 'kill', 'freeze', 'unfreeze', 'destroy'] as const
export type LxcAction = (typeof LXC_ACTIONS)[number]
export const lxcActionInput = z
  .object({
    hostId,
    name: z.string().regex(LXC_NAME_PATTERN),
    action: z.enum(LXC_ACTIONS),
  })
  .strict()
export const lxcCreateInput = z
  .object({
    hostId,
    name: z.string().regex(LXC_NAME_PATTERN),
    template: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/),
    /** Options after `--`, as an argument array. */
    templateArgs: z.array(z.string().max(1024)).max(64).default([]),
    /** The bridge of lxc.net.0.link; the host's default.conf when absent. */
    bridge: z
      .string()
      .regex(/^[a-zA-Z0-9_.-]{1,15}$/)
      .optional(),
  })
  .strict()

export type LxcState =
  'RUNNING' | 'STOPPED' | 'FROZEN' | 'STARTING' | 'STOPPING' | 'ABORTING' | 'FREEZING' | 'THAWED' | 'UNKNOWN'

export interface LxcContainer {
  name: string
  state: LxcState
  autostart: boolean
  groups: string[]
  ipv4: string[]
  ipv6: string[]
  unprivileged?: boolean
  pid?: number
  memoryBytes?: number
  cpuSeconds?: number
  links: string[]
}

export interface LxcTemplate {
  name: string
  path: string
  needsNetwork: boolean
  /** Its `--help` options, one line each (`-a, --arch=ARCH ...`). */
  options: string[]
  /** Set for a template that needs the network when the host looks offline: why. */
  offline?: string
}

export type LxcAvailability =
  | { state: 'ready'; version: string; templates: string[] }
  | { state: 'not-installed'; message: string; installHint: string }

/** What lxc-start's log said went wrong, read and explained. */
export interface LxcStartFailure {
  kind: 'missing-bridge' | 'other'
  bridge?: string
  explanation: string
  logExcerpt: string[]
  /** The file change that fixes it, as data. */
  fix?: { path: string; key: string; value: string; alternatives: string[] }
}

/** A host file change as data (the change engine applies and undoes it). */
export interface FileChangeData {
  path: string
  before: string | null
  after: string
  reason: string
}

export const statsWatchInput = z
  .object({
    hostId,
    ids: z.array(ref).min(1).max(500),
    intervalMs: z.number().int().min(500).max(60_000).default(2000),
  })
  .strict()
export const docker0RepairInput = z.object({ hostId }).strict()
export const lxcSetLinkInput = z
  .object({
    hostId,
    name: z.string().regex(LXC_NAME_PATTERN),
    bridge: z.string().regex(/^[a-zA-Z0-9_.-]{1,15}$/),
  })
  .strict()

/** The docker0 repair: why, and the root commands it runs in order. */
export interface Docker0RepairPlan {
  problem: { command: string; table: string; chain: string }
  explanation: string
  commands: string[][]
}

export interface LxcActionResult {
  container: LxcContainer | null
  /** Set when a start failed: what lxc-start's log says, explained, with the fix as data. */
  failure?: LxcStartFailure
}

/** The services LXC needs: `lxc` (autostart), `lxc-net` (lxcbr0), `libvirtd` on the RHEL family (virbr0). */
export const LXC_SERVICES = ['lxc', 'lxc-net', 'libvirtd'] as const
export type LxcService = (typeof LXC_SERVICES)[number]
export const lxcServiceInput = z.object({ hostId, service: z.enum(LXC_SERVICES) }).strict()
export interface LxcServiceState {
  name: LxcService
  purpose: string
  /** `unknown`: no service manager tells (an init script without `status`). */
  state: 'active' | 'inactive' | 'unknown'
  detail: string
  /** What "Start" runs as root; absent when nothing can start it here. */
  startCommand?: string[]
}
