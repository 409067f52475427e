import { mkdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { EventBus } from './ipc/event-bus.js'
import { appHandlers } from './ipc/app-handlers.js'
import { hostHandlers } from './ipc/host-handlers.js'
import { Router } from './ipc/router.js'
import { Auditor } from './services/auditor.js'
import { HostRegistry } from './services/host-registry.js'
import { HostService } from './services/host-service.js'
import { PromptBroker } from './services/prompt-broker.js'
import { openStore } from './store/index.js'
import type { SecretCipher, Store } from './store/index.js'

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
  close(): Promise<void>
}

/** Builds every service on one store: the same composition serves Electron, the harness, the CLI and tests. */
export function createApp(options: AppOptions): App {
  mkdirSync(options.dataDir, { recursive: true })
  const store = openStore(join(options.dataDir, 'virtdeck.db'), options.cipher)
  const home = options.homeDir ?? homedir()
  const bus = new EventBus()
  const prompts = new PromptBroker(bus)
  const registry = new HostRegistry({ store, bus, prompter: prompts.prompter, homeDir: home, ...(options.reconnect ? { reconnect: options.reconnect } : {}) })
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
  const router = new Router({ ...hostHandlers(hosts), ...appHandlers(store, prompts) })
  return {
    store,
    bus,
    router,
    prompts,
    registry,
    hosts,
    async close() {
      router.cancelAll()
      prompts.cancelAll()
      await registry.closeAll()
      store.close()
    },
  }
}
