/**
 * The "Vagrant: project/machine" tag from a real `vagrant up` with Vagrant's docker provider (2.3.4
 * from Debian, a local busybox image, no network): the container Vagrant makes shows up in
 * docker.list, and `vagrant.links` (.vagrant/machines/<machine>/docker/id, what the Containers
 * panel's tag reads) ties it to the project and machine; destroy removes it.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { VagrantModelInput } from '@shared/vagrant.js'
import { startTestApp, type TestApp } from './support/app.js'
import { lockDockerd, requireDocker } from './support/docker.js'
import { busyboxImage, vagrantSandbox, type VagrantSandbox } from './support/vagrant.js'

let t: TestApp
let sandbox: VagrantSandbox
let image: string
let release: (() => Promise<void>) | undefined
const saved = { ...process.env }
const PROJECT = 'vdctr-tagged'

beforeAll(async () => {
  release = await lockDockerd('shared')
  await requireDocker()
  sandbox = vagrantSandbox()
  image = await busyboxImage(sandbox.root)
  Object.assign(process.env, sandbox.env())
  t = startTestApp()
}, 120_000)

afterAll(async () => {
  await sandbox?.run(join(sandbox.root, PROJECT), ['destroy', '-f']).catch(() => undefined)
  await t?.close()
  process.env = saved
  await sandbox?.close()
  await release?.()
}, 120_000)

describe('Vagrant docker-provider containers in the container list', () => {
  it('real vagrant up: the project links its machine to the container (the tag Containers shows); gone after destroy', async () => {
    const model: VagrantModelInput = {
      syncedFolders: [{ hostPath: '.', guestPath: '/vagrant', disabled: true }],
      providers: { docker: { image, cmd: ['sleep', '3600'], hasSsh: false, remainsRunning: true } },
      machines: [{ name: 'app-1' }],
    }
    const path = join(sandbox.root, PROJECT)
    const project = await t.call('vagrant.create', { hostId: 'local', path, model })
    const up = await t.call('vagrant.run', { projectId: project.id, action: 'up', provider: 'docker' })
    expect(up, JSON.stringify(up.error)).toMatchObject({ ok: true, exitCode: 0 })
    const id = readFileSync(join(path, '.vagrant', 'machines', 'app-1', 'docker', 'id'), 'utf8').trim()

    // The container is listed, and the project's link (what the Containers panel's tag reads) names it.
    const listed = (await t.call('docker.list', { hostId: 'local' })).find((c) => c.id === id)
    expect(listed?.name).toMatch(new RegExp(`^${PROJECT}_app-1_\\d{10}$`))
    const links = await t.call('vagrant.links', { hostId: 'local' })
    expect(links.filter((l) => l.provider === 'docker' && l.id === id)).toEqual([
      expect.objectContaining({
        projectId: project.id,
        projectName: PROJECT,
        machine: 'app-1',
        projectPath: path,
      }),
    ])

    const destroy = await t.call('vagrant.run', { projectId: project.id, action: 'destroy' })
    expect(destroy).toMatchObject({ ok: true })
    expect((await t.call('docker.list', { hostId: 'local' })).some((c) => c.id === id)).toBe(false)
  }, 120_000)
})
