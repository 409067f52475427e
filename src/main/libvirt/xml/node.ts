import { AppError } from '@shared/errors.js'
import type { XmlComment, XmlDocument, XmlElement, XmlNode, XmlText } from './types.js'

/** Reading the tree: elements by name, simple paths, attributes and text as `string | undefined`. */

// XML's Name production, close enough to refuse what libvirt would (spaces, quotes, leading digits).
const NAME = /^[A-Za-z_:\u00C0-\uFFFD][-A-Za-z0-9._:\u00B7\u00C0-\uFFFD]*$/

export function assertName(name: string, what: 'element' | 'attribute'): void {
  if (!NAME.test(name)) {
    throw new AppError('INVALID_INPUT', `"${name}" is not a valid XML ${what} name`, {
      detail: 'Names start with a letter or underscore and contain letters, digits, ".", "-", "_" or ":".',
    })
  }
}

/** The document's root element (e.g. `<domain>`). */
export function root(doc: XmlDocument): XmlElement {
  const found = doc.children.find((node): node is XmlElement => node.type === 'element')
  if (found === undefined) throw new AppError('INTERNAL', 'The XML document has no root element')
  return found
}

/** Child elements, optionally only those named `name`. */
export function children(el: XmlElement, name?: string): XmlElement[] {
  const out: XmlElement[] = []
  for (const node of el.children) {
    if (node.type === 'element' && (name === undefined || node.name === name)) out.push(node)
  }
  return out
}

/** The first child element named `name`. */
export function child(el: XmlElement, name: string): XmlElement | undefined {
  for (const node of el.children) if (node.type === 'element' && node.name === name) return node
  return undefined
}

interface Step {
  name: string
  /** [attribute, value]; value undefined means "has the attribute". */
  where: [string, string | undefined][]
}

const STEP = /^([^[\]/]+)((?:\[@[^=\]]+(?:=(?:'[^']*'|"[^"]*"))?\])*)$/
const PREDICATE = /\[@([^=\]]+)(?:=(?:'([^']*)'|"([^"]*)"))?\]/g

function parsePath(path: string): Step[] {
  return path.split('/').map((part) => {
    const match = STEP.exec(part)
    if (match === null) {
      throw new AppError('INVALID_INPUT', `"${path}" is not a supported XML path`, {
        detail: "Use names separated by '/', '*' for any, and [@attr] or [@attr='value'] filters.",
      })
    }
    const where: [string, string | undefined][] = []
    for (const p of (match[2] ?? '').matchAll(PREDICATE)) where.push([p[1] ?? '', p[2] ?? p[3]])
    return { name: match[1] ?? '', where }
  })
}

function matches(el: XmlElement, step: Step): boolean {
  if (step.name !== '*' && el.name !== step.name) return false
  return step.where.every(([name, value]) => {
    const actual = attr(el, name)
    return value === undefined ? actual !== undefined : actual === value
  })
}

/**
 * All elements at `path` below `el`, e.g. `devices/disk[@device='cdrom']/target` or `devices/*`.
 * Steps are names (or `*`) with optional `[@attr]` / `[@attr='value']` filters.
 */
export function findAll(el: XmlElement, path: string): XmlElement[] {
  let current = [el]
  for (const step of parsePath(path)) {
    const next: XmlElement[] = []
    for (const parent of current) for (const c of children(parent)) if (matches(c, step)) next.push(c)
    current = next
  }
  return current
}

/** The first element at `path` below `el` (see `findAll`). */
export function find(el: XmlElement, path: string): XmlElement | undefined {
  return findAll(el, path)[0]
}

export function attr(el: XmlElement, name: string): string | undefined {
  return el.attributes.find((a) => a.name === name)?.value
}

/** Sets an attribute in place (keeping its position and quotes), or appends it. */
export function setAttr(el: XmlElement, name: string, value: string): void {
  const existing = el.attributes.find((a) => a.name === name)
  if (existing !== undefined) {
    existing.value = value
    return
  }
  assertName(name, 'attribute')
  el.attributes.push({ name, value })
}

/** Removes an attribute; returns whether it was there. */
export function removeAttr(el: XmlElement, name: string): boolean {
  const index = el.attributes.findIndex((a) => a.name === name)
  if (index === -1) return false
  el.attributes.splice(index, 1)
  return true
}

/**
 * The element's own text (text and CDATA joined). Undefined when there is none, and for the
 * indentation between child elements, which is layout rather than content.
 */
export function text(el: XmlElement): string | undefined {
  let value = ''
  let hasElements = false
  for (const node of el.children) {
    if (node.type === 'text' || node.type === 'cdata') value += node.value
    else if (node.type === 'element') hasElements = true
  }
  if (value.length === 0 || (hasElements && value.trim().length === 0)) return undefined
  return value
}

/** Replaces the element's text. Refused on elements with child elements, where text is only layout. */
export function setText(el: XmlElement, value: string): void {
  if (children(el).length > 0) {
    throw new AppError('INVALID_INPUT', `<${el.name}> has child elements; its text cannot be set`, {
      detail: 'Set the text of a leaf element instead (for example <memory>, not <devices>).',
    })
  }
  if (text(el) === value) return
  const at = el.children.findIndex((node) => node.type === 'text' || node.type === 'cdata')
  el.children = el.children.filter((node) => node.type !== 'text' && node.type !== 'cdata')
  if (value.length > 0) el.children.splice(at === -1 ? el.children.length : at, 0, createText(value))
}

export function createText(value: string): XmlText {
  return { type: 'text', value }
}

export function createComment(value: string): XmlComment {
  return { type: 'comment', value }
}

/** A new element; string children become text. Built as libvirt writes: `<name a='1'/>`. */
export function createElement(
  name: string,
  attrs: Record<string, string> = {},
  content: (XmlNode | string)[] = [],
): XmlElement {
  assertName(name, 'element')
  const attributes = Object.entries(attrs).map(([attrName, value]) => {
    assertName(attrName, 'attribute')
    return { name: attrName, value }
  })
  const nodes = content.map((c): XmlNode => (typeof c === 'string' ? createText(c) : c))
  return { type: 'element', name, attributes, children: nodes }
}
