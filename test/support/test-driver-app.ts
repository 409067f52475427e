/** The app on a temp profile with libvirt's test driver saved as a host, for tests that read and change VMs. */
import type { TestApp } from './app.js'
import { startTestApp } from './app.js'
import { lockLibvirtd, removeDomain } from './libvirt.js'

export interface TestDriverApp {
  t: TestApp
  /** The host "Test driver" (test:///default). */
  hostId: string
  /** Removes the domains listed in `created` (UUIDs), closes the app, releases libvirtd's lock. */
  stop(): Promise<void>
}

/** Holds libvirtd's shared lock for the whole run; `created` is the test's own list of domains to remove. */
export async function startTestDriverApp(created: readonly string[]): Promise<TestDriverApp> {
  const release = await lockLibvirtd('shared')
  const t = startTestApp()
  const hostId = (
    await t.call('hosts.add', { kind: 'local', name: 'Test driver', libvirtUri: 'test:///default' })
  ).id
  return {
    t,
    hostId,
    async stop() {
      await Promise.all(created.map((uuid) => removeDomain(uuid)))
      await t.close()
      await release()
    },
  }
}
