import { describe, expect, it } from 'vitest'
import { forwardUnit, isOurUnit, safeBridgeName, unitBridges, unitCommands } from './forward-unit.js'

describe('the FORWARD fix unit', () => {
  it('holds a delete-then-insert pair per rule, no shell, sorted and deduplicated bridges', () => {
    const text = forwardUnit('/usr/sbin/iptables', ['virbr1', 'br0', 'virbr1'])
    expect(isOurUnit(text)).toBe(true)
    expect(unitBridges(text)).toEqual(['br0', 'virbr1'])
    const commands = unitCommands(text)
    expect(commands).toHaveLength(8)
    expect(commands[0]).toEqual({
      argv: ['/usr/sbin/iptables', '-w', '-D', 'DOCKER-USER', '-i', 'br0', '-j', 'ACCEPT'],
      mayFail: true,
    })
    expect(commands[1]?.mayFail).toBe(false)
    expect(commands[1]?.argv[2]).toBe('-I')
    expect(text).not.toMatch(/sh -c|;|\|\|/)
  })

  it('refuses bridge names that could break the unit line or the arguments', () => {
    for (const bad of ['br 0', 'br0;reboot', '$(id)', 'a\nExecStart=/bin/sh', 'x'.repeat(16), '', 'br%i'])
      expect(safeBridgeName(bad)).toBe(false)
    for (const good of ['virbr0', 'br-lan.10', 'vmbr_1']) expect(safeBridgeName(good)).toBe(true)
  })

  it('a file that is not ours is not taken over', () => {
    expect(isOurUnit('[Unit]\nDescription=mine\n')).toBe(false)
  })
})
