/**
 * The loopback SSH host for tests, set up once here instead of in every test file: the real sshd of
 * test/support/sshd.ts (the account `vdtest` is in the libvirt and kvm groups, see
 * ensureTestAccount), reached either by an SshHost of its own or as a saved SSH host of a test app.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll } from 'vitest'
import type { App } from '../../src/main/app.js'
import type { HostKeyInfo } from '../../src/main/host/host-key.js'
import { SshHost, type HostKeyVerdict, type SshHostOptions } from '../../src/main/host/ssh-host.js'
import { startTestApp, type TestApp } from './app.js'
import { lockLibvirtd, removeDomain } from './libvirt.js'
import { call } from './router.js'
import { ensureTestAccount, startSshd, TEST_USER, type TestSshd } from './sshd.js'

const run = promisify(execFile)

export interface LoopbackSshdOptions extends NonNullable<Parameters<typeof startSshd>[0]> {
  /**
   * More groups for `vdtest` besides libvirt and kvm, e.g. `docker` (root-equivalent: acceptable
   * for the throw-away test account).
   */
  groups?: readonly string[]
}

/** Starts the loopback sshd with the test account ready and in `groups`. */
export async function startLoopbackSshd(options: LoopbackSshdOptions = {}): Promise<TestSshd> {
  const { groups = [], ...sshdOptions } = options
  await ensureTestAccount()
  for (const group of groups) await ensureGroup(TEST_USER, group)
  return startSshd(sshdOptions)
}

/** Adds `user` to `group` unless it is in it already (under the test-account lock). */
export async function ensureGroup(user: string, group: string): Promise<void> {
  const { stdout } = await run('id', ['-nG', user])
  if (stdout.split(/\s+/).includes(group)) return
  await run('flock', ['/run/lock/virtdeck-test-account.lock', 'usermod', '-aG', group, user])
}

/** The app's known-hosts store in miniature: address → accepted fingerprint; `seen` lists the keys offered. */
export function knownHosts(entries: Record<string, string> = {}): {
  store: Map<string, string>
  verify: (key: HostKeyInfo) => HostKeyVerdict
  seen: HostKeyInfo[]
} {
  const store = new Map(Object.entries(entries))
  const seen: HostKeyInfo[] = []
  return {
    store,
    seen,
    verify: (key) => {
      seen.push(key)
      const accepted = store.get(key.address)
      if (accepted === undefined) return 'unknown'
      return accepted === key.fingerprint ? 'trusted' : 'changed'
    },
  }
}

/** Anything of SshHostOptions but the hostname (always 127.0.0.1); each has a default below. */
export type LoopbackHostOptions = Partial<Omit<SshHostOptions, 'hostname'>>

/**
 * An SshHost to the loopback sshd (not connected yet): `vdtest` with its password, and only the key
 * the server has now trusted (as if the user accepted it), 5 s to connect. `options` override any of it.
 */
export function loopbackSshHost(sshd: TestSshd, options: LoopbackHostOptions = {}): SshHost {
  const port = options.port ?? sshd.port
  return new SshHost({
    id: 'ssh-test',
    port,
    username: sshd.user,
    auth: { method: 'password', password: sshd.password },
    verifyHostKey: knownHosts({ [`127.0.0.1:${port}`]: sshd.hostKeyFingerprint }).verify,
    connectTimeoutMs: 5000,
    ...options,
    hostname: '127.0.0.1',
  })
}

export interface SshdForFile {
  /** The file's server (started in its beforeAll). */
  readonly sshd: TestSshd
  /** `127.0.0.1:PORT` of that server, as host keys are stored. */
  address(): string
  /**
   * A host to `server` (the file's own by default) as loopbackSshHost makes it, with a 5 s keepalive
   * and a quick reconnect (50 to 400 ms); closed after the file's tests.
   */
  makeHost(options?: LoopbackHostOptions, server?: TestSshd): SshHost
}

/**
 * For a test file about SshHost itself: one loopback sshd for the whole file, started and stopped
 * by beforeAll/afterAll hooks registered here, and the hosts the tests make to it.
 */
