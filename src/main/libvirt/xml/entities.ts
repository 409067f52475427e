import type { EntityDecoderOptions } from 'fast-xml-parser'
import { AppError } from '@shared/errors.js'

/** The only named entities XML defines; libvirt writes no others and a DOCTYPE that adds some is refused. */
const NAMED: ReadonlyMap<string, string> = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
])

/** A reference that XML does not allow; `offset` is where its `&` is in the decoded string's source. */
export class BadReferenceError extends Error {
  readonly offset: number
  constructor(message: string, offset: number) {
    super(message)
    this.name = 'BadReferenceError'
    this.offset = offset
  }
}

export function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  )
}

// What may follow '&': a numeric reference or a name, then ';'. Anything else is a bare '&'.
const REFERENCE = /&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_:][-A-Za-z0-9._:]*);/y

/**
 * Decodes `&lt; &gt; &amp; &quot; &apos;` and numeric references (`&#60;`, `&#x3C;`).
 * Throws `BadReferenceError` for anything else, e.g. `&nbsp;` or `&#0;`, which libvirt would reject too.
 */
export function decodeReferences(raw: string): string {
  let amp = raw.indexOf('&')
  if (amp === -1) return raw
  let out = ''
  let from = 0
  while (amp !== -1) {
    REFERENCE.lastIndex = amp
    const token = REFERENCE.exec(raw)?.[1]
    if (token === undefined) throw new BadReferenceError(`a bare '&' (write it as &amp;)`, amp)
    out += raw.slice(from, amp) + resolve(token, amp)
    from = REFERENCE.lastIndex
    amp = raw.indexOf('&', from)
  }
  return out + raw.slice(from)
}

function resolve(token: string, offset: number): string {
  const named = NAMED.get(token)
  if (named !== undefined) return named
  if (token.startsWith('#')) {
    const code = token.startsWith('#x')
      ? Number.parseInt(token.slice(2), 16)
      : Number.parseInt(token.slice(1), 10)
    if (!isXmlChar(code)) {
      throw new BadReferenceError(`the character reference &${token}; is not a character XML allows`, offset)
    }
    return String.fromCodePoint(code)
  }
  throw new BadReferenceError(
    `the entity &${token}; is not defined (XML defines only &lt; &gt; &amp; &quot; &apos; and numeric references)`,
    offset,
  )
}

/** Plugged into fast-xml-parser so that it decodes exactly what `decodeReferences` does. */
export function createEntityDecoder(): EntityDecoderOptions {
  return {
    // A DOCTYPE is refused before fast-xml-parser runs, so there are never entities to add.
    setExternalEntities: () => undefined,
    addInputEntities: () => undefined,
    reset: () => undefined,
    setXmlVersion: () => undefined,
    decode: decodeReferences,
  }
}

const TEXT_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // A literal CR would be read back as a line end; the reference keeps it.
  '\r': '&#13;',
}

const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = {
  ...TEXT_ESCAPES,
  // Parsers turn literal tabs and line ends in attribute values into spaces; references survive.
  '\t': '&#9;',
  '\n': '&#10;',
}

/** Escapes text content the way libvirt writes it (all five specials), so `virsh dumpxml` agrees. */
export function escapeText(value: string): string {
  assertXmlChars(value)
  return value.replace(/[&<>"'\r]/g, (ch) => TEXT_ESCAPES[ch] ?? ch)
}

/** Escapes an attribute value for either quote; libvirt escapes both quotes, and so do we. */
export function escapeAttribute(value: string): string {
  assertXmlChars(value)
  return value.replace(/[&<>"'\r\t\n]/g, (ch) => ATTRIBUTE_ESCAPES[ch] ?? ch)
}

/** Anything outside XML 1.0's Char production; with the u flag a lone surrogate half matches too. */
export const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u

function assertXmlChars(value: string): void {
  const bad = NOT_XML_CHAR.exec(value)
  if (bad === null) return
  throw new AppError(
    'INVALID_INPUT',
    `The value contains the character ${codePointName(bad[0])}, which XML cannot carry`,
    { detail: 'Remove the character from the value and try again.' },
  )
}

/** `U+0007` for a character. */
export function codePointName(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`
}
