import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { EventBus } from './ipc/event-bus.js'
import { appHandlers } from './ipc/app-handlers.js'
import { checksHandlers } from './checks/handlers.js'
import { hostHandlers } from './hosts/handlers.js'
import { nestedHandlers } from './nested/handlers.js'
import { networkHandlers } from './networks/handlers.js'
import { storageHandlers } from './storage/handlers.js'
// storagenet: begin
import { storageAdminHandlers } from './storage/admin-handlers.js'
import { networkAdminHandlers } from './networks/admin-handlers.js'
import { addressHandlers } from './addresses/handlers.js'
// storagenet: end
import { vmHandlers } from './vms/handlers.js'
import { Router } from './ipc/router.js'
import { Auditor } from './services/auditor.js'
import { ChecksService } from './checks/checks-service.js'
import { GuestCpuService } from './nested/guest-cpu-service.js'
import { HostRegistry } from './services/host-registry.js'
import { HostService } from './hosts/host-service.js'
import { LibvirtConnections } from './vms/libvirt-connections.js'
import { NestedService } from './nested/nested-service.js'
import { ChangesService } from './changes/changes-service.js'
import { changesHandlers } from './changes/handlers.js'
import { domainDefinitions } from './vms/domain-definitions.js'
import { PromptBroker } from './services/prompt-broker.js'
import { VmService } from './vms/vm-service.js'
import { watchExternalWrites } from './store/db-watch.js'
import { openStore } from './store/index.js'
import { ensurePrivateDir } from './store/private-files.js'
// containers: begin
import { DockerService } from './containers/docker-service.js'
import { containersHandlers } from './containers/handlers.js'
import { LxcService } from './containers/lxc-service.js'
import { ContainerFixesService } from './containers/fixes-service.js'
import { containerFixesHandlers } from './containers/fixes-handlers.js'
// containers: end
import type { SecretCipher, Store } from './store/index.js'
// vmmisc: begin
import { vmMiscHandlers } from './vmmisc/handlers.js'
import { VmMiscService } from './vmmisc/service.js'
// vmmisc: end
// passthrough: begin
import { passthroughHandlers } from './passthrough/handlers.js'
import { PassthroughService } from './passthrough/service.js'
import { PassthroughVmService } from './passthrough/vm-change.js'
import { PassthroughLaunchService } from './passthrough/launch.js'
import { PassthroughHooksService } from './passthrough/hooks-change.js'
// passthrough: end
// vmhw: begin
import { vmhwHandlers } from './vmhw/handlers.js'
import { VmHardwareService } from './vmhw/service.js'
// vmhw: end
// tuning: begin
import { tuningHandlers } from './tuning/handlers.js'
import { TuningService } from './tuning/service.js'
// tuning: end
// snapshots: begin
import { SnapshotService } from './snapshots/snapshot-service.js'
import { snapshotHandlers } from './snapshots/handlers.js'
import { CloneService } from './clone/clone-service.js'
import { cloneHandlers } from './clone/handlers.js'
// snapshots: end
// stats: begin
import { StatsService } from './stats/stats-service.js'
import { statsHandlers } from './stats/handlers.js'
import { ThumbnailService } from './thumbnails/thumbnail-service.js'
import { thumbnailHandlers } from './thumbnails/handlers.js'
import { JobsService } from './jobs/jobs-service.js'
import { jobsHandlers } from './jobs/handlers.js'
// stats: end
// console: begin
import { PipeRegistry } from './pipes/registry.js'
import { registerConsolePipes } from './console/openers.js'
import { consoleHandlers } from './console/handlers.js'
import { SpiceLauncher } from './console/spice-launcher.js'
import { ConsoleDisplayService } from './console/display-service.js'
import { registerContainerTerminals } from './containers/terminal/pipes.js'
// console: end
// vagrant: begin
import { vagrantHandlers } from './vagrant/handlers.js'
import { VagrantService } from './vagrant/service.js'
// vagrant: end

