/**
 * libvirtd restarted under a live connection: the session and the event stream notice, say why,
 * reconnect, and work again. The only test that stops the daemon: it takes the libvirtd lock
 * exclusively (the other libvirt test files hold it shared), stops libvirtd by its pid file and starts
 * it as the testbed does, then waits until virsh answers again. Running QEMU processes survive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LocalHost } from '../src/main/host/local-host.js'
import { DomainInventory } from '../src/main/libvirt/domain-list.js'
import { LibvirtConnection } from '../src/main/libvirt/libvirt-connection.js'
import type { DomainEvent, LibvirtConnectionState } from '@shared/vms.js'
import {
  defineTiny,
  libvirtdAnswers,
  lockLibvirtd,
  otherVirsh,
  removeDomain,
  restartLibvirtd,
  uniqueName,
  waitFor,
} from './support/libvirt.js'

let release: () => Promise<void>
let conn: LibvirtConnection
const created: string[] = []

beforeAll(async () => {
  release = await lockLibvirtd('exclusive')
  await waitFor('libvirtd', 60_000, async () => ((await libvirtdAnswers()) ? true : undefined))
}, 120_000)

afterAll(async () => {
  await conn?.close()
  await Promise.all(created.map((uuid) => removeDomain(uuid)))
  await release?.()
}, 60_000)

describe('libvirtd restarted mid-session', () => {
  it(
    'reconnects the session and the event stream, reports the outage, and resyncs',
    { timeout: 90_000 },
    async () => {
      conn = new LibvirtConnection({
        host: new LocalHost(),
        uri: 'qemu:///system',
        hostId: 'local',
        where: 'this computer',
        eventBackoff: { initialMs: 100, maxMs: 1000 },
      })
      const states: LibvirtConnectionState[] = []
      const events: DomainEvent[] = []
      let resyncs = 0
      conn.onStateChange((state) => states.push(state))
      conn.onDomainEvent((event) => events.push(event))
      conn.onResync(() => resyncs++)
      await conn.events?.waitConnected(15_000)

      const name = uniqueName('vd-restart', true)
      const uuid = await defineTiny(name)
      created.push(uuid)
      await otherVirsh(['start', '--domain', uuid])
      const inventory = new DomainInventory(conn)
      expect((await inventory.get(name)).state).toBe('running')

      await restartLibvirtd({
        whileDown: async () => {
          await waitFor('the connection to notice', 10_000, () =>
            conn.state().status === 'reconnecting' ? true : undefined,
          )
          expect(conn.state().reason).toMatch(
            /Disconnected from qemu:\/\/\/system|failed to connect|Failed to connect socket|end of file/i,
          )
          // While libvirtd is away a call fails quickly and clearly (it does not hang).
          await expect(inventory.get(name)).rejects.toMatchObject({ code: 'HOST_UNREACHABLE' })
        },
      })

      await waitFor('the event stream to reconnect', 15_000, () =>
        conn.events?.state().status === 'connected' ? true : undefined,
      )
      expect(resyncs).toBeGreaterThanOrEqual(1)
      // The session's virsh reconnects on its next command.
      expect((await inventory.get(name)).state).toBe('running')
      expect((await inventory.list()).some((d) => d.uuid === uuid)).toBe(true)
      await waitFor('the connection state', 5000, () =>
        conn.state().status === 'connected' ? true : undefined,
      )
      expect(states.map((s) => s.status)).toEqual(expect.arrayContaining(['connected', 'reconnecting']))

      // Live events flow again.
      await otherVirsh(['destroy', '--domain', uuid])
      await waitFor('Stopped after the restart', 10_000, () =>
        events.find((e) => e.name === name && e.event === 'Stopped'),
      )
    },
  )
})
