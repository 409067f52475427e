import type { ForwardCheck, MtuCheck } from '../container-fixes.js'
import type {
  ContainerDetails,
  ContainerStats,
  ContainerSummary,
  Docker0RepairPlan,
  DockerAvailability,
  ImageSummary,
  LogLine,
  NetworkSummary,
  PrunePreview,
  PruneResult,
  VolumeSummary,
} from '../containers.js'
import * as ctr from '../containers.js'
import { call, stream } from './define.js'

/** Docker: the daemon, containers, images, volumes, networks. */
export const dockerChannels = {
  /** Docker on the host: ready with versions, or not installed / not running / permission denied with what to do. */
  'docker.status': call<DockerAvailability>()(ctr.dockerHostInput),
  /** Starts the daemon as root (systemd, the init script, or dockerd detached). */
  'docker.startDaemon': stream<DockerAvailability>()(ctr.dockerHostInput),
  /** Every container (one API call); also starts following /events → `container.changed`. */
  'docker.list': call<ContainerSummary[]>()(ctr.dockerHostInput),
  'docker.get': call<ContainerSummary>()(ctr.containerInput),
  /** start | stop | restart | pause | unpause | kill | remove; the container as it is now (null once removed). */
  'docker.action': call<{ container: ContainerSummary | null }>()(ctr.containerActionInput),
  'docker.inspect': call<ContainerDetails>()(ctr.containerInput),
  /** The last lines (stdout/stderr apart, filtered); with `follow`, new lines as progress until cancelled. */
  'docker.logs': stream<LogLine[]>()(ctr.logsInput),
  'docker.stats': call<ContainerStats>()(ctr.containerInput),
  /** Live stats as `container.stats` events every intervalMs until cancelled. */
  'docker.statsWatch': stream<{ stopped: true }>()(ctr.statsWatchInput),
  /** Create (and start) a container; a missing DOCKER chain fails with CONFLICT and data.repair = 'docker0'. */
  'docker.create': stream<ContainerSummary>()(ctr.createContainerInput),
  'docker.repairPlan': call<Docker0RepairPlan>()(ctr.docker0RepairInput),
  /** `ip link delete docker0` and a daemon restart, as root; then retry what failed. */
  'docker.repairDocker0': stream<DockerAvailability>()(ctr.docker0RepairInput),
  'docker.images': call<ImageSummary[]>()(ctr.dockerHostInput),
  'docker.volumes': call<VolumeSummary[]>()(ctr.dockerHostInput),
  'docker.networks': call<NetworkSummary[]>()(ctr.dockerHostInput),
  /** Removes an image, volume or network; CONFLICT (naming the containers) while one uses it. */
  'docker.remove': call<{ removed: true }>()(ctr.objectRemoveInput),
  'docker.prunePreview': call<PrunePreview>()(ctr.pruneInput),
  /** Prunes what the preview listed; audited. */
  'docker.prune': call<PruneResult>()(ctr.pruneInput),
  /** Pulls an image with its layers' progress (a registry must be reachable from the host). */
  'docker.pull': stream<{ image: string }>()(ctr.pullInput),
  /** Imports a root filesystem tar from this computer as an image (no registry needed). */
  'docker.importImage': stream<{ image: string }>()(ctr.imageImportInput),
  /** FORWARD DROP vs the libvirt bridges, with the evidence; the fix (DOCKER-USER rules, undo) as data. */
  'docker.forwardCheck': call<ForwardCheck>()(ctr.dockerHostInput),
  /** Docker networks' MTU vs the uplink's; the daemon.json change (byte-preserving) as data. */
  'docker.mtuCheck': call<MtuCheck>()(ctr.dockerHostInput),
} as const
