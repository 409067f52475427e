import type { XmlElement } from '../libvirt/xml/index.js'
import { attr, child, children, find, findAll, parseXml, root, text } from '../libvirt/xml/index.js'

/**
 * What the rules need from `virsh capabilities` (the host's CPU, threads and their siblings,
 * reserved huge pages) and `virsh domcapabilities` (what this QEMU/libvirt offers a domain).
 */

export interface HostThread {
  id: number
  core: string
  socket: string
  cell: number
  /** Thread ids sharing this one's core (itself included), from `siblings=`. */
  siblings: number[]
}

export interface HugePagePool {
  sizeKiB: number
  /** Pages reserved on the host (all NUMA cells). */
  count: number
}

export interface HostCaps {
  arch: string | undefined
  vendor: 'Intel' | 'AMD' | undefined
  model: string | undefined
  /** Threads per core of the host CPU (`<topology threads=>`); 1 without SMT. */
  threadsPerCore: number
  threads: HostThread[]
  hugePages: HugePagePool[]
}

export interface DomCaps {
  machine: string | undefined
  maxVcpus: number | undefined
  hostPassthrough: boolean
  hostModel: boolean
  iothreads: boolean
  diskBuses: string[]
  /** Hyper-V enlightenments this QEMU offers (`<hyperv><enum name='features'>`); undefined when not reported. */
  hyperv: string[] | undefined
}

function textOf(el: XmlElement | undefined): string | undefined {
  return el === undefined ? undefined : text(el)?.trim()
}

function int(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined
  return Number(value)
}

/** Expands libvirt's CPU lists (`0-3,8,10-11`). */
export function cpuList(value: string | undefined): number[] {
  if (value === undefined) return []
  const out: number[] = []
  for (const part of value.split(',')) {
    const range = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(part)
    if (range === null) continue
    const from = Number(range[1])
    const to = range[2] === undefined ? from : Number(range[2])
    for (let i = from; i <= to && i - from < 4096; i++) out.push(i)
  }
  return out
}

export function parseHostCaps(xml: string): HostCaps {
  const caps = root(parseXml(xml))
  const cpu = find(caps, 'host/cpu')
  const vendorText = textOf(cpu === undefined ? undefined : child(cpu, 'vendor'))
  const vendor = vendorText === 'Intel' || vendorText === 'AMD' ? vendorText : undefined
  const topology = cpu === undefined ? undefined : child(cpu, 'topology')
  const threads: HostThread[] = []
  const pages = new Map<number, number>()
  for (const cell of findAll(caps, 'host/topology/cells/cell')) {
    const cellId = int(attr(cell, 'id')) ?? 0
    for (const p of children(cell, 'pages')) {
      const size = int(attr(p, 'size'))
      if (size !== undefined) pages.set(size, (pages.get(size) ?? 0) + (int(textOf(p)) ?? 0))
    }
    for (const t of findAll(cell, 'cpus/cpu')) {
      const id = int(attr(t, 'id'))
      if (id === undefined) continue
      const siblings = cpuList(attr(t, 'siblings'))
      threads.push({
        id,
        core: `${attr(t, 'socket_id') ?? cellId}:${attr(t, 'die_id') ?? 0}:${attr(t, 'core_id') ?? id}`,
        socket: attr(t, 'socket_id') ?? String(cellId),
        cell: cellId,
        siblings: siblings.length > 0 ? siblings : [id],
      })
    }
  }
  const fromSiblings = Math.max(1, ...threads.map((t) => t.siblings.length))
  return {
    arch: textOf(cpu === undefined ? undefined : child(cpu, 'arch')),
    vendor,
    model: textOf(cpu === undefined ? undefined : child(cpu, 'model')),
    threadsPerCore: int(topology === undefined ? undefined : attr(topology, 'threads')) ?? fromSiblings,
    threads,
    hugePages: [...pages]
      .filter(([size]) => size > 4)
      .map(([sizeKiB, count]) => ({ sizeKiB, count }))
      .sort((a, b) => a.sizeKiB - b.sizeKiB),
  }
}

function supported(el: XmlElement | undefined): boolean {
  return el !== undefined && attr(el, 'supported') === 'yes'
}

export function parseDomCaps(xml: string): DomCaps {
  const caps = root(parseXml(xml))
  const mode = (name: string): XmlElement | undefined => find(caps, `cpu/mode[@name='${name}']`)
  const hyperv = find(caps, 'features/hyperv')
  return {
    machine: textOf(child(caps, 'machine')),
    maxVcpus: int(attr(child(caps, 'vcpu') ?? caps, 'max')),
    hostPassthrough: supported(mode('host-passthrough')),
    hostModel: supported(mode('host-model')),
    iothreads: supported(child(caps, 'iothreads')),
    diskBuses: findAll(caps, "devices/disk/enum[@name='bus']/value").flatMap((v) => textOf(v) ?? []),
    hyperv: supported(hyperv)
      ? findAll(hyperv ?? caps, "enum[@name='features']/value").flatMap((v) => textOf(v) ?? [])
      : undefined,
  }
}
