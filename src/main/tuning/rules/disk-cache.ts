import { setAttr } from '../../libvirt/xml/index.js'
import type { TuningRule } from '../rule.js'
import { notApplicable, xmlFix } from '../rule.js'
import type { DiskInfo } from './domain.js'
import { isQemu, writableDisks } from './domain.js'
import { diskDriver, driverAttr, isLocal, isRawOrBlock } from './disk-driver.js'

/** Both what the disk has and what it should have; io='native' only ever together with cache='none'. */
function wanted(d: DiskInfo): { cache: string; io: string | undefined } {
  return { cache: 'none', io: isRawOrBlock(d) ? 'native' : undefined }
}

function fine(d: DiskInfo): boolean {
  const cache = driverAttr(d, 'cache')
  const io = driverAttr(d, 'io')
  if (cache !== 'none' && cache !== 'directsync') return false
  const want = wanted(d)
  return want.io === undefined || io === want.io
}

function describe(d: DiskInfo): string {
  return `domain XML: disk ${d.target} (${d.type}${d.format === undefined ? '' : `, ${d.format}`}) cache=${driverAttr(d, 'cache') ?? 'default (writeback)'} io=${driverAttr(d, 'io') ?? 'default (threads)'}`
}

/** cache='none' (O_DIRECT, no second copy in the host's page cache), plus io='native' on raw files and block devices. */
export const diskCache: TuningRule = {
  id: 'disk-cache',
  area: 'disk',
  title: "Disk cache='none', io='native' for raw storage",
  explanation:
    'With the default cache (writeback) every block is cached twice, by the guest and by the host, and the ' +
    "host's page cache competes with the VM for memory. cache='none' opens the image with O_DIRECT: the guest's " +
    "cache is the only one and flushes reach the disk. On raw files and block devices io='native' (Linux AIO) " +
    "is then the fastest path. libvirt refuses io='native' with any cache mode other than none or directsync, so " +
    'the two are set together.',
  source:
    'https://www.linux-kvm.org/page/Tuning_KVM · https://libvirt.org/formatdomain.html#hard-drives-floppy-disks-cdroms',
  risk:
    "cache='none' needs a filesystem that supports O_DIRECT: an image on tmpfs (and some FUSE filesystems) then " +
    'fails to open and the VM does not start. io=native on a sparse raw file can stall while the file grows; ' +
    'preallocate raw files.',
  weight: 10,
  check(ctx) {
    const { domain } = ctx
    if (!isQemu(domain)) return notApplicable('not a QEMU/KVM domain')
    const local = writableDisks(domain).filter(isLocal)
    if (local.length === 0) return notApplicable('no local writable disk (file or block)')
    const evidence = local.map(describe)
    const unsafe = local.filter((d) => driverAttr(d, 'cache') === 'unsafe')
    const bad = local.filter((d) => !fine(d))
    if (bad.length === 0) return { verdict: 'ok', evidence }
    const fix = xmlFix(
      bad
        .map((d) => `${d.target}: cache='none'${wanted(d).io === undefined ? '' : ", io='native'"}`)
        .join('; '),
    )
    if (unsafe.length > 0)
      return {
        verdict: 'risky',
        evidence: [
          ...evidence,
          `cache='unsafe' on ${unsafe.map((d) => d.target).join(', ')}: the guest's flushes are ignored`,
        ],
        fix,
      }
    return { verdict: 'improve', evidence, fix }
  },
  apply(domain, ctx) {
    const check = this.check({ ...ctx, domain })
    if (check.fix === undefined) return []
    const notes: string[] = []
    for (const d of writableDisks(domain).filter((disk) => isLocal(disk) && !fine(disk))) {
      const driver = diskDriver(d)
      const want = wanted(d)
      // cache first: io='native' is never written next to another cache mode.
      if (driverAttr(d, 'cache') !== 'directsync') setAttr(driver, 'cache', want.cache)
      if (want.io !== undefined) setAttr(driver, 'io', want.io)
      notes.push(
        `${d.target}: cache=${driverAttr({ ...d, driver }, 'cache') ?? ''}${want.io === undefined ? '' : `, io=${want.io}`}.`,
      )
    }
    return notes
  },
}
