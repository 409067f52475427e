import { attr, buildXml, child, children, insertChild, parseXml, root } from '../libvirt/xml/index.js'

/**
 * A domain definition with a VNC display added after its other displays (SPICE): on 127.0.0.1 only,
 * the port chosen by libvirt. Lossless: everything else stays byte for byte. Undefined when it
 * already has one (or has no devices).
 */
export function withVncDisplay(xml: string): string | undefined {
  const doc = parseXml(xml)
  const devices = child(root(doc), 'devices')
  if (devices === undefined) return undefined
  const elements = children(devices)
  if (elements.some((el) => el.name === 'graphics' && attr(el, 'type') === 'vnc')) return undefined
  const lastDisplay = elements.findLastIndex((el) => el.name === 'graphics')
  insertChild(devices, lastDisplay === -1 ? elements.length : lastDisplay + 1, 'graphics', {
    type: 'vnc',
    port: '-1',
    autoport: 'yes',
    listen: '127.0.0.1',
  })
  return buildXml(doc)
}
