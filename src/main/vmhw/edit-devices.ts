import type { HwEdit } from '@shared/vm-hardware.js'
import {
  attr,
  child,
  children,
  findAll,
  insertChild,
  removeAttr,
  removeChild,
  setAttr,
} from '../libvirt/xml/index.js'
import type { XmlElement } from '../libvirt/xml/index.js'
import type { EditOutcome } from './dom.js'
import { deviceXml, devicesOf, el, insertDevice, invalid, mustFind, removeDevice } from './dom.js'
import type { EditContext } from './edit.js'
import { hostdevId } from './read.js'

type DeviceEdit = Extract<
  HwEdit,
  { kind: 'graphics' | 'video' | 'hostdev.add' | 'hostdev.remove' | 'tpm' | 'fs.add' | 'fs.remove' }
>

const AFTER_DISPLAY = [
  'disk',
  'controller',
  'filesystem',
  'interface',
  'serial',
  'console',
  'channel',
  'input',
  'graphics',
]

function restart(ctx: EditContext, what: string): string[] {
  return ctx.running ? [`${what} applies at the next boot`] : []
}

function setListen(g: XmlElement, listen: string): void {
  for (const l of children(g, 'listen')) removeChild(g, l)
  if (listen === '') removeAttr(g, 'listen')
  else {
    setAttr(g, 'listen', listen)
    insertChild(g, 0, el('listen', { type: 'address', address: listen }))
  }
}

function graphics(
  domain: XmlElement,
  edit: Extract<DeviceEdit, { kind: 'graphics' }>,
  ctx: EditContext,
): EditOutcome {
  const devices = devicesOf(domain)
  const existing = children(devices, 'graphics')
  if (edit.type === 'none') {
    if (existing.length === 0) throw invalid(`${ctx.vm} has no graphics to remove.`)
    for (const g of existing) removeDevice(devices, g)
    return {
      summary: 'Remove the graphical console',
      live: [],
      restartNeeded: restart(ctx, 'Removing the console'),
      notes: ['The VM is then reached by its serial console or the network only.'],
    }
  }
  let g = existing[0]
  if (edit.removePassword === true) return removePassword(g, edit, ctx)
  if (g === undefined || attr(g, 'type') !== edit.type) {
    // Another protocol: a fresh element (VNC and SPICE children differ); a password is carried only when typed again.
    const fresh = el('graphics', { type: edit.type, autoport: 'yes' })
    if (g === undefined) insertDevice(devices, fresh, AFTER_DISPLAY)
    else {
      insertChild(devices, children(devices).indexOf(g), fresh)
      removeDevice(devices, g)
    }
    g = fresh
  }
  setListen(g, edit.listen)
  if (edit.password !== undefined) {
    if (edit.password === '')
      throw invalid('Type the new console password, or leave the field untouched to keep the current one.')
    setAttr(g, 'passwd', edit.password)
  }
  const said = [
    `${edit.type.toUpperCase()} console`,
    edit.listen === '' ? 'listening where libvirt’s default says' : `listening on ${edit.listen}`,
  ]
  if (edit.password !== undefined) said.push('new password')
  return {
    summary: said.join(', '),
    live: [],
    restartNeeded: restart(ctx, 'The console change'),
    notes:
      edit.listen === '0.0.0.0' || edit.listen === '::'
        ? ['Listening on every network: anyone who can reach the host can try the console; set a password.']
        : [],
  }
}

/** Removes the console password: the XML main defines then carries no `passwd` over for this element. */
function removePassword(
  g: XmlElement | undefined,
  edit: Extract<DeviceEdit, { kind: 'graphics' }>,
  ctx: EditContext,
): EditOutcome {
  const type = edit.type.toUpperCase()
  if (g === undefined || attr(g, 'type') !== edit.type)
    throw invalid(`${ctx.vm} has no ${type} console, so there is no password to remove.`)
  if (ctx.consolePasswords?.[0] !== true && attr(g, 'passwd') === undefined)
    throw invalid(`The ${type} console of ${ctx.vm} has no password; there is nothing to remove.`)
  setListen(g, edit.listen)
  removeAttr(g, 'passwd')
  removeAttr(g, 'passwdValidTo')
  const open =
    edit.listen === '0.0.0.0' || edit.listen === '::'
      ? `Anyone who can reach this host on the network can then open the console without a password.`
      : 'Whoever can reach the console’s address then opens it without a password.'
  return {
    summary: `${type} console, ${edit.listen === '' ? 'listening where libvirt’s default says' : `listening on ${edit.listen}`}, password removed`,
    live: [],
    // QEMU cannot turn password authentication off in a running VM: libvirt only sets passwords live.
    restartNeeded: ctx.running ? ['The running VM’s console keeps asking for the old password'] : [],
    notes: [
      open,
      'Undo brings the password back: VirtDeck keeps it sealed by the system keyring. Where there is no keyring (the command line), it is not kept: set it again instead.',
    ],
    // The first <graphics> of its type: the only one the Hardware tab edits.
    dropGraphicsSecrets: [`${edit.type}#0`],
  }
}

