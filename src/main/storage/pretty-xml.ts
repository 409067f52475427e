import { escapeAttribute, escapeText } from '../libvirt/xml/entities.js'

/** A small element tree written as indented XML, for definitions the user reads before they are defined. */
export interface Node {
  tag: string
  attrs?: Record<string, string>
  text?: string
  children?: Node[]
}

export function el(tag: string, attrs: Record<string, string> = {}, ...children: Node[]): Node {
  return { tag, attrs, children }
}

export function textEl(tag: string, text: string, attrs: Record<string, string> = {}): Node {
  return { tag, attrs, text }
}

/** Indented by two spaces, like `virsh dumpxml`; every value escaped. */
export function prettyXml(node: Node, depth = 0): string {
  const pad = '  '.repeat(depth)
  const attrs = Object.entries(node.attrs ?? {})
    .map(([k, v]) => ` ${k}='${escapeAttribute(v)}'`)
    .join('')
  if (node.text !== undefined) return `${pad}<${node.tag}${attrs}>${escapeText(node.text)}</${node.tag}>\n`
  const kids = node.children ?? []
  if (kids.length === 0) return `${pad}<${node.tag}${attrs}/>\n`
  return `${pad}<${node.tag}${attrs}>\n${kids.map((k) => prettyXml(k, depth + 1)).join('')}${pad}</${node.tag}>\n`
}
