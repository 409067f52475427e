import { attr, children, parseXml, root } from './xml/index.js'
import type { XmlElement } from './xml/index.js'

/** The namespace virt-install, virt-manager and GNOME Boxes write the guest OS under. */
export const LIBOSINFO_NS = 'http://libosinfo.org/xmlns/libvirt/domain/1.0'

function localName(el: XmlElement): string {
  const colon = el.name.indexOf(':')
  return colon === -1 ? el.name : el.name.slice(colon + 1)
}

/** The OS id inside a `<libosinfo:libosinfo>` element (as `virsh metadata --uri` prints it, or found in a domain's <metadata>). */
export function libosinfoIdIn(el: XmlElement): string | undefined {
  for (const os of children(el)) if (localName(os) === 'os') return attr(os, 'id')
  return undefined
}

/** From `virsh metadata DOMAIN --uri LIBOSINFO_NS` output. */
export function parseLibosinfoId(xml: string): string | undefined {
  if (xml.trim().length === 0) return undefined
  try {
    return libosinfoIdIn(root(parseXml(xml)))
  } catch {
    return undefined
  }
}

/** The libosinfo metadata element of a domain, whatever prefix it was written with. */
export function libosinfoElement(metadata: XmlElement | undefined): XmlElement | undefined {
  if (metadata === undefined) return undefined
  return (
    children(metadata).find(
      (el) =>
        localName(el) === 'libosinfo' && attr(el, `xmlns:${el.name.split(':')[0] ?? ''}`) === LIBOSINFO_NS,
    ) ?? children(metadata).find((el) => localName(el) === 'libosinfo')
  )
}

/** "http://ubuntu.com/ubuntu/22.04" → "ubuntu 22.04"; other shapes are shown as they are. */
export function osLabel(id: string): string {
  const match = /^https?:\/\/[^/]+\/(?:[^/]+\/)*([^/]+)\/([^/]+)\/?$/.exec(id)
  if (match?.[1] === undefined || match[2] === undefined) return id
  return `${match[1]} ${match[2]}`
}
