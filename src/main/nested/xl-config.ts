import { AppError } from '@shared/errors.js'

/**
 * Lossless parser/writer for xl domain configuration files (xl.cfg(5), libxlu's grammar):
 * `KEY=VALUE` settings separated by newlines or `;`, values that are strings ('…' or "…", both
 * with backslash escapes),
 * numbers, or lists `[ … ]` (nested, spanning lines, trailing comma allowed), `#` comments.
 * The document is a sequence of nodes, each keeping its exact source text: settings (key through
 * the end of the value, comments inside lists included) and the trivia between them (blanks,
 * newlines, `;`, comments). Writing concatenates the nodes, so an unedited document comes back
 * byte for byte, and an edit touches only the value it changes.
 */

interface Span {
  /** Offsets in the source the node was parsed from. */
  start: number
  end: number
}

export type XlValue =
  | (Span & { type: 'string'; value: string; quote: '"' | "'" })
  | (Span & { type: 'atom'; raw: string })
  | (Span & { type: 'list'; items: XlValue[] })

export interface XlSetting extends Span {
  kind: 'setting'
  key: string
  op: '=' | '+='
  value: XlValue
  raw: string
  /** 1-based line of the key. */
  line: number
}

export interface XlTrivia {
  kind: 'trivia'
  raw: string
}

export interface XlConfig {
  nodes: (XlSetting | XlTrivia)[]
}

class Scanner {
  pos = 0
  constructor(readonly text: string) {}

  get ch(): string {
    return this.text[this.pos] ?? ''
  }

  line(at = this.pos): number {
    let n = 1
    for (let i = 0; i < at && i < this.text.length; i++) if (this.text[i] === '\n') n++
    return n
  }

  fail(message: string, at = this.pos): never {
    throw new AppError('INVALID_INPUT', `xl config, line ${this.line(at)}: ${message}`)
  }

  /** Blanks, and with `newlines` also newlines and comments (inside lists). */
  skip(newlines: boolean): void {
    for (;;) {
      const c = this.ch
      if (c === ' ' || c === '\t' || c === '\r') this.pos++
      else if (newlines && c === '\n') this.pos++
      else if (newlines && c === '#') this.skipComment()
      else return
    }
  }

  skipComment(): void {
    while (this.pos < this.text.length && this.ch !== '\n') this.pos++
  }
}

const KEY = /[A-Za-z_][A-Za-z0-9_.]*/y
const ATOM = /[^\s,[\]=;#'"]+/y

const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' }

/** libxlu's dequoting: backslash escapes in both quote styles (\n, \t, \xHH, \ooo, or the character itself). */
function dequote(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|.)/g, (_m, e: string) => {
    if (e.length > 1 && e.startsWith('x')) return String.fromCharCode(Number.parseInt(e.slice(1), 16))
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(Number.parseInt(e, 8))
    return ESCAPES[e] ?? e
  })
}

function parseString(s: Scanner): XlValue {
  const start = s.pos
  const quote = s.ch as '"' | "'"
  s.pos++
  for (;;) {
    const c = s.ch
    if (c === '' || c === '\n') s.fail('a string is not closed on its line', start)
    s.pos++
    if (c === quote) break
    if (c === '\\') {
      if (s.ch === '' || s.ch === '\n') s.fail('a string is not closed on its line', start)
      s.pos++
    }
  }
  return { type: 'string', value: dequote(s.text.slice(start + 1, s.pos - 1)), quote, start, end: s.pos }
}

function parseValue(s: Scanner): XlValue {
  const c = s.ch
  if (c === '"' || c === "'") return parseString(s)
  if (c === '[') {
    const start = s.pos
    s.pos++
    const items: XlValue[] = []
    for (;;) {
      s.skip(true)
      if (s.ch === ']') break
      items.push(parseValue(s))
      s.skip(true)
      if (s.ch === ',') s.pos++
      else if (s.ch !== ']')
        s.fail(`expected "," or "]" in a list, found ${JSON.stringify(s.ch || 'end of file')}`)
    }
    s.pos++
    return { type: 'list', items, start, end: s.pos }
  }
  ATOM.lastIndex = s.pos
  const match = ATOM.exec(s.text)
  if (match === null) s.fail(`expected a value, found ${JSON.stringify(c || 'end of file')}`)
  const start = s.pos
  s.pos += match[0].length
  return { type: 'atom', raw: match[0], start, end: s.pos }
}

