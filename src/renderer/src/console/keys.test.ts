import { describe, expect, it } from 'vitest'
import { comboEvents, KEY_COMBOS } from './keys'

describe('send-key combos', () => {
  it('presses in order and releases in reverse (Ctrl+Alt+Del as X11 keysyms)', () => {
    const combo = KEY_COMBOS.find((c) => c.id === 'ctrl-alt-del')
    expect(combo && comboEvents(combo)).toEqual([
      [0xffe3, 'ControlLeft', true],
      [0xffe9, 'AltLeft', true],
      [0xffff, 'Delete', true],
      [0xffff, 'Delete', false],
      [0xffe9, 'AltLeft', false],
      [0xffe3, 'ControlLeft', false],
    ])
  })

  it('has F1 to F7 for the virtual consoles, each with its keysym', () => {
    const f = KEY_COMBOS.filter((c) => /^ctrl-alt-f\d$/.test(c.id)).map((c) => c.keys[2])
    expect(f).toEqual([
      [0xffbe, 'F1'],
      [0xffbf, 'F2'],
      [0xffc0, 'F3'],
      [0xffc1, 'F4'],
      [0xffc2, 'F5'],
      [0xffc3, 'F6'],
      [0xffc4, 'F7'],
    ])
    expect(new Set(KEY_COMBOS.map((c) => c.id)).size).toBe(KEY_COMBOS.length)
  })
})
