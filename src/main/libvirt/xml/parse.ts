import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { AppError } from '@shared/errors.js'
import { codePointName, createEntityDecoder, escapeText, NOT_XML_CHAR } from './entities.js'
import { lineAndColumn, refuse, scanXml, MAX_XML_DEPTH } from './scan.js'
import type { Token } from './scan.js'
import type { ElementLayout, XmlAttribute, XmlDocument, XmlElement, XmlNode } from './types.js'

// Both halves are reachable from here too; index.ts is the module's front door.
export { buildXml } from './build.js'
export { MAX_XML_DEPTH } from './scan.js'

/** libvirt XML is a few KiB; 10 MiB leaves room for huge capability dumps and stops runaway input. */
export const MAX_XML_BYTES = 10 * 1024 * 1024

const TEXT = '#text'
const COMMENT = '#comment'
const CDATA = '#cdata'
const ATTRIBUTES = ':@'

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  textNodeName: TEXT,
  commentPropName: COMMENT,
  cdataPropName: CDATA,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  allowBooleanAttributes: false,
  removeNSPrefix: false,
  processEntities: true,
  // Its default decoder leaves numeric references (&#60;) undecoded unless htmlEntities is on, and
  // htmlEntities would also decode HTML names such as &nbsp; that XML does not define.
  entityDecoder: createEntityDecoder(),
  // The scan has already refused deeper input; this is a second fence, not the limit.
  maxNestedTags: MAX_XML_DEPTH + 1,
  // Callbacks are not used; building jPath strings per node costs time for nothing.
  jPath: false,
  // Names come from our scan and are only compared, so keep them as written (`toString` stays `toString`).
  onDangerousProperty: (name: string): string => name,
})

/**
 * Parses libvirt XML into a lossless tree. Refuses with AppError('INVALID_INPUT') input over
 * `MAX_XML_BYTES`, DOCTYPE/ENTITY declarations, nesting over `MAX_XML_DEPTH`, undefined entities and
 * anything not well-formed (with line and column).
 */
export function parseXml(input: string): XmlDocument {
  checkSize(input)
  const bom = input.startsWith('\uFEFF')
  const withoutBom = bom ? input.slice(1) : input
  // XML reads every line end as '\n'; the document remembers CRLF so that building gives it back
  // (a file mixing both comes back with the line end most of its lines use).
  const newline = usesCrlf(withoutBom) ? '\r\n' : '\n'
  const text = withoutBom.includes('\r') ? withoutBom.replace(/\r\n?/g, '\n') : withoutBom
  if (text.trim().length === 0) {
    throw new AppError('INVALID_INPUT', 'The XML is empty', {
      detail: 'Provide a libvirt XML document, such as the output of `virsh dumpxml`.',
    })
  }
  checkCharacters(text)
  const scan = scanXml(text)
  // The validator would name the whole path of open elements at line 1, column 1; say which one,
  // where it was opened and where the input ended.
  if (!scan.ok && scan.unclosed !== undefined) throw unclosedElement(text, scan.unclosed)
  const validation = XMLValidator.validate(text)
  if (validation !== true) {
    const { msg, line, col } = validation.err
    const where = col === undefined ? `line ${line}` : `line ${line}, column ${col}`
    throw new AppError('INVALID_INPUT', `The XML is not well-formed: ${msg} (${where})`, {
      detail: 'Fix the XML at that position and try again.',
      data: { line, column: col },
    })
  }
  if (!scan.ok) {
    throw refuse(
      text,
      scan.position,
      `The XML is not well-formed: ${scan.reason}`,
      'Fix the XML there and try again.',
    )
  }
  let parsed: unknown
  try {
    parsed = parser.parse(text)
  } catch (error) {
    throw new AppError('INVALID_INPUT', `The XML could not be parsed: ${(error as Error).message}`, {
      detail: 'Check the XML near the reported place and try again.',
      cause: error,
    })
  }
  const children = new Zipper(scan.tokens).nodes(asArray(parsed), true)
  return { type: 'document', children, bom, newline }
}

function unclosedElement(text: string, unclosed: { name: string; position: number }): AppError {
  const opened = lineAndColumn(text, unclosed.position)
  const end = lineAndColumn(text, text.length)
  return new AppError(
    'INVALID_INPUT',
    `The XML is not well-formed: <${unclosed.name}> opened at line ${opened.line}, column ${opened.column} ` +
      `is never closed; the input ends at line ${end.line}, column ${end.column}`,
    {
      detail: `Add </${unclosed.name}> where the element ends (the input may have been cut short).`,
      data: {
        element: unclosed.name,
        line: opened.line,
        column: opened.column,
        endLine: end.line,
        endColumn: end.column,
      },
    },
  )
}

function usesCrlf(text: string): boolean {
  if (!text.includes('\r\n')) return false
  const crlf = text.split('\r\n').length - 1
  const lf = text.split('\n').length - 1
  return crlf * 2 > lf
}

function checkSize(input: string): void {
  // Length in UTF-16 units never exceeds the UTF-8 byte count, so this refuses huge input without a scan.
  const bytes = input.length > MAX_XML_BYTES ? input.length : Buffer.byteLength(input, 'utf8')
  if (bytes > MAX_XML_BYTES) {
    const mib = (bytes / 1024 / 1024).toFixed(1)
    throw new AppError('INVALID_INPUT', `The XML is ${mib} MiB; VirtDeck reads at most 10 MiB`, {
      detail:
        'libvirt XML is normally a few KiB. Check that this is the right file, or trim it below 10 MiB.',
      data: { bytes, limit: MAX_XML_BYTES },
    })
  }
}

