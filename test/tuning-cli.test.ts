/**
 * `virtdeck tune` (child process) on this machine's libvirtd: a VM defined with the KVM tuning guide's
 * slow settings — IDE disk with cache=writeback, rtl8139, the default qemu64 CPU, a qcow2 image without
 * preallocation (real qemu-img) — and a hostile name. The report lists each finding with its fix; the
 * combined preview is accepted by libvirt, shows the QEMU command-line change; `--apply all` makes it
 * one change (the change engine), after which only the image conversion is left, and `virtdeck changes
 * undo` puts the definition back byte for byte.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HostChangeRecord } from '@shared/changes.js'
import type { HostTuningReport, TuningPreview, TuningReport } from '@shared/tuning.js'
import { buildElement, createElement, createText } from '../src/main/libvirt/xml/index.js'
import type { CliRun } from './support/cli.js'
import { runVirtdeck } from './support/cli.js'
import { startTestApp } from './support/app.js'
import { AppError } from '@shared/errors.js'
import { lockLibvirtd, otherVirsh, removeDomain, uniqueName } from './support/libvirt.js'

const run = promisify(execFile)
let dir: string
let release: () => Promise<void>
let uuid: string
const name = uniqueName('vd-tune', true)

function slowDomainXml(image: string): string {
  const el = (
    tag: string,
    attrs: Record<string, string> = {},
    content: (ReturnType<typeof createElement> | string)[] = [],
  ): ReturnType<typeof createElement> =>
    createElement(
      tag,
      attrs,
      content.map((c) => (typeof c === 'string' ? createText(c) : c)),
    )
  const domain = el('domain', { type: 'kvm' }, [
    el('name', {}, [name]),
    el('memory', { unit: 'MiB' }, ['128']),
    el('vcpu', {}, ['1']),
    el('os', {}, [el('type', { arch: 'x86_64', machine: 'pc' }, ['hvm'])]),
    el('devices', {}, [
      el('disk', { type: 'file', device: 'disk' }, [
        el('driver', { name: 'qemu', type: 'qcow2', cache: 'writeback' }),
        el('source', { file: image }),
        el('target', { dev: 'hda', bus: 'ide' }),
      ]),
      el('interface', { type: 'network' }, [
        el('source', { network: 'default' }),
        el('model', { type: 'rtl8139' }),
      ]),
      el('graphics', { type: 'vnc', listen: '127.0.0.1', autoport: 'yes' }),
    ]),
  ])
  return `${buildElement(domain)}\n`
}

function json<T>(result: CliRun): T {
  expect(result.stderr).toBe('')
  expect(result.code).toBe(0)
  return JSON.parse(result.stdout) as T
}

beforeAll(async () => {
  release = await lockLibvirtd('shared')
  dir = await mkdtemp(join(tmpdir(), 'virtdeck-tune-'))
  const image = join(dir, 'slow.qcow2')
  await run('qemu-img', ['create', '-q', '-f', 'qcow2', image, '256M'])
  await writeFile(join(dir, 'slow.xml'), slowDomainXml(image))
  await otherVirsh(['define', '--file', join(dir, 'slow.xml')])
  uuid = (await otherVirsh(['domuuid', '--domain', name])).trim()
}, 60_000)

afterAll(async () => {
  if (uuid) await removeDomain(uuid)
  await rm(dir, { recursive: true, force: true })
  await release?.()
}, 60_000)

describe('virtdeck tune on the real daemon', () => {
  it('reports each slow setting with its fix; the combined fix is accepted by libvirt and changes the QEMU line', async () => {
    const data = join(dir, 'data')
    const report = json<TuningReport>(await runVirtdeck(['tune', name, '--json'], data))
    const verdict = (rule: string): string | undefined =>
      report.findings.find((f) => f.rule === rule)?.verdict
    for (const rule of [
      'cpu-mode',
      'disk-bus',
      'disk-cache',
      'net-model',
      'image-preallocation',
      'disk-discard',
    ])
      expect(verdict(rule), rule).toBe('improve')
    expect(report.findings.find((f) => f.rule === 'image-preallocation')?.evidence.join()).toMatch(
      /256\.0 MiB|0\.3 GiB of 0\.3 GiB not allocated/,
    )
    expect(report.findings.find((f) => f.rule === 'image-preallocation')?.fix?.kind).toBe('job')
    expect(report.score).toBeLessThan(50)

    const text = await runVirtdeck(['tune', name], data)
    expect(text.code).toBe(0)
    expect(text.stdout).toContain('IMPROVE  CPU model: the host CPU [cpu-mode]')
    expect(text.stdout).toContain("Fix: Set <cpu mode='host-passthrough'/>")
    expect(text.stdout).toContain('Fix: Move hda to bus virtio')

    const preview = json<TuningPreview>(await runVirtdeck(['tune', name, '--preview', 'all', '--json'], data))
    expect(preview.valid).toBe(true)
    expect(preview.applied).toEqual(
      expect.arrayContaining(['cpu-mode', 'disk-bus', 'disk-cache', 'net-model']),
    )
    expect(preview.diff).toMatch(/^\+\s+<model type='virtio'\/>$/m)
    expect(preview.qemuLine.available).toBe(true)
    expect(preview.qemuLine.removed).toContain('-cpu qemu64')
    expect(preview.qemuLine.added).toContain('-cpu host,migratable=on')
    expect(preview.qemuLine.added.join('\n')).toMatch(/virtio-net-pci/)
    expect(preview.qemuLine.added.join('\n')).toMatch(/virtio-blk-pci/)
    expect(preview.qemuLine.added.join('\n')).toMatch(/"cache":\{"direct":true/)

    // Apply all of them: one change through the change engine (XML history, Changes page, undo).
    const original = await otherVirsh(['dumpxml', '--inactive', '--domain', uuid])
    const change = json<HostChangeRecord>(
      await runVirtdeck(['tune', name, '--apply', 'all', '--yes', '--json'], data),
    )
    expect(change).toMatchObject({ capability: 'tuning', undoneAt: null, domains: [{ name, uuid }] })
    expect(change.verification?.status).toBe('passed')
    expect(await otherVirsh(['dumpxml', '--inactive', '--domain', uuid])).toMatch(/<model type='virtio'\/>/)
    const after = json<TuningReport>(await runVirtdeck(['tune', name, '--json'], data))
    expect(after.findings.filter((f) => f.fix?.kind === 'xml').map((f) => f.rule)).toEqual(['disk-iothread'])
    expect(after.score).toBeGreaterThan(report.score)

    const all = json<HostTuningReport>(await runVirtdeck(['tune', '--all', '--json'], data))
    expect(all.vms.find((v) => v.vm === name)?.score).toBe(after.score)
    expect(all.worst.length).toBeGreaterThan(0)

    // Listed on the Changes page's list, and undone byte for byte.
    const listed = json<HostChangeRecord[]>(await runVirtdeck(['changes', 'list', '--json'], data))
    expect(listed.map((c) => c.id)).toContain(change.id)
    const undone = await runVirtdeck(['changes', 'undo', change.id, '--yes', '--json'], data)
    expect(undone.code).toBe(0)
    expect(await otherVirsh(['dumpxml', '--inactive', '--domain', uuid])).toBe(original)
  }, 120_000)

  it("--measure runs qemu-img bench beside the VM's image and leaves nothing behind", async () => {
    const before = (await readdir(dir)).sort()
    const result = await runVirtdeck(['tune', name, '--measure'], join(dir, 'data'))
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/× slower without preallocation on this host/)
    expect((await readdir(dir)).sort()).toEqual(before)
  }, 60_000)

  it('refuses an unknown VM and an unknown rule with one line', async () => {
    const data = join(dir, 'data')
    const missing = await runVirtdeck(['tune', `${name}-missing`], data)
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/No VM named/)
    const bad = await runVirtdeck(['tune', name, '--preview', 'no-such-rule'], data)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/Unknown tuning rule/)
  }, 60_000)

  it('--convert makes a preallocated copy, points the VM at it as one change, and undo points it back', async () => {
    const data = join(dir, 'data')
    const image = join(dir, 'slow.qcow2')
    const refused = await runVirtdeck(['tune', name, '--convert', '/etc/passwd', '--yes'], data)
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toMatch(/is not a disk image of/)
    const change = json<HostChangeRecord>(
      await runVirtdeck(['tune', name, '--convert', image, '--yes', '--json'], data),
    )
    const converted = join(dir, 'slow.preallocated.qcow2')
    expect(change).toMatchObject({ capability: 'tuning', method: 'image-convert', domains: [{ name }] })
    expect(await otherVirsh(['dumpxml', '--inactive', '--domain', uuid])).toContain(converted)
    const map = JSON.parse(
      (await run('qemu-img', ['map', '--output=json', '-U', converted], { encoding: 'utf8' })).stdout,
    ) as { present: boolean }[]
    expect(map.every((extent) => extent.present)).toBe(true) // metadata preallocated: no unallocated cluster
    const after = json<TuningReport>(await runVirtdeck(['tune', name, '--json'], data))
    expect(after.findings.find((f) => f.rule === 'image-preallocation')?.verdict).toBe('ok')
    expect((await runVirtdeck(['changes', 'undo', change.id, '--yes'], data)).code).toBe(0)
    const back = await otherVirsh(['dumpxml', '--inactive', '--domain', uuid])
    expect(back).toContain(image)
    expect(back).not.toContain(converted)
    expect((await readdir(dir)).sort()).toEqual(
      expect.arrayContaining(['slow.qcow2', 'slow.preallocated.qcow2']),
    )
  }, 120_000)

  it('a VM changed outside between preview and apply: tuning.apply refuses (CONFLICT) and defines nothing', async () => {
    const t = startTestApp()
    try {
      const preview = await t.call('tuning.preview', { hostId: 'local', vm: name, rules: ['net-model'] })
      expect(preview.planId).toEqual(expect.any(String))
      await otherVirsh(['desc', '--domain', uuid, '--config', '--new-desc', 'changed outside'])
      const outside = await otherVirsh(['dumpxml', '--inactive', '--domain', uuid])
      const error = await t.call('tuning.apply', { hostId: 'local', planId: preview.planId ?? '' }).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(AppError)
      expect((error as AppError).code).toBe('CONFLICT')
      expect(await otherVirsh(['dumpxml', '--inactive', '--domain', uuid])).toBe(outside)
      expect(await t.call('changes.list', { capability: 'tuning' })).toEqual([])
    } finally {
      await t.close()
    }
  }, 60_000)
})
