import type Docker from 'dockerode'
import type {
  ContainerChange,
  ContainerDetails,
  ContainerStats,
  ContainerSummary,
  CreateContainerSpec,
  DockerAction,
  DockerAvailability,
  ImageSummary,
  LogLine,
  NetworkSummary,
  PrunePreview,
  PruneResult,
  PullProgress,
  VolumeSummary,
} from '@shared/containers.js'
import { AppError } from '@shared/errors.js'
import type { Host } from '../host/host.js'
import type { Auditor } from '../services/auditor.js'
import type { HostRegistry } from '../services/host-registry.js'
import { availabilityError, dockerAvailability } from './docker/availability.js'
import { dockerFor } from './docker/client.js'
import { prune, pullImage } from './docker/prune-pull.js'
import {
  containerAction,
  createContainer,
  findContainer,
  inspectContainer,
  listContainers,
} from './docker/containers.js'
import { startDaemon } from './docker/daemon-control.js'
import {
  explainChainMissing,
  planDocker0Repair,
  repairDocker0,
  type Docker0RepairPlan,
} from './docker/docker0-repair.js'
import { DockerEventWatcher } from './docker/events.js'
import type { ForwardCheck } from './docker/forward-check.js'
import { forwardCheckOnHost, mtuCheckOnHost } from './docker/host-checks.js'
import type { MtuCheck } from './docker/mtu.js'
import { execTty, type ExecSession } from './docker/exec.js'
import { containerLogs } from './docker/logs.js'
import {
  importImage,
  listImages,
  listNetworks,
  listVolumes,
  prunePreview,
  removeObject,
} from './docker/objects.js'
import { statsOnce, watchStats } from './docker/stats.js'

export interface DockerServiceOptions {
  registry: HostRegistry
  auditor: Auditor
  /** Where container changes and stats go (the app's event bus). */
  onChange: (hostId: string, change: ContainerChange) => void
  onStats?: (hostId: string, stats: ContainerStats[]) => void
}

interface Entry {
  host: Host
  docker: Docker
  watcher?: DockerEventWatcher | undefined
}

/** Docker on each host: one dockerode client per host (over SSH on the host's one connection), one /events watcher. */
export class DockerService {
  private readonly entries = new Map<string, Promise<Entry>>()
  private readonly offDrop: () => void

  constructor(private readonly options: DockerServiceOptions) {
    this.offDrop = options.registry.onDrop((hostId) => this.close(hostId))
  }

  private entry(hostId: string): Promise<Entry> {
    let entry = this.entries.get(hostId)
    if (entry === undefined) {
      entry = this.options.registry.get(hostId).then((host) => ({ host, docker: dockerFor(host) }))
      entry.catch(() => this.entries.delete(hostId))
      this.entries.set(hostId, entry)
    }
    return entry
  }

  async status(hostId: string): Promise<DockerAvailability> {
    const { host, docker } = await this.entry(hostId)
    return dockerAvailability(host, docker)
  }

  /** Starts the daemon through privileged() (systemd, the init script, or dockerd detached). */
  async startDaemon(hostId: string): Promise<DockerAvailability> {
    const { host, docker } = await this.entry(hostId)
    await this.options.auditor.runAsync({ hostId, target: 'docker', action: 'docker.startDaemon' }, () =>
      startDaemon(host, 'Start the Docker daemon', () => docker.ping()),
    )
    return dockerAvailability(host, docker)
  }

  /** Every container; the first call also starts following /events for this host. */
  async list(hostId: string): Promise<ContainerSummary[]> {
    const entry = await this.entry(hostId)
    const containers = await this.withAvailability(entry, () => listContainers(entry.docker))
    await this.watch(hostId).catch(() => undefined)
    return containers
  }

  /** Follows /events; changes go to `onChange`. Resolves once the stream is open. */
  async watch(hostId: string): Promise<void> {
    const entry = await this.entry(hostId)
    if (entry.watcher !== undefined) return
    const watcher = new DockerEventWatcher(entry.docker, (change) => this.options.onChange(hostId, change))
    entry.watcher = watcher
    try {
      await watcher.start()
    } catch (error) {
      entry.watcher = undefined
      throw error
    }
  }

