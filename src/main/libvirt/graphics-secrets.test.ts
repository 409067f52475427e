import { describe, expect, it } from 'vitest'
import {
  carryGraphicsSecrets,
  graphicsKeyAt,
  graphicsSecretKeys,
  hasGraphicsSecrets,
  maskGraphicsSecrets,
  stripGraphicsSecrets,
} from './graphics-secrets.js'

const live = `<domain type='kvm'>
  <name>a</name>
  <devices>
    <graphics type='vnc' port='-1' autoport='yes' passwd='one' passwdValidTo='2099-01-01T00:00:00'>
      <listen type='address' address='127.0.0.1'/>
    </graphics>
    <graphics type='spice' autoport='yes' passwd='two'/>
    <graphics type='vnc' port='5999' passwd='three'/>
  </devices>
</domain>`

describe('graphics secrets', () => {
  it('strips passwd and passwdValidTo from every <graphics>, keeping the rest byte for byte', () => {
    const stripped = stripGraphicsSecrets(live)
    expect(stripped).not.toMatch(/passwd/)
    expect(stripped).toBe(
      live
        .replace(" passwd='one' passwdValidTo='2099-01-01T00:00:00'", '')
        .replace(" passwd='two'", '')
        .replace(" passwd='three'", ''),
    )
    expect(hasGraphicsSecrets(live)).toBe(true)
    expect(hasGraphicsSecrets(stripped)).toBe(false)
    expect(stripGraphicsSecrets(stripped)).toBe(stripped)
  })

  it('carries each secret back onto the graphics element of the same type and position', () => {
    const edited = stripGraphicsSecrets(live).replace('<name>a</name>', '<name>a</name>\n  <vcpu>2</vcpu>')
    const carried = carryGraphicsSecrets(live, edited)
    expect(carried).toBe(live.replace('<name>a</name>', '<name>a</name>\n  <vcpu>2</vcpu>'))
  })

  it('keeps a password the user typed, gives none to a graphics whose type changed, adds nothing when none is live', () => {
    const edited = stripGraphicsSecrets(live)
      .replace("<graphics type='spice' autoport='yes'", "<graphics type='spice' autoport='yes' passwd='new'")
      .replace("<graphics type='vnc' port='5999'", "<graphics type='sdl' port='5999'")
    const carried = carryGraphicsSecrets(live, edited)
    expect(carried).toContain("passwd='one' passwdValidTo='2099-01-01T00:00:00'")
    expect(carried).toContain("passwd='new'")
    expect(carried).not.toContain('two')
    expect(carried).toContain("<graphics type='sdl' port='5999'/>")
    const plain = stripGraphicsSecrets(live)
    expect(carryGraphicsSecrets(plain, edited)).toBe(edited)
  })

  it('drops the secrets of the graphics named in `drop` and carries the others', () => {
    expect(graphicsSecretKeys(live)).toEqual(['vnc#0', 'spice#0', 'vnc#1'])
    expect(graphicsKeyAt(live, 2)).toBe('vnc#1')
    expect(graphicsKeyAt(live, 3)).toBeUndefined()
    const carried = carryGraphicsSecrets(live, stripGraphicsSecrets(live), ['vnc#0'])
    expect(graphicsSecretKeys(carried)).toEqual(['spice#0', 'vnc#1'])
    expect(carried).not.toContain('passwdValidTo')
  })

  it('masks every passwd value, quotes of either kind, leaving the rest', () => {
    const masked = maskGraphicsSecrets(`${live}\n<graphics passwd="x'y"/>`)
    expect(masked).not.toMatch(/one|two|three|x'y/)
    expect(masked).toContain("passwd='••••••' passwdValidTo='2099-01-01T00:00:00'")
    expect(masked).toContain('passwd="••••••"')
  })
})
