import { describe, expect, it } from 'vitest'
import { parseJobInfo } from './job-info.js'

// `virsh domjobinfo --rawstats` during `virsh save` of a 1 GiB TCG domain (libvirt 9.0).
const SAVING = `Job type: 2
operation: 2
time_elapsed: 269
downtime: 300
data_total: 1078394880
data_processed: 981151
data_remaining: 704544768
memory_total: 1078394880
memory_page_size: 4096
`

describe('domjobinfo', () => {
  it('reads a running save: operation, elapsed, data figures, fraction; cancellable', () => {
    const job = parseJobInfo(SAVING)
    expect(job).toMatchObject({
      active: true,
      operation: 'save',
      elapsedMs: 269,
      dataTotal: 1078394880,
      dataRemaining: 704544768,
      cancellable: true,
    })
    expect(job.fraction).toBeCloseTo(1 - 704544768 / 1078394880)
    expect(job.notCancellable).toBeUndefined()
  })

  it('no job: not active, nothing to cancel', () => {
    expect(parseJobInfo('Job type: 0\n\n')).toEqual({
      active: false,
      operation: 'unknown',
      cancellable: false,
    })
  })

  it('an internal snapshot (no data figures) cannot be cancelled, and says why', () => {
    const job = parseJobInfo('Job type: 2\noperation: 6\ntime_elapsed: 1200\n')
    expect(job).toMatchObject({ active: true, operation: 'snapshot', cancellable: false })
    expect(job.notCancellable).toMatch(/internal snapshot .*savevm/)
    const external = parseJobInfo('Job type: 2\noperation: 6\ndata_total: 100\ndata_remaining: 25\n')
    expect(external).toMatchObject({ cancellable: true, fraction: 0.75 })
    expect(parseJobInfo('Job type: 1\noperation: 1\n').notCancellable).toMatch(/cannot cancel starting/)
  })
})
