import { AppError } from '@shared/errors.js'
import { BadReferenceError, decodeReferences } from './entities.js'
import type { Quote } from './types.js'

/**
 * A linear, non-recursive pass over the source that runs before any parser sees it: it refuses what
 * is hostile (DOCTYPE and ENTITY declarations, runaway nesting, undefined entities) and records how
 * each tag is written (quotes, spacing, `<x/>`), which fast-xml-parser does not keep.
 */

export const MAX_XML_DEPTH = 200

export interface RawAttribute {
  name: string
  quote: Quote
  spaceBefore: string
  /** The whole attribute with the whitespace before it. */
  text: string
}

export type Token =
  | { kind: 'text'; raw: string }
  | { kind: 'open'; name: string; attributes: RawAttribute[]; tagEnd: string; selfClosing: boolean }
  | { kind: 'close'; name: string; closeEnd: string }
  | { kind: 'comment'; value: string }
  | { kind: 'cdata'; value: string }
  | { kind: 'instruction'; target: string; data: string }

/** Well-formedness problems are left to XMLValidator to explain; this says only where scanning stopped. */
export type ScanResult =
  | { ok: true; tokens: Token[] }
  | { ok: false; reason: string; position: number; unclosed?: { name: string; position: number } }

// Character tests by code, not regex: they run for every character of every tag.
function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d
}

function isNameEnd(code: number): boolean {
  return isSpace(code) || code === 0x2f || code === 0x3e || code === 0x3d || Number.isNaN(code)
}

export function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1)) {
    line++
    lineStart = i + 1
  }
  return { line, column: position - lineStart + 1 }
}

export function refuse(text: string, position: number, message: string, detail: string): AppError {
  const { line, column } = lineAndColumn(text, position)
  return new AppError('INVALID_INPUT', `${message} (line ${line}, column ${column})`, {
    detail,
    data: { line, column },
  })
}

function checkReferences(text: string, raw: string, position: number): void {
  if (!raw.includes('&')) return
  try {
    decodeReferences(raw)
  } catch (error) {
    if (!(error instanceof BadReferenceError)) throw error
    throw refuse(
      text,
      position + error.offset,
      `The XML is not well-formed: ${error.message}`,
      'Fix the reference at that position and try again.',
    )
  }
}

function refuseDeclaration(text: string, position: number): AppError {
  const head = text.slice(position + 2, position + 12)
  const keyword = ['DOCTYPE', 'ENTITY'].find((k) => head.startsWith(k)) ?? /^[A-Za-z]*/.exec(head)?.[0] ?? ''
  return refuse(
    text,
    position,
    `The XML contains a <!${keyword} declaration, which VirtDeck does not accept`,
    'libvirt XML never uses DOCTYPE or ENTITY declarations, and they can expand into huge documents or ' +
      'read local files. Remove the declaration and try again.',
  )
}

/** Reads the start tag at `lt`; returns the token and the index after `>`, or a reason it is malformed. */
function scanStartTag(
  text: string,
  lt: number,
): { token: Extract<Token, { kind: 'open' }>; next: number } | { reason: string; position: number } {
  let i = lt + 1
  while (!isNameEnd(text.charCodeAt(i))) i++
  const name = text.slice(lt + 1, i)
  if (name.length === 0) return { reason: 'a tag without a name', position: lt }
  const attributes: RawAttribute[] = []
  for (;;) {
    const spaceStart = i
    while (isSpace(text.charCodeAt(i))) i++
    const spaceBefore = text.slice(spaceStart, i)
    const ch = text.charAt(i)
    if (ch === '>' || (ch === '/' && text.charAt(i + 1) === '>')) {
      const selfClosing = ch === '/'
      const token = { kind: 'open' as const, name, attributes, tagEnd: spaceBefore, selfClosing }
      return { token, next: i + (selfClosing ? 2 : 1) }
    }
    if (spaceBefore.length === 0 || i >= text.length) {
      return { reason: `an unfinished <${name}> tag`, position: i }
    }
    const nameStart = i
    while (!isNameEnd(text.charCodeAt(i))) i++
    const attrName = text.slice(nameStart, i)
    while (isSpace(text.charCodeAt(i))) i++
    if (attrName.length === 0 || text.charAt(i) !== '=') {
      return { reason: `an attribute without a value in <${name}>`, position: nameStart }
    }
    i++
    while (isSpace(text.charCodeAt(i))) i++
    const quote = text.charAt(i)
    if (quote !== '"' && quote !== "'") {
      return { reason: `an unquoted attribute value in <${name}>`, position: i }
    }
    const close = text.indexOf(quote, i + 1)
    if (close === -1) return { reason: `an unclosed attribute value in <${name}>`, position: i }
    checkReferences(text, text.slice(i + 1, close), i + 1)
    attributes.push({ name: attrName, quote, spaceBefore, text: text.slice(spaceStart, close + 1) })
    i = close + 1
  }
}

