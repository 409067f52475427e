/**
 * Issue 9: the doctor said "Ready" while NAT networks could not start for want of dnsmasq. Fixture
 * host (FAKE: a recorded "Ready for KVM" AMD tree) copied with recorded `test -x` answers — a host
 * without and with dnsmasq — and the real `test` on this machine for hasDnsmasq.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runDoctor } from '../src/main/checks/doctor.js'
import { LocalHost } from '../src/main/host/local-host.js'
import { hasDnsmasq } from '../src/main/networks/dnsmasq.js'
import { FixtureHost, hostTree } from './support/fixture-host.js'

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vd-sn-dnsmasq-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function treeWithTest(name: string, code: number): Promise<string> {
  const tree = join(dir, name)
  await cp(hostTree('amd-host-nested-on-iommu-on'), tree, { recursive: true })
  await mkdir(join(tree, 'commands'), { recursive: true })
  // Every `test -x …` of the dnsmasq check answers with this exit code.
  await writeFile(join(tree, 'commands', 'test.txt'), '')
  await writeFile(join(tree, 'commands', 'test.code'), String(code))
  return tree
}

describe('the dnsmasq check (FAKE fixture host)', () => {
  it('without dnsmasq the verdict is not "Ready": virtual networks cannot start, and the fix says what to install', async () => {
    const report = await runDoctor(new FixtureHost(await treeWithTest('without', 1)))
    expect(report.verdict.level).toBe('degraded')
    expect(report.verdict.headline).toBe('KVM works, but virtual networks cannot start: dnsmasq is missing')
    const check = report.checks.find((c) => c.id === 'dnsmasq')
    expect(check?.status).toBe('fail')
    expect(check?.summary).toMatch(/cannot start NAT/)
    expect(check?.fix?.text).toMatch(/Install dnsmasq/)
  })

  it('with dnsmasq it is "Ready for KVM" and the check passes', async () => {
    const report = await runDoctor(new FixtureHost(await treeWithTest('with', 0)))
    expect(report.verdict).toMatchObject({ level: 'ready', headline: 'Ready for KVM' })
    expect(report.checks.find((c) => c.id === 'dnsmasq')?.status).toBe('pass')
  })
})

describe('hasDnsmasq on this machine (real `test -x`)', () => {
  it('finds the installed dnsmasq, and not one at paths that do not exist', async () => {
    const host = new LocalHost()
    expect(await hasDnsmasq(host)).toBe(true)
    expect(await hasDnsmasq(host, ['/nonexistent/dnsmasq', `${dir}/dnsmasq`])).toBe(false)
  })
})
