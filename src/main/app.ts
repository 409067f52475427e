import { mkdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { EventBus } from './ipc/event-bus.js'
import { appHandlers } from './ipc/app-handlers.js'
import { checksHandlers } from './ipc/checks-handlers.js'
import { hostHandlers } from './ipc/host-handlers.js'
import { nestedHandlers } from './ipc/nested-handlers.js'
import { networkHandlers } from './ipc/network-handlers.js'
import { storageHandlers } from './ipc/storage-handlers.js'
import { vmHandlers } from './ipc/vm-handlers.js'
import { Router } from './ipc/router.js'
import { Auditor } from './services/auditor.js'
import { DoctorService } from './services/doctor-service.js'
import { GuestCpuService } from './services/guest-cpu-service.js'
import { HostRegistry } from './services/host-registry.js'
import { HostService } from './services/host-service.js'
import { LibvirtConnections } from './services/libvirt-connections.js'
import { NestedService } from './services/nested-service.js'
import { PromptBroker } from './services/prompt-broker.js'
import { VmService } from './services/vm-service.js'
import { openStore } from './store/index.js'
import type { SecretCipher, Store } from './store/index.js'
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
  doctor: DoctorService
  nested: NestedService
  guestCpu: GuestCpuService
  /** One libvirt connection per host, opened on first use. */
  libvirt: LibvirtConnections
  vms: VmService
  // vagrant: begin
  vagrant: VagrantService
  // vagrant: end
  close(): Promise<void>
}

/** Builds every service on one store: the same composition serves Electron, the harness, the CLI and tests. */
export function createApp(options: AppOptions): App {
  mkdirSync(options.dataDir, { recursive: true })
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
  const doctor = new DoctorService({ registry })
  const nested = new NestedService({ store, registry, auditor })
  const libvirt = new LibvirtConnections({ registry, bus, auditor })
  const vms = new VmService({ store, registry, connections: libvirt })
  const guestCpu = new GuestCpuService({ auditor, connections: libvirt, vms })
  // vagrant: begin
  const vagrant = new VagrantService({ store, registry, auditor })
  // vagrant: end
  const router = new Router({
    ...hostHandlers(hosts),
    ...appHandlers(store, prompts),
    ...checksHandlers(doctor),
    ...nestedHandlers(nested, guestCpu),
    ...vmHandlers(vms),
    ...storageHandlers(libvirt),
    ...networkHandlers(libvirt),
    // vagrant: begin
    ...vagrantHandlers(vagrant),
    // vagrant: end
  })
  return {
    store,
    bus,
    router,
    prompts,
    registry,
    hosts,
    doctor,
    nested,
    guestCpu,
    libvirt,
    vms,
    // vagrant: begin
    vagrant,
    // vagrant: end
    async close() {
      router.cancelAll()
      prompts.cancelAll()
      await libvirt.closeAll()
      await registry.closeAll()
      store.close()
    },
  }
}
