import { afterEach, describe, expect, it } from 'vitest'
import { LocalHost } from '../host/local-host.js'
import { LibvirtConnection } from '../libvirt/libvirt-connection.js'
import { StatsService } from './stats-service.js'

/** A real virsh on a test-driver node file that does not exist: every round fails, as on a host without libvirt. */
const host = new LocalHost({ id: 'local' })
const conns: LibvirtConnection[] = []

afterEach(async () => {
  await Promise.all(conns.splice(0).map((c) => c.close()))
})

describe('StatsService', () => {
  it('backs off while rounds fail, and stops with the last watcher', async () => {
    const conn = new LibvirtConnection({
      host,
      uri: 'test:///nonexistent/virtdeck-none.xml',
      events: false,
      transport: 'exec',
    })
    conns.push(conn)
    let attempts = 0
    const service = new StatsService({
      intervalMs: 20,
      source: () => ({
        connection: async () => {
          attempts++
          return conn
        },
        host: async () => host,
      }),
      onDrop: () => () => undefined,
      onRound: () => undefined,
    })
    const a = new AbortController()
    const b = new AbortController()
    const watches = [service.watch('h', a.signal), service.watch('h', b.signal)]
    expect(service.watching()).toEqual({ h: 2 })
    await new Promise((r) => setTimeout(r, 1500))
    // without the back-off: ~1500 / max(20, one virsh run) rounds; with it: 20·2^n ms apart
    expect(attempts).toBeGreaterThanOrEqual(2)
    expect(attempts).toBeLessThanOrEqual(8)
    a.abort()
    b.abort()
    expect(await Promise.all(watches)).toEqual([{ stopped: true }, { stopped: true }])
    expect(service.watching()).toEqual({ h: 0 })
    const after = attempts
    await new Promise((r) => setTimeout(r, 300))
    expect(attempts).toBeLessThanOrEqual(after + 1)
    expect(service.history('h', 'hour').sampling).toBe(false)
    service.close()
  })

  it('ends every watch of a host when the host is dropped', async () => {
    let drop: ((hostId: string) => Promise<void>) | undefined
    const conn = new LibvirtConnection({ host, uri: 'test:///default', events: false })
    conns.push(conn)
    const rounds: number[] = []
    const service = new StatsService({
      intervalMs: 50,
      source: () => ({ connection: async () => conn, host: async () => host }),
      onDrop: (listener) => {
        drop = listener
        return () => undefined
      },
      onRound: (_h, round) => rounds.push(round.at),
    })
    const watch = service.watch('h', new AbortController().signal)
    while (rounds.length < 2) await new Promise((r) => setTimeout(r, 20))
    await drop?.('h')
    expect(await watch).toEqual({ stopped: true })
    const count = rounds.length
    await new Promise((r) => setTimeout(r, 200))
    expect(rounds.length).toBeLessThanOrEqual(count + 1)
    service.close()
  })
})
