import { AppError } from '@shared/errors.js'
import { escapeAttribute, escapeText } from './entities.js'
import type { Quote, XmlAttribute, XmlDocument, XmlElement, XmlNode } from './types.js'

/**
 * Writes the tree back as text. What was read and not edited comes out exactly as it was read; new
 * or edited values are written the way libvirt writes them (single quotes, all five specials escaped).
 */
export function buildXml(doc: XmlDocument): string {
  const parts: string[] = doc.bom ? ['\uFEFF'] : []
  for (const node of doc.children) writeNode(node, parts)
  const text = parts.join('')
  return doc.newline === '\r\n' ? text.replace(/\n/g, '\r\n') : text
}

/** Writes one element (and everything in it), e.g. to show or store a single device. */
export function buildElement(element: XmlElement): string {
  const parts: string[] = []
  writeNode(element, parts)
  return parts.join('')
}

function writeNode(node: XmlNode, parts: string[]): void {
  switch (node.type) {
    case 'element':
      writeElement(node, parts)
      return
    case 'text':
      parts.push(
        node.source !== undefined && node.source.value === node.value
          ? node.source.raw
          : escapeText(node.value),
      )
      return
    case 'comment':
      if (node.value.includes('-->')) {
        throw invalid('A comment cannot contain "-->"', 'Reword the comment so that it does not end early.')
      }
      parts.push(`<!--${node.value}-->`)
      return
    case 'cdata':
      // ']]>' would end the section early; split it across two sections, as XML writers do.
      parts.push(`<![CDATA[${node.value.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`)
      return
    case 'instruction':
      if (node.data.includes('?>')) {
        throw invalid('A processing instruction cannot contain "?>"', 'Remove "?>" from its data.')
      }
      parts.push(`<?${node.target}${node.data}?>`)
      return
  }
}

function writeElement(element: XmlElement, parts: string[]): void {
  const quote = preferredQuote(element.attributes)
  parts.push('<', element.name)
  for (const attribute of element.attributes) parts.push(attributeText(attribute, quote))
  const layout = element.layout
  parts.push(layout?.tagEnd ?? '')
  if (element.children.length === 0 && layout?.empty !== 'pair') {
    parts.push('/>')
    return
  }
  parts.push('>')
  for (const child of element.children) writeNode(child, parts)
  parts.push('</', element.name, layout?.closeEnd ?? '', '>')
}

function attributeText(attribute: XmlAttribute, quote: Quote): string {
  const source = attribute.source
  if (source !== undefined && source.name === attribute.name && source.value === attribute.value)
    return source.text
  const q = source?.quote ?? quote
  return `${source?.spaceBefore ?? ' '}${attribute.name}=${q}${escapeAttribute(attribute.value)}${q}`
}

/** New attributes follow the quotes of the element's other attributes, or libvirt's single quote. */
function preferredQuote(attributes: XmlAttribute[]): Quote {
  for (const attribute of attributes) if (attribute.source !== undefined) return attribute.source.quote
  return "'"
}

function invalid(message: string, detail: string): AppError {
  return new AppError('INVALID_INPUT', message, { detail })
}
