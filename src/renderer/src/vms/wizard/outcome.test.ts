/** Fault 6 of issue 9: an inactive network chosen without a word; "did not start" in a green toast. */
import { describe, expect, it } from 'vitest'
import type { VirtualNetwork } from '@shared/networks.js'
import { createdNotice, inactiveNetworkWarning } from './outcome'
import { INITIAL_DRAFT } from './wizardDraft'

const net = (name: string, active: boolean): VirtualNetwork =>
  ({ hostId: 'h', name, uuid: name, active, persistent: true, autostart: false }) as VirtualNetwork
const offer = (networks: VirtualNetwork[]): { caps: undefined; pools: []; networks: VirtualNetwork[] } => ({
  caps: undefined,
  pools: [],
  networks,
})

describe('the wizard and inactive networks', () => {
  it('warns when the chosen network is not running', () => {
    const draft = { ...INITIAL_DRAFT, network: 'network' as const, networkName: 'lab' }
    expect(inactiveNetworkWarning(draft, offer([net('lab', false)]))).toBe(
      'The network “lab” is not running: the VM will not start until it is. Start it on the Networks page.',
    )
    expect(inactiveNetworkWarning(draft, offer([net('lab', true)]))).toBeUndefined()
  })
})

describe('what Create says', () => {
  it('a VM defined that did not start is a warning, not a success', () => {
    const notice = createdNotice({
      name: 'vm',
      uuid: 'u',
      xml: '',
      started: false,
      startError: "network 'lab' is not active",
    })
    expect(notice.color).toBe('orange')
    expect(notice.title).toBe('Created vm, but it did not start')
    expect(createdNotice({ name: 'vm', uuid: 'u', xml: '', started: true }).color).toBe('teal')
  })
})