/** Parses an xl config; throws INVALID_INPUT with the line on a syntax error. */
export function parseXlConfig(text: string): XlConfig {
  const s: Scanner = new Scanner(text)
  const nodes: (XlSetting | XlTrivia)[] = []
  let triviaStart = 0
  const flushTrivia = (): void => {
    if (s.pos > triviaStart) nodes.push({ kind: 'trivia', raw: text.slice(triviaStart, s.pos) })
  }
  while (s.pos < text.length) {
    const c = s.ch
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === ';') {
      s.pos++
      continue
    }
    if (c === '#') {
      s.skipComment()
      continue
    }
    KEY.lastIndex = s.pos
    const key = KEY.exec(text)
    if (key === null) s.fail(`expected a setting name, found ${JSON.stringify(c)}`)
    flushTrivia()
    const start = s.pos
    s.pos += key[0].length
    s.skip(false)
    let op: '=' | '+='
    if (text.startsWith('+=', s.pos)) op = '+='
    else if (s.ch === '=') op = '='
    else s.fail(`expected "=" after ${key[0]}`)
    s.pos += op.length
    s.skip(false)
    const value = parseValue(s)
    const end = s.pos
    s.skip(false)
    if (s.pos < text.length && !['\n', ';', '#'].includes(s.ch))
      s.fail(`unexpected ${JSON.stringify(s.ch)} after the value of ${key[0]}`)
    s.pos = end
    nodes.push({
      kind: 'setting',
      key: key[0],
      op,
      value,
      raw: text.slice(start, end),
      line: s.line(start),
      start,
      end,
    })
    triviaStart = end
  }
  flushTrivia()
  return { nodes }
}

export function writeXlConfig(config: XlConfig): string {
  return config.nodes.map((n) => n.raw).join('')
}

export function xlSettings(config: XlConfig): XlSetting[] {
  return config.nodes.filter((n): n is XlSetting => n.kind === 'setting')
}

/** The setting xl uses: the last one with that key. */
export function getXlSetting(config: XlConfig, key: string): XlSetting | undefined {
  return xlSettings(config)
    .filter((s) => s.key === key)
    .at(-1)
}

/** A string literal in xl syntax, in the preferred quote unless the value holds that quote and not the other. */
export function xlString(value: string, quote: '"' | "'" = '"'): string {
  const other = quote === '"' ? "'" : '"'
  const q = value.includes(quote) && !value.includes(other) ? other : quote
  const escaped = value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replaceAll(q, `\\${q}`)
  return `${q}${escaped}${q}`
}

/** An xl number/boolean as xl reads it (decimal, 0octal, 0xhex); null when not a number. */
export function xlNumber(value: XlValue): number | null {
  if (value.type !== 'atom') return null
  const raw = value.raw
  const n = /^0x[0-9a-f]+$/i.test(raw)
    ? Number.parseInt(raw, 16)
    : /^0[0-7]+$/.test(raw)
      ? Number.parseInt(raw, 8)
      : /^\d+$/.test(raw)
        ? Number(raw)
        : Number.NaN
  return Number.isNaN(n) ? null : n
}

/** The ` = ` spacing the file already uses (from its first setting), for settings VirtDeck adds. */
function assignmentStyle(config: XlConfig): string {
  const first = xlSettings(config)[0]
  const m = first === undefined ? null : /^[A-Za-z0-9_.]+([ \t]*)\+?=([ \t]*)/.exec(first.raw)
  return m === null ? ' = ' : `${m[1] ?? ''}=${m[2] ?? ''}`
}

function parseRawValue(valueRaw: string): void {
  const s: Scanner = new Scanner(valueRaw)
  parseValue(s)
  if (s.pos !== valueRaw.length) s.fail('a value must be a single string, number or list')
}

/**
 * Sets `key` to the value written as `valueRaw` (already in xl syntax): replaces the value of the
 * last setting with that key, keeping its key, spacing and any comment after it; or appends
 * `key = value` on a new line at the end. Refuses keys that are extended with `+=`.
 */
export function setXlValue(config: XlConfig, key: string, valueRaw: string): XlConfig {
  parseRawValue(valueRaw)
  const settings = xlSettings(config).filter((s) => s.key === key)
  if (settings.some((s) => s.op === '+=')) {
    throw new AppError(
      'UNSUPPORTED',
      `${key} is built up with "+=" in this file; VirtDeck does not edit it. Set it by hand.`,
    )
  }
  const target = settings.at(-1)
  if (target !== undefined) {
    const offset = target.value.start - target.start
    const raw = target.raw.slice(0, offset) + valueRaw + target.raw.slice(target.value.end - target.start)
    return parseXlConfig(
      writeXlConfig({ nodes: config.nodes.map((n) => (n === target ? { ...target, raw } : n)) }),
    )
  }
  const text = writeXlConfig(config)
  const line = `${key}${assignmentStyle(config)}${valueRaw}`
  const next = text === '' || text.endsWith('\n') ? `${text}${line}\n` : `${text}\n${line}\n`
  return parseXlConfig(next)
}

/** Replaces the source text between two offsets of the written document (used to edit inside a list). */
export function spliceXlConfig(config: XlConfig, start: number, end: number, insert: string): XlConfig {
  const text = writeXlConfig(config)
  return parseXlConfig(text.slice(0, start) + insert + text.slice(end))
}
