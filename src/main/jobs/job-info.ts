import type { DomainJob } from '@shared/jobs.js'

/** virDomainJobOperation, in words. */
const OPERATIONS = [
  'unknown',
  'start',
  'save',
  'restore',
  'incoming migration',
  'migration',
  'snapshot',
  'snapshot revert',
  'dump',
  'backup',
  'snapshot delete',
] as const

/** virDomainJobType: 1 bounded and 2 unbounded are running; 0 none, 3 completed, 4 failed, 5 cancelled are not. */
const RUNNING_TYPES = new Set([1, 2])

/**
 * `virsh domjobinfo --rawstats`: `Job type: N` then `key: value` lines of libvirt's typed
 * parameters (`operation`, `time_elapsed`, `data_total`, …).
 */
export function parseJobInfo(text: string): DomainJob {
  const values = new Map<string, number>()
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Za-z_ ]+):\s*(-?\d+)\s*$/.exec(line)
    if (m?.[1] !== undefined && m[2] !== undefined) values.set(m[1].trim().toLowerCase(), Number(m[2]))
  }
  const type = values.get('job type') ?? 0
  const operation = OPERATIONS[values.get('operation') ?? 0] ?? 'unknown'
  const active = RUNNING_TYPES.has(type)
  const job: DomainJob = { active, operation, cancellable: false }
  const set = (key: string, field: 'elapsedMs' | 'dataTotal' | 'dataProcessed' | 'dataRemaining'): void => {
    const value = values.get(key)
    if (value !== undefined) job[field] = value
  }
  set('time_elapsed', 'elapsedMs')
  set('data_total', 'dataTotal')
  set('data_processed', 'dataProcessed')
  set('data_remaining', 'dataRemaining')
  if (job.dataTotal !== undefined && job.dataTotal > 0 && job.dataRemaining !== undefined)
    job.fraction = Math.min(1, Math.max(0, 1 - job.dataRemaining / job.dataTotal))
  if (!active) return job
  const verdict = cancellable(job)
  return verdict === true ? { ...job, cancellable: true } : { ...job, notCancellable: verdict }
}

/**
 * What libvirt's QEMU driver can abort (qemuDomainAbortJob): jobs that stream the VM's memory out
 * (save, dump, outgoing migration, the memory phase of an external snapshot, backup) — they report
 * data figures. It refuses an incoming migration and a VM start, and an internal snapshot is one
 * `savevm` inside QEMU with nothing to interrupt.
 */
function cancellable(job: DomainJob): true | string {
  switch (job.operation) {
    case 'start':
    case 'restore':
    case 'incoming migration':
      return 'libvirt cannot cancel starting or restoring a VM; force it off instead if it hangs.'
    case 'snapshot revert':
    case 'snapshot delete':
      return 'libvirt cannot cancel a snapshot revert or delete once it runs.'
    case 'snapshot':
      if (job.dataTotal === undefined)
        return 'QEMU writes an internal snapshot in one step (savevm); libvirt cannot cancel it. It ends by itself.'
      return true
    default:
      return true
  }
}
