/**
 * The tree of a libvirt XML document. Values are decoded (`&lt;` reads as `<`). Each node may carry
 * how it was written in the source (quotes, escapes, `<x/>` or `<x></x>`, spacing inside tags), so an
 * unedited document builds back byte for byte and an edit changes only the text it edits.
 */

export type XmlNode = XmlElement | XmlText | XmlComment | XmlCData | XmlInstruction

export type Quote = "'" | '"'

export interface XmlDocument {
  type: 'document'
  /** Top level in order: the `<?xml …?>` declaration, whitespace, comments, the root element. */
  children: XmlNode[]
  /** The source started with a byte order mark. */
  bom: boolean
  /** Line ending of the source; values inside the tree always use '\n' (as XML requires). */
  newline: '\n' | '\r\n'
}

export interface XmlElement {
  type: 'element'
  /** Qualified name as written, e.g. `disk` or `qemu:commandline`. */
  name: string
  /** In document order. */
  attributes: XmlAttribute[]
  children: XmlNode[]
  /** How the tags were written; absent on elements the app created. */
  layout?: ElementLayout
}

export interface ElementLayout {
  /** How the element was written while empty; an element without it builds as `<x/>` when empty. */
  empty?: 'self-closing' | 'pair'
  /** Whitespace before `>` or `/>` in the start tag (`<x a='1' />` has ' '). */
  tagEnd: string
  /** Whitespace before `>` in the end tag (`</x >` has ' '). */
  closeEnd: string
  /** Indentation of the line the element starts on, when it starts a line; guides inserted children. */
  indent?: string
}

export interface XmlAttribute {
  name: string
  value: string
  /** As written: reused verbatim while `name` and `value` still equal what was read. */
  source?: AttributeSource
}

export interface AttributeSource {
  /** The whole attribute with the whitespace before it, e.g. ` unit='KiB'`. */
  text: string
  name: string
  value: string
  quote: Quote
  /** Whitespace before the name, kept when the value changes. */
  spaceBefore: string
}

export interface XmlText {
  type: 'text'
  value: string
  /** As written (escapes included): reused verbatim while `value` still equals `source.value`. */
  source?: { raw: string; value: string }
}

export interface XmlComment {
  type: 'comment'
  /** Text between `<!--` and `-->`, exactly. */
  value: string
}

export interface XmlCData {
  type: 'cdata'
  /** Text between `<![CDATA[` and `]]>`, exactly. */
  value: string
}

/** A processing instruction, including the `<?xml version='1.0'?>` declaration. */
export interface XmlInstruction {
  type: 'instruction'
  /** `xml` for the declaration. */
  target: string
  /** Everything between the target and `?>`, exactly, including leading whitespace. */
  data: string
}