export function sshdForFile(): SshdForFile {
  let started: TestSshd | undefined
  const hosts: SshHost[] = []
  beforeAll(async () => {
    started = await startSshd()
  }, 30_000)
  afterAll(async () => {
    await Promise.all(hosts.map((host) => host.close()))
    await started?.stop()
  })
  const file: SshdForFile = {
    get sshd(): TestSshd {
      if (started === undefined) throw new Error('The loopback sshd starts in beforeAll: use it in a test')
      return started
    },
    address: () => `127.0.0.1:${file.sshd.port}`,
    makeHost(options = {}, server = file.sshd) {
      const host = loopbackSshHost(server, {
        id: `test-${hosts.length}`,
        keepaliveIntervalMs: 5000,
        reconnect: { initialDelayMs: 50, maxDelayMs: 400 },
        ...options,
      })
      hosts.push(host)
      return host
    },
  }
  return file
}

export interface SshLink {
  sshd: TestSshd
  /** Connected. */
  host: SshHost
  /** Closes the host, then stops the server. */
  stop(): Promise<void>
}

/** The loopback sshd and a connected SshHost to it. */
export async function startSshLink(
  options: LoopbackSshdOptions & { host?: LoopbackHostOptions } = {},
): Promise<SshLink> {
  const { host: hostOptions, ...sshdOptions } = options
  const sshd = await startLoopbackSshd(sshdOptions)
  const host = loopbackSshHost(sshd, hostOptions)
  const stop = async (): Promise<void> => {
    await host.close()
    await sshd.stop()
  }
  try {
    await host.connect()
  } catch (error) {
    await stop()
    throw error
  }
  return { sshd, host, stop }
}

/**
 * Saves the loopback sshd as an SSH host of `app` through its router (as the renderer and the CLI
 * do), its host key accepted; returns the host's id. Password auth unless `auth: 'key'` (the
 * unencrypted key: what the CLI needs, which has no secret store).
 */
export async function addLoopbackHost(
  app: App,
  sshd: TestSshd,
  options: { name?: string; auth?: 'password' | 'key' } = {},
): Promise<string> {
  app.store.knownHosts.accept(`127.0.0.1:${sshd.port}`, sshd.hostKeyType, sshd.hostKeyFingerprint)
  const common = {
    kind: 'ssh',
    name: options.name ?? 'Loopback',
    hostname: '127.0.0.1',
    port: sshd.port,
    username: sshd.user,
  } as const
  const saved = await call(
    app,
    'hosts.add',
    options.auth === 'key'
      ? { ...common, auth: 'key', keyPath: sshd.keyPath }
      : { ...common, auth: 'password', secret: sshd.password },
  )
  return saved.id
}

export interface SshApp {
  t: TestApp
  sshd: TestSshd
  /** The saved SSH host "Loopback" (or the name given). */
  hostId: string
  /** UUIDs of the domains the test made on qemu:///system: destroyed and undefined by stop(). */
  created: string[]
  /** Removes the created domains, closes the app, stops the server, releases the libvirtd lock. */
  stop(): Promise<void>
}

/**
 * A test app (test/support/app.ts) with the loopback sshd saved as an SSH host. `libvirtd: true`
 * holds the shared libvirtd lock (test/support/libvirt.ts) from before the start until after stop().
 */
export async function startSshApp(
  options: LoopbackSshdOptions & { name?: string; libvirtd?: boolean } = {},
): Promise<SshApp> {
  const { name, libvirtd = false, ...sshdOptions } = options
  const release = libvirtd ? await lockLibvirtd('shared') : async (): Promise<void> => undefined
  const created: string[] = []
  let t: TestApp | undefined
  let sshd: TestSshd | undefined
  const stop = async (): Promise<void> => {
    await Promise.all(created.map((uuid) => removeDomain(uuid)))
    await t?.close()
    await sshd?.stop()
    await release()
  }
  try {
    sshd = await startLoopbackSshd(sshdOptions)
    t = startTestApp()
    const hostId = await addLoopbackHost(t.app, sshd, name === undefined ? {} : { name })
    return { t, sshd, hostId, created, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
