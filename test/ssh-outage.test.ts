/**
 * Fault 8 of issue 9, an SSH host's outage and recovery against a real OpenSSH server on loopback
 * (test/support/sshd.ts), stopped and started again: calls fail at once while the host refuses
 * connections (they spun ~32 s, then said "could not connect within 60 s"), and the reconnect
 * backoff is cut short as soon as the host answers again (recovery took 25 s). No mocks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SshHost } from '../src/main/host/ssh-host.js'
import type { HostConnectionState } from '@shared/hosts.js'
import { LibvirtConnection } from '../src/main/libvirt/libvirt-connection.js'
import { loopbackSshHost, startLoopbackSshd } from './support/ssh-app.js'
import type { TestSshd } from './support/sshd.js'
import { lockLibvirtd, waitFor } from './support/libvirt.js'

let sshd: TestSshd
let host: SshHost
let conn: LibvirtConnection | undefined
let release: (() => Promise<void>) | undefined

beforeAll(async () => {
  release = await lockLibvirtd('shared')
  sshd = await startLoopbackSshd()
}, 60_000)

afterAll(async () => {
  await conn?.close()
  await host?.close()
  await sshd?.stop()
  await release?.()
})

describe('an SSH host goes away and comes back (fault 8)', () => {
  it('fails fast while reconnecting, and reconnects as soon as sshd answers again', async () => {
    host = loopbackSshHost(sshd, {
      id: 'outage',
      // The app's shape (1 s doubling to 30 s), shorter: attempt 3 waits 4 s.
      reconnect: { initialDelayMs: 1000, maxDelayMs: 30_000 },
    })
    const states: HostConnectionState[] = []
    host.onStateChange((state) => states.push(state))
    await host.connect()
    // libvirt over that link, with its event stream (default backoff: up to 5 s between tries).
    conn = new LibvirtConnection({
      host,
      uri: 'qemu:///system',
      hostId: 'outage',
      where: 'the loopback host',
    })
    await conn.events?.waitConnected(20_000)
    await sshd.down()
    // A call made as the link drops waits for the first reconnect attempt, and fails as soon as it is refused.
    const early = Date.now()
    await expect(host.exec('true', [], { timeoutMs: 60_000 })).rejects.toMatchObject({
      code: 'HOST_UNREACHABLE',
    })
    expect(Date.now() - early).toBeLessThan(3000)
    await waitFor('the second reconnect attempt to be refused', 10_000, () =>
      host.state().attempt !== undefined && (host.state().attempt ?? 0) >= 2 ? true : undefined,
    )

    // A call now fails at once with the reason, instead of waiting for its whole timeout.
    const started = Date.now()
    const error = await host.exec('true', [], { timeoutMs: 60_000 }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(Date.now() - started).toBeLessThan(1000)
    expect(error).toMatchObject({ code: 'HOST_UNREACHABLE' })
    expect(String((error as Error).message)).toMatch(/refused/i)
    expect(String((error as Error).message)).not.toMatch(/within/)

    // Wait into attempt 3's 4 s backoff, then bring sshd back: connected well before that retry.
    await waitFor('attempt 3 scheduled', 10_000, () => ((host.state().attempt ?? 0) >= 3 ? true : undefined))
    const back = Date.now()
    await sshd.up()
    await waitFor('connected again', 10_000, () => (host.state().status === 'connected' ? true : undefined))
    expect(Date.now() - back).toBeLessThan(2000)
    expect((await host.exec('echo', ['back'])).stdout).toBe('back\n')
    // libvirt's event stream over that link is back too (its own backoff is at most 5 s).
    await conn.events?.waitConnected(10_000)
  }, 30_000)
})
