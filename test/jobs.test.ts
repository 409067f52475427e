/**
 * A VM's long libvirt job on real libvirtd: a 16 GiB (untouched, so nothing is allocated) diskless TCG domain saved with `virsh save` by
 * someone else (its memory streamed to a file for a few seconds — the same path libvirt takes for the
 * memory of an external snapshot), seen with progress through jobs.info and cancelled by jobs.abort;
 * the VM keeps running and no save file is left. No mocks.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DomainJob } from '@shared/jobs.js'
import { startTestApp } from './support/app.js'
import type { TestApp } from './support/app.js'
import { failure } from './support/router.js'
import {
  lockLibvirtd,
  otherVirsh,
  removeDomain,
  tinyDomainXml,
  uniqueName,
  waitFor,
} from './support/libvirt.js'
import { diskDir } from './support/disk-domains.js'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'

let t: TestApp
let release: () => Promise<void>
let uuid = ''
let folder: { dir: string; remove: () => Promise<void> }
const name = uniqueName('vd-jobs', true)

beforeAll(async () => {
  release = await lockLibvirtd('shared')
  folder = await diskDir('vd-jobs-')
  await writeFile(join(folder.dir, 'd.xml'), tinyDomainXml(name, { memoryMiB: 16384 }))
  await otherVirsh(['create', '--file', join(folder.dir, 'd.xml')])
  uuid = (await otherVirsh(['domuuid', '--domain', name])).trim()
  t = startTestApp()
}, 60_000)

afterAll(async () => {
  if (uuid !== '') await removeDomain(uuid)
  await folder?.remove()
  await t?.close()
  await release?.()
}, 60_000)

describe('long VM jobs', () => {
  it('without a job: not active; Cancel is refused as nothing to cancel', async () => {
    const vm = { hostId: 'local', uuid, name }
    expect(await t.call('jobs.info', vm)).toEqual({ active: false, operation: 'unknown', cancellable: false })
    expect((await failure(t.call('jobs.abort', vm))).code).toBe('CONFLICT')
  })

  it('a running save shows its progress and is cancelled; the VM keeps running', async () => {
    const vm = { hostId: 'local', uuid, name }
    const file = join(folder.dir, 'save.img')
    const save = spawn('virsh', ['-q', '-c', 'qemu:///system', 'save', '--domain', uuid, '--file', file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    save.stderr.on('data', (b: Buffer) => (stderr += b.toString()))
    const exited = new Promise<number | null>((resolve) => save.on('exit', resolve))
    const seen: DomainJob[] = []
    const job = await waitFor('the save job with progress', 10_000, async () => {
      const info = await t.call('jobs.info', vm)
      if (info.active) seen.push(info)
      return info.active && info.fraction !== undefined ? info : undefined
    })
    expect(job).toMatchObject({ operation: 'save', cancellable: true })
    expect(job.dataTotal).toBeGreaterThan(16 * 1024 ** 3 - 1)
    expect(job.fraction).toBeLessThan(1)
    expect(await t.call('jobs.abort', vm)).toEqual({ aborted: true })
    expect(await exited).not.toBe(0)
    expect(stderr).toMatch(/abort|cancel/i)
    expect((await otherVirsh(['domstate', '--domain', uuid])).trim()).toBe('running')
    expect(existsSync(file)).toBe(false)
    const audit = await t.call('audit.list', { limit: 5 })
    expect(audit.find((e) => e.action === 'domain.jobAbort')).toMatchObject({
      hostId: 'local',
      outcome: 'ok',
    })
  }, 60_000)
})
