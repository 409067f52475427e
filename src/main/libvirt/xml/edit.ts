import { child as firstChild, children, createElement } from './node.js'
import type { XmlElement, XmlNode, XmlText } from './types.js'

/**
 * Adding and removing children so that pretty-printed XML stays pretty: a node added among
 * indented siblings gets its own line at their indentation, and a removed one takes its line with it.
 */

/** Elements, comments and instructions sit on their own line in indented XML; text does not. */
function isBlock(node: XmlNode): boolean {
  return node.type === 'element' || node.type === 'comment' || node.type === 'instruction'
}

function isLineBreak(node: XmlNode | undefined): node is XmlText {
  return node?.type === 'text' && node.value.includes('\n') && node.value.trim().length === 0
}

function afterLastLine(value: string): string {
  return value.slice(value.lastIndexOf('\n') + 1)
}

function lineBreak(indent: string): XmlText {
  return { type: 'text', value: `\n${indent}` }
}

interface Indentation {
  /** Indentation of the parent's children. */
  child: string
  /** Indentation of the parent's own tags. */
  parent: string
}

/** How `parent` indents its children, or undefined when it does not (compact XML, text content). */
function indentationOf(parent: XmlElement): Indentation | undefined {
  const nodes = parent.children
  const first = nodes.findIndex(isBlock)
  if (first !== -1) {
    const before = nodes[first - 1]
    if (!isLineBreak(before)) return undefined
    const last = nodes[nodes.length - 1]
    const own = isLineBreak(last) ? afterLastLine(last.value) : (parent.layout?.indent ?? '')
    return { child: afterLastLine(before.value), parent: own }
  }
  if (nodes.some((node) => node.type !== 'text' || node.value.trim().length > 0)) return undefined
  const own = parent.layout?.indent
  // libvirt indents by two spaces; an empty parent has no children to learn the step from.
  return own === undefined ? undefined : { child: `${own}  `, parent: own }
}

/** Gives a new element (and its new descendants) the indentation of the place it is going to. */
function indentNew(el: XmlElement, indent: string, step: string): void {
  if (el.layout !== undefined) return
  el.layout = { tagEnd: '', closeEnd: '', indent }
  if (el.children.length === 0 || el.children.some((node) => !isBlock(node))) return
  const nodes: XmlNode[] = []
  for (const node of el.children) {
    nodes.push(lineBreak(indent + step), node)
    if (node.type === 'element') indentNew(node, indent + step, step)
  }
  nodes.push(lineBreak(indent))
  el.children = nodes
}

/**
 * Inserts `node` before the `index`-th child element of `parent` (at the end when there is none).
 * Given a name (and attributes) instead of a node, creates the element.
 */
export function insertChild(
  parent: XmlElement,
  index: number,
  name: string,
  attrs?: Record<string, string>,
): XmlElement
export function insertChild<T extends XmlNode>(parent: XmlElement, index: number, node: T): T
export function insertChild(
  parent: XmlElement,
  index: number,
  nodeOrName: XmlNode | string,
  attrs: Record<string, string> = {},
): XmlNode {
  const node = typeof nodeOrName === 'string' ? createElement(nodeOrName, attrs) : nodeOrName
  const before = children(parent)[index]
  const indentation = isBlock(node) ? indentationOf(parent) : undefined
  const nodes = parent.children
  if (indentation === undefined) {
    nodes.splice(before === undefined ? nodes.length : nodes.indexOf(before), 0, node)
    return node
  }
  const { child, parent: own } = indentation
  if (node.type === 'element') {
    const step = child.startsWith(own) && child.length > own.length ? child.slice(own.length) : '  '
    indentNew(node, child, step)
  }
  if (before !== undefined) {
    nodes.splice(nodes.indexOf(before), 0, node, lineBreak(child))
  } else if (nodes.some(isBlock)) {
    const last = nodes.findLastIndex(isBlock)
    nodes.splice(last + 1, 0, lineBreak(child), node)
  } else {
    parent.children = [lineBreak(child), node, lineBreak(own)]
  }
  return node
}

/** Appends a child after the last one; see `insertChild`. */
export function appendChild(parent: XmlElement, name: string, attrs?: Record<string, string>): XmlElement
export function appendChild<T extends XmlNode>(parent: XmlElement, node: T): T
export function appendChild(
  parent: XmlElement,
  nodeOrName: XmlNode | string,
  attrs?: Record<string, string>,
): XmlNode {
  const index = Number.MAX_SAFE_INTEGER
  return typeof nodeOrName === 'string'
    ? insertChild(parent, index, nodeOrName, attrs)
    : insertChild(parent, index, nodeOrName)
}

/** The first child element named `name`, appended (with `attrs`) when there is none. */
export function ensureChild(parent: XmlElement, name: string, attrs?: Record<string, string>): XmlElement {
  return firstChild(parent, name) ?? appendChild(parent, name, attrs)
}

/** Removes `node` from `parent` with the line break in front of it; returns whether it was there. */
export function removeChild(parent: XmlElement, node: XmlNode): boolean {
  const nodes = parent.children
  const index = nodes.indexOf(node)
  if (index === -1) return false
  const withLine = isBlock(node) && isLineBreak(nodes[index - 1])
  nodes.splice(withLine ? index - 1 : index, withLine ? 2 : 1)
  // Only layout left: write `<devices/>` rather than an element holding a blank line.
  if (nodes.length > 0 && nodes.every((n) => n.type === 'text' && n.value.trim().length === 0)) {
    parent.children = []
  }
  return true
}
