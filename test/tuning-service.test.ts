/**
 * The tuning channels through the app's router (as the renderer and the CLI call them) on the libvirt
 * test driver, loaded with the slow guests of test/fixtures/tuning: report, host-wide report, preview
 * (validated by libvirt; no QEMU line on a test connection, and it says why), input validation.
 */
import { readFileSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixturesDir } from './support/fixtures.js'
import type { TestApp } from './support/app.js'
import { startTestApp } from './support/app.js'

let t: TestApp
let dir: string
let hostId: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'virtdeck-tuning-service-'))
  const domains = ['slow-linux.xml', 'slow-windows.xml'].map((f) =>
    readFileSync(join(fixturesDir, 'tuning', f), 'utf8'),
  )
  const measured = (domains[0] ?? '')
    .replace('<name>slow-linux</name>', '<name>measure-me</name>')
    .replace(/<uuid>[^<]*<\/uuid>/, '')
    .replace('/var/lib/libvirt/images/slow-linux.qcow2', join(dir, 'images', 'm.qcow2'))
  await mkdir(join(dir, 'images'))
  await writeFile(join(dir, 'node.xml'), `<node>\n${[...domains, measured].join('')}</node>\n`)
  t = startTestApp()
  hostId = (
    await t.call('hosts.add', {
      kind: 'local',
      name: 'Slow guests',
      libvirtUri: `test://${join(dir, 'node.xml')}`,
    })
  ).id
}, 60_000)

afterAll(async () => {
  await t?.close()
  await rm(dir, { recursive: true, force: true })
})

describe('tuning channels', () => {
  it('report: every rule with evidence, worst first, and a score', async () => {
    const report = await t.call('tuning.report', { hostId, vm: 'slow-linux' })
    expect(report).toMatchObject({ hostId, vm: 'slow-linux', uuid: '6c0d5f0e-9b1c-4d8e-a2a4-0a7f3b0e1d11' })
    expect(report.findings).toHaveLength(17)
    const rank = { risky: 0, improve: 1, ok: 2, 'not-applicable': 3 }
    const ranks = report.findings.map((f) => rank[f.verdict])
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b))
    expect(report.findings.find((f) => f.rule === 'disk-bus')).toMatchObject({
      verdict: 'improve',
      fix: { kind: 'xml' },
    })
    // The image does not exist on this machine: said so, not guessed.
    expect(report.findings.find((f) => f.rule === 'image-preallocation')?.evidence.join()).toMatch(
      /No such file/,
    )
    expect(report.score).toBeLessThan(30)
  })

  it('host-wide: every VM lowest score first, the worst findings first', async () => {
    const all = await t.call('tuning.hostReport', { hostId })
    expect(all.vms.map((v) => v.vm).sort()).toEqual(['measure-me', 'slow-linux', 'slow-windows'])
    expect(all.worst[0]?.finding.verdict).toBe('risky')
    expect(all.failed).toEqual([])
  })

  it('preview: chosen fixes as one definition, checked by libvirt; no QEMU line on a test connection', async () => {
    const preview = await t.call('tuning.preview', {
      hostId,
      vm: 'slow-linux',
      rules: ['net-model', 'cpu-mode', 'hyperv'],
    })
    expect(preview.applied).toEqual(['cpu-mode', 'net-model'])
    expect(preview.skipped).toEqual([{ rule: 'hyperv', reason: 'nothing to change (not-applicable)' }])
    expect(preview.valid).toBe(true)
    expect(preview.diff).toMatch(/^\+\s+<cpu mode='host-passthrough' check='none' migratable='on'\/>$/m)
    expect(preview.qemuLine).toMatchObject({
      available: false,
      reason: expect.stringMatching(/not a QEMU connection/),
    })
    const again = await t.call('tuning.preview', { hostId, vm: 'slow-windows', rules: ['disk-bus'] })
    expect(again).toMatchObject({ changed: false, applied: [], diff: '' })
  })

  it("measures preallocation beside the VM's disk with progress; the scratch images are removed", async () => {
    const progress: string[] = []
    const m = await t.call('tuning.measure', { hostId, vm: 'measure-me' }, (p) => progress.push(p.message))
    expect(m).toMatchObject({ vm: 'measure-me', folder: join(dir, 'images') })
    expect(m.withoutSeconds).toBeGreaterThan(0)
    expect(m.withSeconds).toBeGreaterThan(0)
    expect(progress[0]).toMatch(/qemu-img bench/)
    expect(await readdir(join(dir, 'images'))).toEqual([])
  }, 60_000)

  it('refuses bad input before any work', async () => {
    await expect(
      t.call('tuning.preview', { hostId, vm: 'slow-linux', rules: ['$(rm -rf /)'] }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    })
    await expect(t.call('tuning.preview', { hostId, vm: 'slow-linux', rules: [] })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    })
    await expect(t.call('tuning.report', { hostId, vm: "nope'; $(x)" })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
  })
})
