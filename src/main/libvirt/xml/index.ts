/** Lossless libvirt XML: parse, read and edit, build back byte for byte, compare, and diff for previews. */
export { parseXml, MAX_XML_BYTES, MAX_XML_DEPTH } from './parse.js'
export { buildXml, buildElement } from './build.js'
export {
  root,
  children,
  child,
  find,
  findAll,
  attr,
  setAttr,
  removeAttr,
  text,
  setText,
  createElement,
  createText,
  createComment,
} from './node.js'
export { appendChild, insertChild, removeChild, ensureChild } from './edit.js'
export { decodeUtf8Xml, firstInvalidUtf8 } from './utf8.js'
export { xmlEqual } from './equal.js'
export type { XmlEqualOptions } from './equal.js'
export { diffLines, toHunks, formatUnifiedDiff } from './diff.js'
export type { DiffLine, DiffHunk, UnifiedDiffOptions } from './diff.js'
export type {
  XmlNode,
  XmlDocument,
  XmlElement,
  XmlAttribute,
  AttributeSource,
  ElementLayout,
  XmlText,
  XmlComment,
  XmlCData,
  XmlInstruction,
  Quote,
} from './types.js'
