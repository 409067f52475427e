import type { HwEdit } from '@shared/vm-hardware.js'
import { buildXml, parseXml, root } from '../libvirt/xml/index.js'
import type { EditOutcome } from './dom.js'
import { devicesOf } from './dom.js'
import { editDevices } from './edit-devices.js'
import type { ResolvedDisk } from './edit-disks.js'
import { editDisks } from './edit-disks.js'
import { editMachine } from './edit-machine.js'
import { editNics } from './edit-nics.js'
import type { DomainHardware } from './read.js'

/** What an edit needs beyond the definition: the VM's identity and state, and what the service resolved on the host. */
export interface EditContext {
  vm: string
  uuid: string
  running: boolean
  /** The running VM's hardware (its live maximum memory and vCPUs). */
  live?: DomainHardware
  /** disk.add: the new disk's source, resolved from the pool or the path. */
  disk?: ResolvedDisk
  /** nic.add without a MAC: one chosen unused on the host. */
  newMac?: string
  swtpm?: boolean
  virtiofsd?: boolean
  /** Whether each `<graphics>` of the definition has a password (read with `--security-info`). */
  consolePasswords?: boolean[]
}

export interface EditResult extends EditOutcome {
  xml: string
}

/**
 * Applies one Hardware-tab edit to a domain definition, losslessly: only the edited elements
 * change, everything else (comments, order, quoting) comes back byte for byte. Pure: the service
 * checks the result with libvirt and turns it into a change.
 */
export function applyHwEdit(xml: string, edit: HwEdit, ctx: EditContext): EditResult {
  const doc = parseXml(xml)
  const domain = root(doc)
  let outcome: EditOutcome
  switch (edit.kind) {
    case 'disk.add':
    case 'disk.remove':
    case 'disk.update':
    case 'cdrom.add':
    case 'cdrom.media':
      outcome = editDisks(devicesOf(domain), edit, ctx)
      break
    case 'nic.add':
    case 'nic.remove':
    case 'nic.update':
      outcome = editNics(devicesOf(domain), edit, ctx)
      break
    case 'boot':
    case 'memory':
    case 'vcpus':
      outcome = editMachine(domain, edit, ctx)
      break
    default:
      outcome = editDevices(domain, edit, ctx)
  }
  return { ...outcome, xml: buildXml(doc) }
}