function video(
  domain: XmlElement,
  edit: Extract<DeviceEdit, { kind: 'video' }>,
  ctx: EditContext,
): EditOutcome {
  const devices = devicesOf(domain)
  const v = children(devices, 'video')[0]
  const model = el('model', { type: edit.model })
  if (v === undefined) insertDevice(devices, el('video', {}, [model]), AFTER_DISPLAY)
  else {
    const old = child(v, 'model')
    if (old !== undefined && attr(old, 'type') === edit.model)
      throw invalid(`The video model is already ${edit.model}.`)
    // Model-specific sizes (vram, heads) go with the old model; libvirt fills the new one's defaults.
    if (old !== undefined) removeChild(v, old)
    insertChild(v, 0, model)
  }
  return {
    summary: `Video model ${edit.model}`,
    live: [],
    restartNeeded: restart(ctx, `Video ${edit.model}`),
    notes: [],
  }
}

function hostdevElement(device: Extract<DeviceEdit, { kind: 'hostdev.add' }>['device']): XmlElement {
  if (device.kind === 'usb') {
    const [vendor, product] = device.id.toLowerCase().split(':')
    return el('hostdev', { mode: 'subsystem', type: 'usb', managed: 'yes' }, [
      el('source', {}, [
        el('vendor', { id: `0x${vendor ?? ''}` }),
        el('product', { id: `0x${product ?? ''}` }),
      ]),
    ])
  }
  const [domainPart, bus, rest] = device.id.toLowerCase().split(':')
  const [slot, fn] = (rest ?? '').split('.')
  return el('hostdev', { mode: 'subsystem', type: 'pci', managed: 'yes' }, [
    el('source', {}, [
      el('address', {
        domain: `0x${domainPart ?? ''}`,
        bus: `0x${bus ?? ''}`,
        slot: `0x${slot ?? ''}`,
        function: `0x${fn ?? ''}`,
      }),
    ]),
  ])
}

function hostdevAdd(
  domain: XmlElement,
  edit: Extract<DeviceEdit, { kind: 'hostdev.add' }>,
  ctx: EditContext,
): EditOutcome {
  const devices = devicesOf(domain)
  const id = edit.device.id.toLowerCase()
  if (children(devices, 'hostdev').some((h) => hostdevId(h)?.id === id))
    throw invalid(`${ctx.vm} already has ${id}.`)
  const element = hostdevElement(edit.device)
  insertDevice(devices, element, [...AFTER_DISPLAY, 'video', 'sound', 'hostdev'])
  const what = `${edit.device.kind.toUpperCase()} device ${id}`
  return {
    summary: `Pass ${what} to the VM`,
    live: ctx.running
      ? [
          {
            what: `Attach ${what} to the running VM`,
            args: ['attach-device', '--domain', ctx.uuid, '--file', '{file}', '--live'],
            device: deviceXml(element),
          },
        ]
      : [],
    restartNeeded: [],
    notes: [`While the VM runs, the host cannot use ${what}.`],
  }
}

function hostdevRemove(
  domain: XmlElement,
  edit: Extract<DeviceEdit, { kind: 'hostdev.remove' }>,
  ctx: EditContext,
): EditOutcome {
  const devices = devicesOf(domain)
  const h = mustFind(
    children(devices, 'hostdev').find((x) => hostdevId(x)?.id === edit.id.toLowerCase()),
    `host device ${edit.id}`,
    ctx,
  )
  removeDevice(devices, h)
  return {
    summary: `Give ${edit.id} back to the host`,
    live: ctx.running
      ? [
          {
            what: `Detach ${edit.id} from the running VM`,
            args: ['detach-device', '--domain', ctx.uuid, '--file', '{file}', '--live'],
            device: deviceXml(h),
          },
        ]
      : [],
    restartNeeded: [],
    notes: [],
  }
}

