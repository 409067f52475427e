import type { HwEdit } from '@shared/vm-hardware.js'
import {
  attr,
  child,
  children,
  ensureChild,
  insertChild,
  removeChild,
  setAttr,
} from '../libvirt/xml/index.js'
import type { XmlElement } from '../libvirt/xml/index.js'
import type { EditOutcome, LiveStep } from './dom.js'
import { deviceXml, el, insertDevice, invalid, mustFind, removeDevice } from './dom.js'
import type { EditContext } from './edit.js'

type NicEdit = Extract<HwEdit, { kind: 'nic.add' | 'nic.remove' | 'nic.update' }>

export function findNic(devices: XmlElement, mac: string): XmlElement | undefined {
  return children(devices, 'interface').find(
    (i) => (attr(child(i, 'mac') ?? i, 'address') ?? '').toLowerCase() === mac.toLowerCase(),
  )
}

function sourceElement(source: { type: 'network' | 'bridge'; name: string }): XmlElement {
  return el('source', source.type === 'network' ? { network: source.name } : { bridge: source.name })
}

function where(source: { type: 'network' | 'bridge'; name: string }): string {
  return `${source.type} ${source.name}`
}

function add(
  devices: XmlElement,
  edit: Extract<NicEdit, { kind: 'nic.add' }>,
  ctx: EditContext,
): EditOutcome {
  const mac = (edit.mac ?? ctx.newMac ?? '').toLowerCase()
  if (mac === '') throw invalid('The new network card has no MAC address.')
  if (findNic(devices, mac) !== undefined)
    throw invalid(`${ctx.vm} already has a network card with MAC ${mac}.`)
  const element = el('interface', { type: edit.source.type }, [
    el('mac', { address: mac }),
    sourceElement(edit.source),
    el('model', { type: edit.model }),
  ])
  insertDevice(devices, element, ['interface', 'filesystem', 'controller', 'disk'])
  return {
    summary: `Add network card ${mac} (${edit.model}) on ${where(edit.source)}`,
    live: ctx.running
      ? [
          {
            what: `Plug ${mac} into the running VM`,
            args: ['attach-device', '--domain', ctx.uuid, '--file', '{file}', '--live'],
            device: deviceXml(element),
          },
        ]
      : [],
    restartNeeded: [],
    notes:
      edit.mac === undefined
        ? [`MAC ${mac} was chosen at random in 52:54:00 (QEMU's range), unused on this host.`]
        : [],
  }
}

function remove(
  devices: XmlElement,
  edit: Extract<NicEdit, { kind: 'nic.remove' }>,
  ctx: EditContext,
): EditOutcome {
  const nic = mustFind(findNic(devices, edit.mac), `network card ${edit.mac}`, ctx)
  removeDevice(devices, nic)
  return {
    summary: `Remove network card ${edit.mac}`,
    live: ctx.running
      ? [
          {
            what: `Unplug ${edit.mac} from the running VM`,
            args: [
              'detach-interface',
              '--domain',
              ctx.uuid,
              '--type',
              attr(nic, 'type') ?? 'network',
              '--mac',
              edit.mac,
              '--live',
            ],
          },
        ]
      : [],
    restartNeeded: [],
    notes: [],
  }
}

function update(
  devices: XmlElement,
  edit: Extract<NicEdit, { kind: 'nic.update' }>,
  ctx: EditContext,
): EditOutcome {
  const nic = mustFind(findNic(devices, edit.mac), `network card ${edit.mac}`, ctx)
  const said: string[] = []
  const live: LiveStep[] = []
  const restart: string[] = []
  if (edit.source !== undefined) {
    const old = child(nic, 'source')
    const type = attr(nic, 'type')
    const same =
      type === edit.source.type && old !== undefined && attr(old, edit.source.type) === edit.source.name
    if (!same) {
      setAttr(nic, 'type', edit.source.type)
      const index = old === undefined ? 1 : children(nic).indexOf(old)
      if (old !== undefined) removeChild(nic, old)
      insertChild(nic, index, sourceElement(edit.source))
      said.push(`on ${where(edit.source)}`)
      if (ctx.running)
        live.push({
          what: `Move ${edit.mac} to ${where(edit.source)} now`,
          args: ['update-device', '--domain', ctx.uuid, '--file', '{file}', '--live'],
        })
    }
  }
  if (edit.model !== undefined && attr(child(nic, 'model') ?? nic, 'type') !== edit.model) {
    setAttr(ensureChild(nic, 'model'), 'type', edit.model)
    said.push(`model ${edit.model}`)
    if (ctx.running) restart.push(`Network card ${edit.mac}: model ${edit.model}`)
  }
  if (edit.newMac !== undefined && edit.newMac.toLowerCase() !== edit.mac.toLowerCase()) {
    const other = findNic(devices, edit.newMac)
    if (other !== undefined) throw invalid(`${ctx.vm} already has a network card with MAC ${edit.newMac}.`)
    setAttr(ensureChild(nic, 'mac'), 'address', edit.newMac.toLowerCase())
    said.push(`MAC ${edit.newMac.toLowerCase()}`)
    if (ctx.running) restart.push(`Network card ${edit.mac}: MAC ${edit.newMac.toLowerCase()}`)
  }
  if (edit.linkUp !== undefined && (attr(child(nic, 'link') ?? nic, 'state') !== 'down') !== edit.linkUp) {
    const link = child(nic, 'link')
    if (edit.linkUp && link !== undefined) removeChild(nic, link)
    else if (!edit.linkUp) setAttr(ensureChild(nic, 'link'), 'state', 'down')
    said.push(edit.linkUp ? 'link up' : 'link down (cable unplugged)')
    if (ctx.running)
      live.push({
        what: `Link of ${edit.mac} ${edit.linkUp ? 'up' : 'down'} now`,
        args: [
          'domif-setlink',
          '--domain',
          ctx.uuid,
          '--interface',
          edit.mac,
          '--state',
          edit.linkUp ? 'up' : 'down',
        ],
      })
  }
  if (said.length === 0)
    throw invalid(`Nothing to change: network card ${edit.mac} already has these settings.`)
  // A source move on a card whose MAC or model also changes cannot be done live: wait for the boot.
  if (restart.length > 0 && live.some((l) => l.args[0] === 'update-device')) {
    restart.push(`Network card ${edit.mac}: on ${edit.source === undefined ? '' : where(edit.source)}`)
    live.splice(
      live.findIndex((l) => l.args[0] === 'update-device'),
      1,
    )
  }
  for (const step of live) if (step.args[0] === 'update-device') step.device = deviceXml(nic)
  return { summary: `Network card ${edit.mac}: ${said.join(', ')}`, live, restartNeeded: restart, notes: [] }
}

export function editNics(devices: XmlElement, edit: NicEdit, ctx: EditContext): EditOutcome {
  switch (edit.kind) {
    case 'nic.add':
      return add(devices, edit, ctx)
    case 'nic.remove':
      return remove(devices, edit, ctx)
    case 'nic.update':
      return update(devices, edit, ctx)
  }
}
