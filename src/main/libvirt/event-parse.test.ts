import { describe, expect, it } from 'vitest'
import { parseEventLine, parseObjectEventLine } from './event-parse.js'

describe('virsh event lines', () => {
  it('reads lifecycle events with their timestamp', () => {
    expect(
      parseEventLine("2026-11-26 09:06:18.759+0000: event 'lifecycle' for domain 'vd-probe': Started Booted"),
    ).toEqual({
      kind: 'domain',
      name: 'vd-probe',
      type: 'lifecycle',
      event: 'Started',
      detail: 'Booted',
      at: Date.parse('2026-11-26T09:06:18.759Z'),
    })
    expect(
      parseEventLine("event 'lifecycle' for domain 'x': Shutdown Finished after host request"),
    ).toMatchObject({ event: 'Shutdown', detail: 'Finished after host request' })
  })

  it('keeps names with quotes, colons and unicode whole', () => {
    const name = "a': b 'c' ☃ $(x)"
    expect(parseEventLine(`event 'lifecycle' for domain '${name}': Undefined Removed`)).toMatchObject({
      name,
      event: 'Undefined',
      detail: 'Removed',
    })
  })

  it('reads other event types', () => {
    expect(parseEventLine("2026-11-26 09:06:18.759+0000: event 'reboot' for domain 'vm'")).toMatchObject({
      type: 'reboot',
      event: 'reboot',
      name: 'vm',
      detail: '',
    })
    expect(parseEventLine("event 'balloon-change' for domain 'vm': 65536 KiB")).toMatchObject({
      type: 'balloon-change',
      name: 'vm',
      detail: '65536 KiB',
    })
  })

  it('ignores what is not an event', () => {
    expect(parseEventLine('virsh # event --all --loop --timestamp')).toBeUndefined()
    expect(parseEventLine('\tcputune.vcpu_period=100000')).toBeUndefined()
    expect(parseEventLine('')).toBeUndefined()
  })
})

describe('virsh pool-event and net-event lines', () => {
  it('reads storage pool and network lifecycle events, names with spaces and colons whole', () => {
    expect(
      parseObjectEventLine(
        "2026-12-06 20:18:46.267+0000: event 'lifecycle' for storage pool my pool: x: Defined",
      ),
    ).toEqual({
      kind: 'pool',
      name: 'my pool: x',
      event: 'Defined',
      at: Date.parse('2026-12-06T20:18:46.267Z'),
    })
    expect(parseObjectEventLine("event 'lifecycle' for network default: Started")).toEqual({
      kind: 'network',
      name: 'default',
      event: 'Started',
    })
    expect(parseObjectEventLine("event 'lifecycle' for domain 'x': Started Booted")).toBeUndefined()
  })
})