function tpm(domain: XmlElement, edit: Extract<DeviceEdit, { kind: 'tpm' }>, ctx: EditContext): EditOutcome {
  const devices = devicesOf(domain)
  const old = children(devices, 'tpm')
  if (edit.version === null) {
    if (old.length === 0) throw invalid(`${ctx.vm} has no TPM.`)
    for (const t of old) removeDevice(devices, t)
    return {
      summary: 'Remove the TPM',
      live: [],
      restartNeeded: restart(ctx, 'Removing the TPM'),
      notes: ['The emulated TPM’s state (keys, BitLocker) stays on the host until the VM is deleted.'],
    }
  }
  const element = el('tpm', { model: edit.version === '2.0' ? 'tpm-crb' : 'tpm-tis' }, [
    el('backend', { type: 'emulator', version: edit.version }),
  ])
  const first = old[0]
  if (first !== undefined && attr(child(first, 'backend') ?? first, 'version') === edit.version)
    throw invalid(`${ctx.vm} already has an emulated TPM ${edit.version}.`)
  for (const t of old) removeDevice(devices, t)
  insertDevice(devices, element, [...AFTER_DISPLAY, 'video', 'hostdev', 'tpm'])
  return {
    summary: `Emulated TPM ${edit.version}`,
    live: [],
    restartNeeded: restart(ctx, `TPM ${edit.version}`),
    notes:
      ctx.swtpm === false
        ? [
            'swtpm is not installed on this host: the VM will not start with a TPM until it is (Debian: swtpm swtpm-tools).',
          ]
        : [],
  }
}

function fsAdd(
  domain: XmlElement,
  edit: Extract<DeviceEdit, { kind: 'fs.add' }>,
  ctx: EditContext,
): EditOutcome {
  const devices = devicesOf(domain)
  if (children(devices, 'filesystem').some((f) => attr(child(f, 'target') ?? f, 'dir') === edit.tag))
    throw invalid(`${ctx.vm} already shares a folder with the tag “${edit.tag}”; choose another tag.`)
  insertDevice(
    devices,
    el('filesystem', { type: 'mount', accessmode: 'passthrough' }, [
      el('driver', { type: 'virtiofs' }),
      el('source', { dir: edit.source }),
      el('target', { dir: edit.tag }),
    ]),
    ['disk', 'controller', 'filesystem'],
  )
  const notes = [`In the guest: mount -t virtiofs ${edit.tag} /mnt`]
  // virtiofs needs the guest's memory shared with virtiofsd.
  const backing = findAll(domain, 'memoryBacking')[0]
  const shared = backing !== undefined && attr(child(backing, 'access') ?? backing, 'mode') === 'shared'
  if (!shared) {
    let mb = backing
    if (mb === undefined) {
      // libvirt's place: after <memory> and <currentMemory>.
      const i = children(domain).findLastIndex((c) => c.name === 'currentMemory' || c.name === 'memory')
      mb = insertChild(domain, i === -1 ? Number.MAX_SAFE_INTEGER : i + 1, el('memoryBacking'))
    }
    if (child(mb, 'hugepages') === undefined && child(mb, 'source') === undefined)
      insertChild(mb, 0, el('source', { type: 'memfd' }))
    const access = child(mb, 'access')
    if (access === undefined) insertChild(mb, Number.MAX_SAFE_INTEGER, el('access', { mode: 'shared' }))
    else setAttr(access, 'mode', 'shared')
    notes.push('The VM’s memory becomes shared (memfd), which virtiofs needs.')
  }
  if (ctx.virtiofsd === false)
    notes.push(
      'virtiofsd is not installed on this host: the VM will not start until it is (Debian: virtiofsd).',
    )
  return {
    summary: `Share ${edit.source} as “${edit.tag}” (virtiofs)`,
    live: [],
    restartNeeded: restart(ctx, 'The shared folder'),
    notes,
  }
}

function fsRemove(
  domain: XmlElement,
  edit: Extract<DeviceEdit, { kind: 'fs.remove' }>,
  ctx: EditContext,
): EditOutcome {
  const devices = devicesOf(domain)
  const fs = mustFind(
    children(devices, 'filesystem').find((f) => attr(child(f, 'target') ?? f, 'dir') === edit.tag),
    `shared folder “${edit.tag}”`,
    ctx,
  )
  removeDevice(devices, fs)
  return {
    summary: `Stop sharing “${edit.tag}”`,
    live: [],
    restartNeeded: restart(ctx, 'Removing the shared folder'),
    notes: ['The shared memory backing stays (harmless; remove it in the XML tab if nothing needs it).'],
  }
}

export function editDevices(domain: XmlElement, edit: DeviceEdit, ctx: EditContext): EditOutcome {
  switch (edit.kind) {
    case 'graphics':
      return graphics(domain, edit, ctx)
    case 'video':
      return video(domain, edit, ctx)
    case 'hostdev.add':
      return hostdevAdd(domain, edit, ctx)
    case 'hostdev.remove':
      return hostdevRemove(domain, edit, ctx)
    case 'tpm':
      return tpm(domain, edit, ctx)
    case 'fs.add':
      return fsAdd(domain, edit, ctx)
    case 'fs.remove':
      return fsRemove(domain, edit, ctx)
  }
}
