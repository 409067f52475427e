import { parseXml } from './parse.js'
import type { XmlDocument, XmlNode } from './types.js'

export interface XmlEqualOptions {
  /** Treat documents that differ only in comments as equal. Default: false (comments are user data). */
  ignoreComments?: boolean
}

/**
 * Whether two documents carry the same XML, compared by tree rather than by text: quotes, escapes,
 * `<x/>` vs `<x></x>`, attribute order, the `<?xml?>` declaration and the whitespace between elements
 * do not count; names, attribute values, text (CDATA read as text) and comments do.
 */
export function xmlEqual(
  a: string | XmlDocument,
  b: string | XmlDocument,
  options: XmlEqualOptions = {},
): boolean {
  const left = typeof a === 'string' ? parseXml(a) : a
  const right = typeof b === 'string' ? parseXml(b) : b
  const ignoreComments = options.ignoreComments ?? false
  return nodesEqual(
    canonical(left.children, true, ignoreComments),
    canonical(right.children, true, ignoreComments),
    ignoreComments,
  )
}

/** Children as they count: adjacent text and CDATA merged, layout-only whitespace dropped. */
function canonical(nodes: XmlNode[], topLevel: boolean, ignoreComments: boolean): XmlNode[] {
  const kept = nodes.filter((node) => {
    if (node.type === 'comment') return !ignoreComments
    return !(topLevel && (node.type === 'text' || (node.type === 'instruction' && node.target === 'xml')))
  })
  const merged: XmlNode[] = []
  for (const node of kept) {
    const previous = merged[merged.length - 1]
    if (node.type === 'text' || node.type === 'cdata') {
      if (previous?.type === 'text')
        merged[merged.length - 1] = { type: 'text', value: previous.value + node.value }
      else merged.push({ type: 'text', value: node.value })
    } else {
      merged.push(node)
    }
  }
  // Whitespace between child elements is indentation; in a leaf (<name> </name>) it is the value.
  if (!merged.some((node) => node.type !== 'text')) return merged
  return merged.filter((node) => node.type !== 'text' || node.value.trim().length > 0)
}

function nodesEqual(a: XmlNode[], b: XmlNode[], ignoreComments: boolean): boolean {
  if (a.length !== b.length) return false
  return a.every((node, i) => nodeEqual(node, b[i], ignoreComments))
}

function nodeEqual(a: XmlNode, b: XmlNode | undefined, ignoreComments: boolean): boolean {
  if (b === undefined || a.type !== b.type) return false
  switch (a.type) {
    case 'element': {
      if (b.type !== 'element' || a.name !== b.name || a.attributes.length !== b.attributes.length)
        return false
      const values = new Map(b.attributes.map((attribute) => [attribute.name, attribute.value]))
      if (!a.attributes.every((attribute) => values.get(attribute.name) === attribute.value)) return false
      return nodesEqual(
        canonical(a.children, false, ignoreComments),
        canonical(b.children, false, ignoreComments),
        ignoreComments,
      )
    }
    case 'instruction':
      return b.type === 'instruction' && a.target === b.target && a.data.trim() === b.data.trim()
    case 'text':
      return b.type === 'text' && a.value === b.value
    case 'cdata':
      return b.type === 'cdata' && a.value === b.value
    case 'comment':
      return b.type === 'comment' && a.value === b.value
  }
}
