import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '@shared/errors.js'
import { applyPlan, undoChange } from '../src/main/nested/apply.js'
import { buildXenNestedPlan, detectXen, parseXlInfo } from '../src/main/nested/xen.js'
import { TempRootHost } from './support/temp-root-host.js'

/**
 * Xen nested HVM: the plan/apply/undo flow on a guest's /etc/xen/<name>.cfg, against a TEMP-ROOT
 * host laid out like a dom0. There is no Xen here, so `xl` is a stand-in that prints what
 * `xl info` prints on a Xen 4.17 dom0.
 */

const fixtures = fileURLToPath(new URL('./fixtures/nested/', import.meta.url))
const cfg = (name: string): string => readFileSync(join(fixtures, name), 'utf8')
const NOW = new Date('2025-05-06T07:08:09Z')

const XL_INFO = `host                   : xen-dom0
release                : 6.1.0-18-amd64
xen_major              : 4
xen_minor              : 17
xen_version            : 4.17.3
xen_caps               : xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64
virt_caps              : pv hvm hap shadow iommu_hap_pt_share vmtrace gnttab-v1 gnttab-v2
xen_commandline        : placeholder dom0_mem=4096M,max:4096M
`

let machine: TempRootHost | undefined
afterEach(async () => {
  await machine?.dispose()
  machine = undefined
})

async function dom0(xlInfo = XL_INFO): Promise<TempRootHost> {
  const host = await TempRootHost.create({ id: 'xen-dom0' })
  machine = host
  await host.put('/proc/xen/capabilities', 'control_d\n')
  await host.put('/sys/hypervisor/type', 'xen\n')
  await host.addStandIn('xl', `[ "$1" = info ] || exit 1\ncat <<'EOF'\n${xlInfo}EOF`)
  return host
}

describe('Xen host detection', () => {
  it('parses xl info and sees HAP', async () => {
    const host = await dom0()
    const info = await detectXen(host)
    expect(info).toMatchObject({ isXen: true, dom0: true, hap: true })
    expect(info.xlInfo?.['xen_version']).toBe('4.17.3')
    expect(parseXlInfo(XL_INFO)['virt_caps']).toBe(
      'pv hvm hap shadow iommu_hap_pt_share vmtrace gnttab-v1 gnttab-v2',
    )
  })

  it('a machine without /proc/xen and xl is not a Xen host', async () => {
    machine = await TempRootHost.create()
    const info = await detectXen(machine)
    expect(info).toMatchObject({ isXen: false, dom0: null, xlInfo: null, hap: null })
    expect(info.evidence).toContain('xl is not installed.')
  })
})

describe('nested HVM for a guest config on a temp root', () => {
  it('plans, applies with a backup, and undoes to the identical bytes', async () => {
    const host = await dom0()
    const original = cfg('win10-hvm.cfg')
    await host.put('/etc/xen/win10.cfg', original)
    const plan = await buildXenNestedPlan(host, 'win10', { now: () => NOW, newId: () => 'xplan' })
    expect(plan).toMatchObject({
      id: 'xplan',
      method: 'xl',
      domain: 'win10',
      blockers: [],
      commands: [],
      rebootRequired: false,
    })
    expect(plan.files).toHaveLength(1)
    expect(plan.files[0]?.diff).toBe(
      '--- a/etc/xen/win10.cfg\n+++ b/etc/xen/win10.cfg\n@@ -33,3 +33,6 @@\n on_reboot   = "restart"\n on_crash    = \'restart\'\n serial = \'pty\'\n+nestedhvm = 1\n+hap = 1\n+cpuid = "host,hypervisor=0"\n',
    )
    expect(plan.notes.join('\n')).toMatch(/xl shutdown win10, then xl create \/etc\/xen\/win10.cfg/)

    const applied = await applyPlan(host, plan, { now: () => NOW, newId: () => 'xchg' })
    expect(await host.get('/etc/xen/win10.cfg')).toBe(
      `${original}nestedhvm = 1\nhap = 1\ncpuid = "host,hypervisor=0"\n`,
    )
    expect(applied).toMatchObject({
      method: 'xl',
      nestedParamPath: null,
      result: { nestedNow: 'unknown', rebootRequired: false },
    })
    expect(applied.backups).toEqual([
      {
        path: '/etc/xen/win10.cfg',
        backupPath: '/var/lib/virtdeck/backups/20250506T070809Z-xchg/etc/xen/win10.cfg',
        existedBefore: true,
        writtenSha256: expect.any(String) as unknown,
      },
    ])
    expect(await host.get('/var/lib/virtdeck/backups/20250506T070809Z-xchg/etc/xen/win10.cfg')).toBe(original)

    expect(await undoChange(host, applied)).toMatchObject({
      restored: ['/etc/xen/win10.cfg'],
      removed: [],
      nestedNow: 'unknown',
    })
    expect(await host.get('/etc/xen/win10.cfg')).toBe(original)
  })

  it('merges into a half-configured guest in place', async () => {
    const host = await dom0()
    const original = cfg('nested-partial-libxl-cpuid.cfg')
    await host.put('/etc/xen/lab-hv1.cfg', original)
    const plan = await buildXenNestedPlan(host, 'lab-hv1')
    expect(plan.blockers).toEqual([])
    expect(plan.files[0]?.after).toBe(
      original
        .replace('nestedhvm=0', 'nestedhvm=1')
        .replace('hap=0', 'hap=1')
        .replace('sse3=0"', 'sse3=0,hypervisor=0"'),
    )
  })

  it('blocks a PV guest, a host without HAP, and a host that is not Xen', async () => {
    const host = await dom0(XL_INFO.replace(' hap', ''))
    await host.put('/etc/xen/deb12.cfg', cfg('debian-pv.cfg'))
    const plan = await buildXenNestedPlan(host, 'deb12')
    expect(plan.blockers).toEqual([
      'Xen reports no hardware-assisted paging (virt_caps without hap); nested HVM needs it.',
      'deb12 is not an HVM guest (type pv); nested HVM applies to HVM guests (type = "hvm").',
    ])
    expect(((await applyPlan(host, plan).catch((e: unknown) => e)) as AppError).code).toBe('CONFLICT')
    expect(await host.get('/etc/xen/deb12.cfg')).toBe(cfg('debian-pv.cfg'))

    const plain = await TempRootHost.create()
    try {
      await plain.put('/etc/xen/win10.cfg', cfg('win10-hvm.cfg'))
      expect((await buildXenNestedPlan(plain, 'win10')).blockers[0]).toMatch(/does not run Xen/)
    } finally {
      await plain.dispose()
    }
  })

  it('rejects names that are not a domain, and a missing config', async () => {
    const host = await dom0()
    for (const bad of ['../shadow', 'a/b', '-rf', '']) {
      expect(((await buildXenNestedPlan(host, bad).catch((e: unknown) => e)) as AppError).code).toBe(
        'INVALID_INPUT',
      )
    }
    const missing = (await buildXenNestedPlan(host, 'ghost').catch((e: unknown) => e)) as AppError
    expect(missing).toBeInstanceOf(AppError)
    expect(missing.code).toBe('NOT_FOUND')
  })
})