/**
 * Splits the (line-end normalised) source into tokens. Throws AppError for hostile or unusable input;
 * returns `ok: false` for structure a well-formedness check should explain.
 */
export function scanXml(text: string): ScanResult {
  const tokens: Token[] = []
  const open: string[] = []
  /** Where each element in `open` starts, to say where an unclosed one was opened. */
  const openedAt: number[] = []
  let roots = 0
  let i = 0
  const stop = (reason: string, position: number): ScanResult => ({ ok: false, reason, position })
  while (i < text.length) {
    const lt = text.indexOf('<', i)
    const end = lt === -1 ? text.length : lt
    if (end > i) {
      const raw = text.slice(i, end)
      if (open.length === 0 && /[^ \t\n\r]/.test(raw)) {
        throw refuse(
          text,
          i + raw.search(/[^ \t\n\r]/),
          'The XML has text outside its root element',
          'A libvirt XML document is one element (e.g. <domain>…</domain>); remove the text around it.',
        )
      }
      checkReferences(text, raw, i)
      tokens.push({ kind: 'text', raw })
    }
    if (lt === -1) break
    const next = text.charAt(lt + 1)
    if (next === '/') {
      const gt = text.indexOf('>', lt)
      if (gt === -1) return stop('an unclosed end tag', lt)
      const inner = text.slice(lt + 2, gt)
      const name = inner.trimEnd()
      openedAt.pop()
      if (open.pop() !== name) return stop(`an unexpected </${name}>`, lt)
      tokens.push({ kind: 'close', name, closeEnd: inner.slice(name.length) })
      i = gt + 1
    } else if (next === '?') {
      const close = text.indexOf('?>', lt + 2)
      if (close === -1) return stop('an unclosed processing instruction', lt)
      const body = text.slice(lt + 2, close)
      const target = /^[^ \t\n\r]*/.exec(body)?.[0] ?? ''
      tokens.push({ kind: 'instruction', target, data: body.slice(target.length) })
      i = close + 2
    } else if (text.startsWith('<!--', lt)) {
      const close = text.indexOf('-->', lt + 4)
      if (close === -1) return stop('an unclosed comment', lt)
      tokens.push({ kind: 'comment', value: text.slice(lt + 4, close) })
      i = close + 3
    } else if (text.startsWith('<![CDATA[', lt)) {
      const close = text.indexOf(']]>', lt + 9)
      if (close === -1 || open.length === 0) return stop('a CDATA section outside an element or unclosed', lt)
      tokens.push({ kind: 'cdata', value: text.slice(lt + 9, close) })
      i = close + 3
    } else if (next === '!') {
      throw refuseDeclaration(text, lt)
    } else {
      const tag = scanStartTag(text, lt)
      if ('reason' in tag) return stop(tag.reason, tag.position)
      if (open.length === 0 && ++roots > 1) {
        throw refuse(
          text,
          lt,
          'The XML has more than one root element',
          'A libvirt XML document is exactly one element (e.g. <domain>…</domain>); split the input.',
        )
      }
      if (open.length + 1 > MAX_XML_DEPTH) {
        throw refuse(
          text,
          lt,
          `The XML nests elements deeper than ${MAX_XML_DEPTH} levels`,
          'libvirt XML is about ten levels deep; this input is not libvirt XML or is damaged.',
        )
      }
      tokens.push(tag.token)
      if (!tag.token.selfClosing) {
        open.push(tag.token.name)
        openedAt.push(lt)
      }
      i = tag.next
    }
  }
  if (open.length > 0) {
    const name = open[open.length - 1] ?? ''
    const position = openedAt[openedAt.length - 1] ?? 0
    return {
      ok: false,
      reason: `<${name}> is never closed`,
      position: text.length,
      unclosed: { name, position },
    }
  }
  if (roots === 0) return stop('no root element', 0)
  return { ok: true, tokens }
}