  async get(hostId: string, id: string): Promise<ContainerSummary> {
    const { docker } = await this.entry(hostId)
    const found = await findContainer(docker, id)
    if (found === undefined) throw new AppError('NOT_FOUND', `No container ${id}`)
    return found
  }

  async action(
    hostId: string,
    id: string,
    action: DockerAction,
    force = false,
  ): Promise<ContainerSummary | null> {
    const { docker } = await this.entry(hostId)
    await this.options.auditor.runAsync({ hostId, target: id, action: `docker.${action}` }, () =>
      containerAction(docker, id, action, { force }),
    )
    if (action === 'remove') return null
    return (await findContainer(docker, id)) ?? null
  }

  async inspect(hostId: string, id: string): Promise<ContainerDetails> {
    return inspectContainer((await this.entry(hostId)).docker, id)
  }

  async logs(
    hostId: string,
    id: string,
    options: {
      tail: number
      search?: string
      follow: boolean
      onLines?: (lines: LogLine[]) => void
      signal?: AbortSignal
    },
  ): Promise<LogLine[]> {
    return containerLogs((await this.entry(hostId)).docker, id, options)
  }

  async stats(hostId: string, id: string): Promise<ContainerStats> {
    return statsOnce((await this.entry(hostId)).docker, id)
  }

  /** Live stats of the given (running) containers every `intervalMs`, to `onStats`, until the signal aborts. */
  async watchStats(
    hostId: string,
    ids: readonly string[],
    intervalMs: number,
    signal: AbortSignal,
  ): Promise<void> {
    const { docker } = await this.entry(hostId)
    const pending = new Map<string, ContainerStats>()
    let flush: NodeJS.Timeout | undefined
    const stop = watchStats(docker, ids, intervalMs, (stats) => {
      pending.set(stats.id, stats)
      // One event per round, not one per container.
      flush ??= setTimeout(() => {
        flush = undefined
        this.options.onStats?.(hostId, [...pending.values()])
        pending.clear()
      }, 50)
    })
    await new Promise<void>((resolve) => {
      if (signal.aborted) return resolve()
      signal.addEventListener('abort', () => resolve(), { once: true })
    })
    stop()
    if (flush !== undefined) clearTimeout(flush)
  }

  /**
   * Creates (and starts) a container. When Docker fails with `iptables failed: … No chain/target/match`,
   * the error says so (code CONFLICT, data.repair = 'docker0' with the plan) so the UI offers the repair.
   */
  async create(hostId: string, spec: CreateContainerSpec): Promise<ContainerSummary> {
    const { host, docker } = await this.entry(hostId)
    const target = spec.name ?? spec.image
    const id = await this.options.auditor
      .runAsync({ hostId, target, action: 'docker.create' }, () => createContainer(docker, spec))
      .catch(async (error: unknown) => {
        throw await explainChainMissing(host, error)
      })
    const created = await findContainer(docker, id)
    if (created === undefined) throw new AppError('NOT_FOUND', `The new container ${target} vanished`)
    return created
  }

  /** Starts a container, with the same docker0 recognition as create. */
  async start(hostId: string, id: string): Promise<ContainerSummary | null> {
    const { host } = await this.entry(hostId)
    return this.action(hostId, id, 'start').catch(async (error: unknown) => {
      throw await explainChainMissing(host, error)
    })
  }

  async docker0RepairPlan(hostId: string): Promise<Docker0RepairPlan> {
    const { host } = await this.entry(hostId)
    return planDocker0Repair(host, { command: '', table: 'nat', chain: 'DOCKER' })
  }

  /** Deletes docker0 and restarts the daemon (privileged); the caller retries what failed. */
  async repairDocker0(hostId: string): Promise<DockerAvailability> {
    const entry = await this.entry(hostId)
    await this.options.auditor.runAsync({ hostId, target: 'docker0', action: 'docker.repairDocker0' }, () =>
      repairDocker0(entry.host, entry.docker),
    )
    return dockerAvailability(entry.host, entry.docker)
  }

