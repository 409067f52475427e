import type { CreateResult } from '@shared/vm-create.js'
import type { HostOffer, WizardDraft } from './wizardDraft'
import { resolve } from './wizardDraft'

/** The chosen virtual network (or the host's default) is not running: the VM would not start. */
export function inactiveNetworkWarning(draft: WizardDraft, offer: HostOffer): string | undefined {
  const resolved = resolve(draft, offer)
  if (resolved.network !== 'network' || resolved.networkName === '') return undefined
  const network = offer.networks?.find((n) => n.name === resolved.networkName)
  if (network === undefined || network.active) return undefined
  return `The network “${network.name}” is not running: the VM will not start until it is. Start it on the Networks page.`
}

export interface CreatedNotice {
  title: string
  message: string
  /** teal: all done; orange: created, but something the user asked for did not happen. */
  color: 'teal' | 'orange'
}

/** What the notification after Create says: a VM that did not start is a warning, not a success. */
export function createdNotice(result: CreateResult): CreatedNotice {
  if (result.startError !== undefined)
    return {
      title: `Created ${result.name}, but it did not start`,
      message: `It is defined and shut off. Why it did not start: ${result.startError}`,
      color: 'orange',
    }
  return {
    title: `Created ${result.name}`,
    message: result.started ? 'It is running.' : 'Start it from the list.',
    color: 'teal',
  }
}