export interface AppOptions {
  /** Folder of the profile database. */
  dataDir: string
  cipher: SecretCipher
  homeDir?: string
  reconnect?: { initialDelayMs: number; maxDelayMs: number }
  // passthrough: begin
  /** Dev/test only: where a host's sysfs and /proc are read for passthrough (a captured tree); '/' otherwise. */
  passthroughReadRoot?: (hostId: string) => string | undefined
  // passthrough: end
}

export interface App {
  store: Store
  bus: EventBus
  router: Router
  prompts: PromptBroker
  registry: HostRegistry
  hosts: HostService
  checks: ChecksService
  nested: NestedService
  /** Every change made on every host (the change engine), for the Changes page and the CLI. */
  changes: ChangesService
  guestCpu: GuestCpuService
  /** One libvirt connection per host, opened on first use. */
  libvirt: LibvirtConnections
  vms: VmService
  // containers: begin
  docker: DockerService
  lxc: LxcService
  // containers: end
  // vagrant: begin
  vagrant: VagrantService
  // vagrant: end
  // console: begin
  /** Duplex byte channels (consoles): kind → opener; the transports call `open`. */
  pipes: PipeRegistry
  // console: end
  close(): Promise<void>
}

/** Builds every service on one store: the same composition serves Electron, the harness, the CLI and tests. */
export function createApp(options: AppOptions): App {
  ensurePrivateDir(options.dataDir)
  const store = openStore(join(options.dataDir, 'virtdeck.db'), options.cipher)
  const home = options.homeDir ?? homedir()
  const bus = new EventBus()
  store.changes.onWrite(() => bus.emit('changes.updated', { source: 'this-process' }))
  const stopStoreWatch = watchExternalWrites(store.db, () =>
    bus.emit('changes.updated', { source: 'another-process' }),
  )
  const prompts = new PromptBroker(bus)
  const registry = new HostRegistry({
    store,
    bus,
    prompter: prompts.prompter,
    homeDir: home,
    ...(options.reconnect ? { reconnect: options.reconnect } : {}),
  })
  const auditor = new Auditor(store.audit)
  const hosts = new HostService({
    store,
    bus,
    registry,
    auditor,
    homeDir: home,
    readSshConfig: () => readFile(join(home, '.ssh', 'config'), 'utf8'),
  })
  hosts.ensureDefaultHost()
  const checks = new ChecksService({ registry })
  const libvirt = new LibvirtConnections({ registry, bus, auditor })
  const vms = new VmService({ store, registry, connections: libvirt })
  const changes = new ChangesService({
    store,
    registry,
    auditor,
    bus,
    domains: domainDefinitions(libvirt, vms),
  })
  const nested = new NestedService({ store, registry, auditor, changes })
  const guestCpu = new GuestCpuService({ connections: libvirt, vms, changes })
  // containers: begin
  const docker = new DockerService({
    registry,
    auditor,
    onChange: (hostId, change) => bus.emit('container.changed', { hostId, change }),
    onStats: (hostId, stats) => bus.emit('container.stats', { hostId, stats }),
  })
  const lxc = new LxcService({ registry, auditor })
  const containerFixes = new ContainerFixesService({ registry, changes })
  // containers: end
  // snapshots: begin
  const snapshots = new SnapshotService({ connections: libvirt })
  const clones = new CloneService({ connections: libvirt })
  // snapshots: end
  // stats: begin
  const stats = new StatsService({
    source: (hostId) => {
      registry.record(hostId) // an unknown host fails the watch at once (NOT_FOUND)
      return { connection: () => libvirt.get(hostId), host: () => registry.get(hostId) }
    },
    onDrop: (listener) => registry.onDrop(listener),
    onRound: (hostId, round) => bus.emit('stats.sample', { hostId, round }),
  })
  const thumbnails = new ThumbnailService({
    connection: (hostId) => libvirt.get(hostId),
    host: (hostId) => registry.get(hostId),
  })
  registry.onDrop(async (hostId) => thumbnails.forget(hostId))
  // stats: end
  // vagrant: begin
  const vagrant = new VagrantService({ store, registry, auditor })
  // vagrant: end
  // console: begin
  const pipes = new PipeRegistry()
  registerConsolePipes(pipes, { connection: (hostId) => libvirt.get(hostId) })
  registerContainerTerminals(pipes, { docker, lxc })
  // console: end
  const router = new Router({
    ...hostHandlers(hosts),
    ...appHandlers(store, prompts),
    ...checksHandlers(checks),
    ...nestedHandlers(nested, guestCpu),
    ...changesHandlers(changes),
    ...vmHandlers(vms),
    ...storageHandlers(libvirt),
    ...networkHandlers(libvirt),
    // storagenet: begin
    ...storageAdminHandlers(libvirt),
    ...networkAdminHandlers(libvirt),
    ...addressHandlers(libvirt),
    // storagenet: end
    // tuning: begin
    ...tuningHandlers(
      new TuningService({
        connection: (hostId) => libvirt.get(hostId),
        xmlPreview: (vm, xml) => vms.xmlPreview(vm, xml),
        changes,
      }),
    ),
    // tuning: end
    // containers: begin
    ...containersHandlers(docker, lxc),
    ...containerFixesHandlers(containerFixes),
    // containers: end
    // snapshots: begin
    ...snapshotHandlers(snapshots),
    ...cloneHandlers(clones),
    // snapshots: end
    // vagrant: begin
    ...vagrantHandlers(vagrant),
    // vagrant: end
    // console: begin
    ...consoleHandlers(
      new SpiceLauncher({ connection: (hostId) => libvirt.get(hostId) }),
      new ConsoleDisplayService({
        connection: (hostId) => libvirt.get(hostId),
        xmlPreview: (vm, xml) => vms.xmlPreview(vm, xml),
        changes,
      }),
    ),
    // console: end
    // vmmisc: begin
    ...vmMiscHandlers(new VmMiscService({ store, registry, connections: libvirt })),
    // vmmisc: end
    // passthrough: begin
    ...passthroughHandlers(
      new PassthroughService({
        registry,
        changes,
        readRoot: (hostId) => options.passthroughReadRoot?.(hostId) ?? '/',
      }),
      new PassthroughVmService({
        connection: (hostId) => libvirt.get(hostId),
        xmlPreview: (vm, xml) => vms.xmlPreview(vm, xml),
        changes,
      }),
      new PassthroughLaunchService({
        connection: (hostId) => libvirt.get(hostId),
        readRoot: (hostId) => options.passthroughReadRoot?.(hostId) ?? '/',
      }),
      new PassthroughHooksService({
        registry,
        changes,
        readRoot: (hostId) => options.passthroughReadRoot?.(hostId) ?? '/',
      }),
    ),
    // passthrough: end
    // stats: begin
    ...statsHandlers(stats),
    ...thumbnailHandlers(thumbnails),
    ...jobsHandlers(new JobsService({ connection: (hostId) => libvirt.get(hostId) })),
    // stats: end
    // vmhw: begin
    ...vmhwHandlers(
      new VmHardwareService({
        connection: (hostId) => libvirt.get(hostId),
        xmlPreview: (vm, xml) => vms.xmlPreview(vm, xml),
        changes,
      }),
    ),
    // vmhw: end
  })
  return {
    store,
    bus,
    router,
    prompts,
    registry,
    hosts,
    checks,
    nested,
    changes,
    guestCpu,
    libvirt,
    vms,
    // containers: begin
    docker,
    lxc,
    // containers: end
    // vagrant: begin
    vagrant,
    // vagrant: end
    pipes, // console
    async close() {
      router.cancelAll()
      stats.close() // stats
      prompts.cancelAll()
      await libvirt.closeAll()
      await docker.closeAll() // containers
      await registry.closeAll()
      stopStoreWatch()
      store.close()
    },
  }
}
