/** Fault 8 of issue 9: the libvirt banner said "attempt 1" while the sidebar said attempt 5–6. */
import { describe, expect, it } from 'vitest'
import { reconnectView } from './reconnectState'

describe('what the reconnect banner says', () => {
  it("takes the host's reason and attempt while the SSH link itself is down (as the sidebar does)", () => {
    expect(
      reconnectView(
        { status: 'reconnecting', reason: 'virsh could not listen for events', attempt: 1 },
        { status: 'connecting', reason: 'Cannot reach 10.0.0.5:22: connection refused', attempt: 6 },
      ),
    ).toEqual({ reason: 'Cannot reach 10.0.0.5:22: connection refused', attempt: 6, hostDown: true })
  })

  it("keeps libvirt's own when the host is connected (libvirtd restarted)", () => {
    expect(
      reconnectView(
        { status: 'reconnecting', reason: 'libvirtd went away', attempt: 2 },
        { status: 'connected' },
      ),
    ).toEqual({ reason: 'libvirtd went away', attempt: 2, hostDown: false })
  })

  it('shows nothing when libvirt is connected', () => {
    expect(reconnectView({ status: 'connected' }, { status: 'connected' })).toBeUndefined()
  })
})
