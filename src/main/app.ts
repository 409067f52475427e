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
// passthrough: begin
import { passthroughHandlers } from './passthrough/handlers.js'
import { PassthroughService } from './passthrough/service.js'
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
  close(): Promise<void>
}

/** Builds every service on one store: the same composition serves Electron, the harness, the CLI and tests. */
export function createApp(options: AppOptions): App {
  ensurePrivateDir(options.dataDir)
  const store = openStore(join(options.dataDir, 'virtdeck.db'), options.cipher)
  const home = options.homeDir ?? homedir()
  const bus = new EventBus()
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
  // vagrant: begin
  const vagrant = new VagrantService({ store, registry, auditor })
  // vagrant: end
  const router = new Router({
    ...hostHandlers(hosts),
    ...appHandlers(store, prompts),
    ...checksHandlers(checks),
    ...nestedHandlers(nested, guestCpu),
    ...changesHandlers(changes),
    ...vmHandlers(vms),
    ...storageHandlers(libvirt),
    ...networkHandlers(libvirt),
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
    // passthrough: begin
    ...passthroughHandlers(new PassthroughService({ registry, changes })),
    // passthrough: end
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
    async close() {
      router.cancelAll()
      prompts.cancelAll()
      await libvirt.closeAll()
      await docker.closeAll() // containers
      await registry.closeAll()
      store.close()
    },
  }
}