function checkCharacters(text: string): void {
  const bad = NOT_XML_CHAR.exec(text)
  if (bad === null) return
  throw refuse(
    text,
    bad.index,
    `The XML contains the character ${codePointName(bad[0])}, which XML does not allow`,
    'Remove the character (often a stray control character from a copy and paste) and try again.',
  )
}

type FxpNode = Record<string, unknown>

function asArray(value: unknown): FxpNode[] {
  return Array.isArray(value) ? (value as FxpNode[]) : []
}

function keyOf(node: FxpNode): string {
  for (const key of Object.keys(node)) if (key !== ATTRIBUTES) return key
  return ''
}

function innerText(node: FxpNode, key: string): string {
  const first = asArray(node[key])[0]
  const value = first?.[TEXT]
  return typeof value === 'string' ? value : ''
}

function mismatch(what: string): AppError {
  return new AppError('UNSUPPORTED', `This XML cannot be edited without loss: ${what} was read two ways`, {
    detail:
      'Please report this with the XML; VirtDeck will not change it rather than risk losing part of it.',
  })
}

/**
 * Walks fast-xml-parser's ordered tree and the scan's tokens together: values come from the parser,
 * the way things were written comes from the scan. They must agree node for node.
 */
class Zipper {
  private next = 0

  constructor(private readonly tokens: Token[]) {}

  nodes(fxp: FxpNode[], topLevel: boolean): XmlNode[] {
    const out: XmlNode[] = []
    let f = 0
    for (let token = this.tokens[this.next]; token !== undefined && token.kind !== 'close';) {
      this.next++
      const node = fxp[f]
      const key = node === undefined ? undefined : keyOf(node)
      if (token.kind === 'text') {
        if (node !== undefined && key === TEXT) {
          out.push(textNode(token.raw, node[TEXT]))
          f++
        } else if (topLevel) {
          // fast-xml-parser drops some whitespace around the root; the scan keeps it.
          out.push({ type: 'text', value: token.raw })
        } else {
          throw mismatch('text')
        }
      } else if (node === undefined) {
        throw mismatch(`<${token.kind === 'open' ? token.name : token.kind}>`)
      } else if (token.kind === 'comment') {
        if (key !== COMMENT || innerText(node, COMMENT) !== token.value) throw mismatch('a comment')
        out.push({ type: 'comment', value: token.value })
        f++
      } else if (token.kind === 'cdata') {
        if (key !== CDATA || innerText(node, CDATA) !== token.value) throw mismatch('a CDATA section')
        out.push({ type: 'cdata', value: token.value })
        f++
      } else if (token.kind === 'instruction') {
        if (key !== `?${token.target}`) throw mismatch(`<?${token.target}?>`)
        out.push({ type: 'instruction', target: token.target, data: token.data })
        f++
      } else {
        out.push(this.element(token, node, key ?? '', indentBefore(out, topLevel)))
        f++
      }
      token = this.tokens[this.next]
    }
    if (f !== fxp.length) throw mismatch('the content of an element')
    return out
  }

  private element(
    token: Extract<Token, { kind: 'open' }>,
    node: FxpNode,
    key: string,
    indent: string | undefined,
  ): XmlElement {
    if (key !== token.name) throw mismatch(`<${token.name}>`)
    const values = node[ATTRIBUTES] ?? {}
    const attributes = token.attributes.map((raw): XmlAttribute => {
      const value: unknown = Object.hasOwn(values, raw.name) ? (values as FxpNode)[raw.name] : undefined
      if (typeof value !== 'string') throw mismatch(`the attribute ${raw.name} of <${token.name}>`)
      const { text, quote, spaceBefore } = raw
      return { name: raw.name, value, source: { text, name: raw.name, value, quote, spaceBefore } }
    })
    if (Object.keys(values).length !== attributes.length) throw mismatch(`the attributes of <${token.name}>`)
    let children: XmlNode[] = []
    let closeEnd = ''
    if (!token.selfClosing) {
      children = this.nodes(asArray(node[key]), false)
      const close = this.tokens[this.next++]
      if (close?.kind !== 'close') throw mismatch(`</${token.name}>`)
      closeEnd = close.closeEnd
    } else if (asArray(node[key]).length > 0) {
      throw mismatch(`<${token.name}/>`)
    }
    const layout: ElementLayout = { tagEnd: token.tagEnd, closeEnd }
    if (children.length === 0) layout.empty = token.selfClosing ? 'self-closing' : 'pair'
    if (indent !== undefined) layout.indent = indent
    return { type: 'element', name: token.name, attributes, children, layout }
  }
}

function textNode(raw: string, value: unknown): XmlNode {
  if (typeof value !== 'string') throw mismatch('text')
  // Without '&' the text is its own value; anything else means the two readers disagree.
  if (!raw.includes('&') && raw !== value) throw mismatch('text')
  // Keep the source only where building the value afresh would write it differently (`it's`, `&#60;`).
  return escapeText(value) === raw ? { type: 'text', value } : { type: 'text', value, source: { raw, value } }
}

/** The indentation of the line an element starts on, if it starts a line. */
function indentBefore(siblings: XmlNode[], topLevel: boolean): string | undefined {
  const previous = siblings[siblings.length - 1]
  if (previous === undefined) return topLevel ? '' : undefined
  if (previous.type !== 'text') return undefined
  return /\n([ \t]*)$/.exec(previous.value)?.[1]
}
