/** Key combinations the "Send key" menu offers (X11 keysyms and DOM codes, as noVNC's sendKey takes them). */
export interface KeyCombo {
  id: string
  label: string
  keys: readonly (readonly [keysym: number, code: string])[]
}

const CTRL = [0xffe3, 'ControlLeft'] as const
const ALT = [0xffe9, 'AltLeft'] as const

const fKey = (n: number): readonly [number, string] => [0xffbe + n - 1, `F${n}`]

export const KEY_COMBOS: readonly KeyCombo[] = [
  { id: 'ctrl-alt-del', label: 'Ctrl+Alt+Del', keys: [CTRL, ALT, [0xffff, 'Delete']] },
  { id: 'ctrl-alt-backspace', label: 'Ctrl+Alt+Backspace', keys: [CTRL, ALT, [0xff08, 'Backspace']] },
  ...[1, 2, 3, 4, 5, 6, 7].map((n) => ({
    id: `ctrl-alt-f${n}`,
    label: `Ctrl+Alt+F${n}`,
    keys: [CTRL, ALT, fKey(n)],
  })),
  { id: 'print', label: 'Print Screen', keys: [[0xff61, 'PrintScreen']] },
  { id: 'alt-tab', label: 'Alt+Tab', keys: [ALT, [0xff09, 'Tab']] },
  { id: 'alt-f4', label: 'Alt+F4', keys: [ALT, fKey(4)] },
  { id: 'super', label: 'Super (Windows key)', keys: [[0xffeb, 'MetaLeft']] },
  { id: 'escape', label: 'Escape', keys: [[0xff1b, 'Escape']] },
]

/** Presses in order, releases in reverse: what a person does. */
export function comboEvents(combo: KeyCombo): [keysym: number, code: string, down: boolean][] {
  return [
    ...combo.keys.map(([keysym, code]): [number, string, boolean] => [keysym, code, true]),
    ...[...combo.keys].reverse().map(([keysym, code]): [number, string, boolean] => [keysym, code, false]),
  ]
}
