import { attr, child, findAll, parseXml, root } from '../libvirt/xml/index.js'
import type { XmlElement } from '../libvirt/xml/index.js'

/** Where a running VM's VNC display can be reached, read from its live XML. */
export type VncEndpoint = { kind: 'tcp'; host: string; port: number } | { kind: 'socket'; path: string }

/** The displays of a VM as its (live) XML declares them. */
export interface ConsoleGraphics {
  vnc?: { endpoint?: VncEndpoint; passwordSet: boolean }
  spice?: { host: string; port?: number; tlsPort?: number; passwordSet: boolean }
  /** Every `<graphics type>` (vnc, spice, sdl, egl-headless, dbus, …). */
  types: string[]
}

/** A wildcard listen means "every address": connect to loopback, where it surely answers. */
function connectAddress(listen: string | undefined): string {
  if (listen === undefined || listen === '' || listen === '0.0.0.0') return '127.0.0.1'
  if (listen === '::' || listen === '[::]') return '::1'
  return listen
}

function listenOf(graphics: XmlElement): { address?: string; socket?: string } {
  const listen = child(graphics, 'listen')
  const socket = attr(graphics, 'socket') ?? (listen === undefined ? undefined : attr(listen, 'socket'))
  const address = attr(graphics, 'listen') ?? (listen === undefined ? undefined : attr(listen, 'address'))
  return { ...(socket === undefined ? {} : { socket }), ...(address === undefined ? {} : { address }) }
}

function portOf(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined
  const port = Number(value)
  return port > 0 && port < 65536 ? port : undefined
}

/**
 * Reads the graphics elements of a domain's live XML. A shut-off VM (port -1, no socket yet) has
 * no endpoint. Passwords are only looked at to say whether one is set.
 */
export function readConsoleGraphics(xml: string): ConsoleGraphics {
  const all = findAll(root(parseXml(xml)), 'devices/graphics')
  const result: ConsoleGraphics = { types: all.map((g) => attr(g, 'type') ?? 'unknown') }
  const vnc = all.find((g) => attr(g, 'type') === 'vnc')
  if (vnc !== undefined) {
    const { address, socket } = listenOf(vnc)
    const port = portOf(attr(vnc, 'port'))
    const endpoint: VncEndpoint | undefined =
      socket !== undefined
        ? { kind: 'socket', path: socket }
        : port !== undefined
          ? { kind: 'tcp', host: connectAddress(address), port }
          : undefined
    result.vnc = { passwordSet: attr(vnc, 'passwd') !== undefined, ...(endpoint ? { endpoint } : {}) }
  }
  const spice = all.find((g) => attr(g, 'type') === 'spice')
  if (spice !== undefined) {
    const port = portOf(attr(spice, 'port'))
    const tlsPort = portOf(attr(spice, 'tlsPort'))
    result.spice = {
      host: connectAddress(listenOf(spice).address),
      passwordSet: attr(spice, 'passwd') !== undefined,
      ...(port === undefined ? {} : { port }),
      ...(tlsPort === undefined ? {} : { tlsPort }),
    }
  }
  return result
}

/** "127.0.0.1:5900" or the socket path, for messages. */
export function describeEndpoint(endpoint: VncEndpoint): string {
  if (endpoint.kind === 'socket') return endpoint.path
  return endpoint.host.includes(':')
    ? `[${endpoint.host}]:${endpoint.port}`
    : `${endpoint.host}:${endpoint.port}`
}

/** The SPICE password of a live XML read with `--security-info` (for the viewer's file only). */
export function spicePassword(xml: string): string | undefined {
  const spice = findAll(root(parseXml(xml)), 'devices/graphics').find((g) => attr(g, 'type') === 'spice')
  return spice === undefined ? undefined : attr(spice, 'passwd')
}
