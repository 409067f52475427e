import { describe, expect, it } from 'vitest'
import { carryGraphicsSecrets, hasGraphicsSecrets, stripGraphicsSecrets } from './graphics-secrets.js'

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
})
