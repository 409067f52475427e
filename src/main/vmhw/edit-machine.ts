import type { HwEdit } from '@shared/vm-hardware.js'
import {
  attr,
  child,
  children,
  ensureChild,
  insertChild,
  removeAttr,
  removeChild,
  setAttr,
  setText,
  text,
} from '../libvirt/xml/index.js'
import type { XmlElement } from '../libvirt/xml/index.js'
import { memoryKiB } from '../libvirt/domain-xml-read.js'
import type { EditOutcome, LiveStep } from './dom.js'
import { devicesOf, el, findDisk, invalid } from './dom.js'
import type { EditContext } from './edit.js'
import { findNic } from './edit-nics.js'

type MachineEdit = Extract<HwEdit, { kind: 'boot' | 'memory' | 'vcpus' }>

function boot(
  domain: XmlElement,
  edit: Extract<MachineEdit, { kind: 'boot' }>,
  ctx: EditContext,
): EditOutcome {
  if (edit.order.length === 0) throw invalid('Choose at least one device to boot from.')
  if (new Set(edit.order).size !== edit.order.length)
    throw invalid('A device is listed twice in the boot order.')
  const devices = devicesOf(domain)
  const chosen = edit.order.map((key) => {
    const [kind, ...rest] = key.split(':')
    const id = rest.join(':')
    const device = kind === 'disk' ? findDisk(devices, id) : findNic(devices, id)
    if (device === undefined)
      throw invalid(`${ctx.vm} has no ${kind === 'disk' ? 'disk' : 'network card'} ${id} to boot from.`)
    return device
  })
  // Per-device order and <os><boot dev> cannot be mixed (libvirt refuses): the per-device order wins.
  const os = ensureChild(domain, 'os')
  for (const b of children(os, 'boot')) removeChild(os, b)
  for (const device of [
    ...children(devices, 'disk'),
    ...children(devices, 'interface'),
    ...children(devices, 'hostdev'),
  ]) {
    const b = child(device, 'boot')
    if (b !== undefined) removeChild(device, b)
  }
  chosen.forEach((device, i) => {
    // libvirt's place for <boot>: after <target> (disks) or <model> (interfaces), before <address>.
    const address = children(device).findIndex((c) => c.name === 'address' || c.name === 'alias')
    insertChild(
      device,
      address === -1 ? Number.MAX_SAFE_INTEGER : address,
      el('boot', { order: String(i + 1) }),
    )
  })
  const menu = child(os, 'bootmenu')
  if (edit.menu) setAttr(menu ?? ensureChild(os, 'bootmenu'), 'enable', 'yes')
  else if (menu !== undefined) removeChild(os, menu)
  return {
    summary: `Boot from ${edit.order.map((k) => k.replace(/^(disk|nic):/, '')).join(', ')}; boot menu ${edit.menu ? 'on' : 'off'}`,
    live: [],
    restartNeeded: ctx.running ? ['Boot order and menu apply at the next boot'] : [],
    notes: [],
  }
}

function setMemoryEl(domain: XmlElement, name: string, kib: number, after: string): void {
  let node = child(domain, name)
  if (node === undefined) {
    const i = children(domain).findIndex((c) => c.name === after)
    node = insertChild(domain, i === -1 ? Number.MAX_SAFE_INTEGER : i + 1, el(name))
  }
  setAttr(node, 'unit', 'KiB')
  setText(node, String(kib))
}

function memory(
  domain: XmlElement,
  edit: Extract<MachineEdit, { kind: 'memory' }>,
  ctx: EditContext,
): EditOutcome {
  const maxBefore = Math.round((memoryKiB(child(domain, 'memory')) ?? 0) / 1024)
  const curBefore = Math.round((memoryKiB(child(domain, 'currentMemory')) ?? maxBefore * 1024) / 1024)
  if (maxBefore === edit.maxMiB && curBefore === edit.currentMiB)
    throw invalid('Nothing to change: the memory is already set so.')
  setMemoryEl(domain, 'memory', edit.maxMiB * 1024, 'vcpu')
  setMemoryEl(domain, 'currentMemory', edit.currentMiB * 1024, 'memory')
  const live: LiveStep[] = []
  const restart: string[] = []
  if (ctx.running) {
    const liveMax = ctx.live?.memory.maxMiB ?? maxBefore
    if (edit.maxMiB !== liveMax) restart.push(`Maximum memory ${edit.maxMiB} MiB applies at the next boot`)
    if (edit.currentMiB !== curBefore) {
      if (edit.currentMiB <= liveMax)
        live.push({
          what: `Set the running VM's memory to ${edit.currentMiB} MiB (balloon)`,
          args: ['setmem', '--domain', ctx.uuid, '--size', `${edit.currentMiB * 1024}KiB`, '--live'],
        })
      else
        restart.push(
          `Memory ${edit.currentMiB} MiB is more than the running VM's maximum (${liveMax} MiB): at the next boot`,
        )
    }
  }
  return {
    summary: `Memory ${edit.currentMiB} MiB, maximum ${edit.maxMiB} MiB (was ${curBefore} / ${maxBefore} MiB)`,
    live,
    restartNeeded: restart,
    notes: [],
  }
}

function vcpus(
  domain: XmlElement,
  edit: Extract<MachineEdit, { kind: 'vcpus' }>,
  ctx: EditContext,
): EditOutcome {
  if (child(domain, 'vcpus') !== undefined)
    throw invalid(`${ctx.vm} lists its vCPUs one by one (<vcpus>); change them in the XML tab.`)
  const vcpu = ensureChild(domain, 'vcpu')
  const maxBefore = Number(text(vcpu)?.trim() ?? '1') || 1
  const curBefore = Number(attr(vcpu, 'current') ?? maxBefore)
  if (maxBefore === edit.max && curBefore === edit.current)
    throw invalid('Nothing to change: the vCPUs are already set so.')
  setText(vcpu, String(edit.max))
  if (edit.current === edit.max) removeAttr(vcpu, 'current')
  else setAttr(vcpu, 'current', String(edit.current))
  const live: LiveStep[] = []
  const restart: string[] = []
  if (ctx.running) {
    const liveMax = ctx.live?.vcpus.max ?? maxBefore
    if (edit.max !== liveMax) restart.push(`Maximum vCPUs ${edit.max} applies at the next boot`)
    if (edit.current !== curBefore) {
      if (edit.current <= liveMax)
        live.push({
          what: `Set the running VM's vCPUs to ${edit.current}`,
          args: ['setvcpus', '--domain', ctx.uuid, '--count', String(edit.current), '--live'],
        })
      else
        restart.push(
          `${edit.current} vCPUs is more than the running VM's maximum (${liveMax}): at the next boot`,
        )
    }
  }
  return {
    summary: `vCPUs ${edit.current}, maximum ${edit.max} (was ${curBefore} / ${maxBefore})`,
    live,
    restartNeeded: restart,
    notes: [],
  }
}

export function editMachine(domain: XmlElement, edit: MachineEdit, ctx: EditContext): EditOutcome {
  switch (edit.kind) {
    case 'boot':
      return boot(domain, edit, ctx)
    case 'memory':
      return memory(domain, edit, ctx)
    case 'vcpus':
      return vcpus(domain, edit, ctx)
  }
}
