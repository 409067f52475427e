import { describe, expect, it } from 'vitest'
import { overviewShares, share } from './overviewNumbers'

describe('overview shares', () => {
  it('compares what running VMs take with the host', () => {
    const s = overviewShares({
      hostId: 'h',
      hostName: 'H',
      vms: { total: 2, byState: { running: 1, shutoff: 1 } },
      allocated: { vcpus: 12, memoryKiB: 1024 },
      totals: { cpus: 8, memoryKiB: 4096, memoryUsedKiB: 2048, load1: 0.1 },
      problems: [],
    })
    expect(s.vcpus).toEqual({ used: 12, total: 8, percent: 150, over: true })
    expect(s.vmMemory?.percent).toBe(25)
    expect(s.hostMemory?.percent).toBe(50)
    expect(share(1, undefined)).toBeUndefined()
  })
})