  /** FORWARD DROP vs the libvirt bridges; the fix (DOCKER-USER rules) as data. */
  async forwardCheck(hostId: string): Promise<ForwardCheck> {
    return forwardCheckOnHost((await this.entry(hostId)).host)
  }

  /** Docker networks' MTU vs the uplink's; the daemon.json change as data. */
  async mtuCheck(hostId: string): Promise<MtuCheck> {
    const { host, docker } = await this.entry(hostId)
    return mtuCheckOnHost(host, docker)
  }

  /** A TTY into a running container (for a terminal): the caller owns the session. */
  async exec(
    hostId: string,
    id: string,
    command: readonly string[],
    size?: { cols: number; rows: number },
  ): Promise<ExecSession> {
    return execTty((await this.entry(hostId)).docker, id, command, size)
  }

  async images(hostId: string): Promise<ImageSummary[]> {
    return listImages((await this.entry(hostId)).docker)
  }

  async volumes(hostId: string): Promise<VolumeSummary[]> {
    return listVolumes((await this.entry(hostId)).docker)
  }

  async networks(hostId: string): Promise<NetworkSummary[]> {
    return listNetworks((await this.entry(hostId)).docker)
  }

  async remove(
    hostId: string,
    kind: 'image' | 'volume' | 'network',
    id: string,
    force: boolean,
  ): Promise<void> {
    const { docker } = await this.entry(hostId)
    await this.options.auditor.runAsync({ hostId, target: id, action: `docker.remove.${kind}` }, () =>
      removeObject(docker, kind, id, force),
    )
  }

  async prunePreview(hostId: string, kind: PrunePreview['kind']): Promise<PrunePreview> {
    return prunePreview((await this.entry(hostId)).docker, kind)
  }

  /** Prunes what the preview listed (stopped containers, dangling images, unused volumes or networks). */
  async prune(
    hostId: string,
    kind: PruneResult['kind'],
    labels: readonly string[] = [],
  ): Promise<PruneResult> {
    const { docker } = await this.entry(hostId)
    return this.options.auditor.runAsync({ hostId, target: kind, action: 'docker.prune' }, () =>
      prune(docker, kind, labels),
    )
  }

  /** Pulls an image with its layers' progress; cancelled with the call. */
  async pull(
    hostId: string,
    image: string,
    onProgress: (progress: PullProgress) => void,
    signal?: AbortSignal,
  ): Promise<{ image: string }> {
    const { docker } = await this.entry(hostId)
    return this.options.auditor.runAsync({ hostId, target: image, action: 'docker.pull' }, () =>
      pullImage(docker, image, onProgress, signal),
    )
  }

  /** Imports a root filesystem tar from this computer as an image on the host. */
  async importImage(hostId: string, tarPath: string, repository: string): Promise<string> {
    const { docker } = await this.entry(hostId)
    return this.options.auditor.runAsync({ hostId, target: repository, action: 'docker.import' }, () =>
      importImage(docker, tarPath, repository),
    )
  }

  /** When a call fails, says why Docker cannot be used (not installed, not running, permission) rather than a socket error. */
  private async withAvailability<T>(entry: Entry, call: () => Promise<T>): Promise<T> {
    try {
      return await call()
    } catch (error) {
      const availability = await dockerAvailability(entry.host, entry.docker).catch(() => undefined)
      if (availability === undefined || availability.state === 'ready') throw error
      throw availabilityError(availability)
    }
  }

  async close(hostId: string): Promise<void> {
    const entry = this.entries.get(hostId)
    this.entries.delete(hostId)
    const resolved = await entry?.catch(() => undefined)
    resolved?.watcher?.stop()
  }

  async closeAll(): Promise<void> {
    this.offDrop()
    await Promise.all([...this.entries.keys()].map((id) => this.close(id)))
  }
}
