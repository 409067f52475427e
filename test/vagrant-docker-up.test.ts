/**
 * `vagrant up` and `vagrant destroy -f` for real, with Vagrant's docker provider on a local image
 * (no network): two machines come up, their output streams, both run, destroy removes them.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { VagrantModelInput } from '@shared/vagrant.js'
import type { TestApp } from './support/app.js'
import { startTestApp } from './support/app.js'
import type { VagrantSandbox } from './support/vagrant.js'
import { busyboxImage, vagrantSandbox, vagrantsOf } from './support/vagrant.js'

let t: TestApp
let sandbox: VagrantSandbox
let image: string
const saved = { ...process.env }

function containerRunning(id: string): boolean | undefined {
  try {
    return (
      execFileSync('docker', ['inspect', '-f', '{{.State.Running}}', id], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim() === 'true'
    )
  } catch {
    return undefined
  }
}

beforeAll(async () => {
  sandbox = vagrantSandbox()
  image = await busyboxImage(sandbox.root)
  Object.assign(process.env, sandbox.env())
  t = startTestApp()
})
afterAll(async () => {
  // Whatever an assertion left running: destroy it (a no-op when the test already did).
  for (const name of ['docker-project', 'cancel'])
    if (existsSync(join(sandbox.root, name, '.vagrant')))
      await sandbox.run(join(sandbox.root, name), ['destroy', '-f'])
  // A cancelled `up` can leave the container dockerd was creating: Vagrant never recorded its id,
  // so `destroy` does not know it (the cancel note says so). Remove it here.
  const orphans = execFileSync(
    'docker',
    ['ps', '-aq', '--filter', 'name=^cancel_only_', '--filter', `ancestor=${image}`],
    { encoding: 'utf8' },
  )
    .split('\n')
    .filter((id) => id !== '')
  if (orphans.length > 0) execFileSync('docker', ['rm', '-f', ...orphans], { stdio: 'ignore' })
  await t.close()
  process.env = saved
  await sandbox.close()
})

describe('vagrant up and destroy with the docker provider', () => {
  it('brings two machines up, streams the output, and destroys them', async () => {
    const model: VagrantModelInput = {
      syncedFolders: [{ hostPath: '.', guestPath: '/vagrant', disabled: true }],
      providers: { docker: { image, cmd: ['sleep', '3600'], hasSsh: false, remainsRunning: true } },
      machines: [{ name: 'web', primary: true }, { name: 'db' }],
    }
    const path = join(sandbox.root, 'docker-project')
    const project = await t.call('vagrant.create', { hostId: 'local', path, model })
    const progress: { at: number; message: string }[] = []
    const up = await t.call('vagrant.run', { projectId: project.id, action: 'up', provider: 'docker' }, (p) =>
      progress.push({ at: Date.now(), message: p.message }),
    )
    expect(up, JSON.stringify(up.error)).toMatchObject({
      action: 'up',
      ok: true,
      cancelled: false,
      exitCode: 0,
    })
    expect(up.machines.map((m) => [m.name, m.provider, m.state])).toEqual([
      ['web', 'docker', 'running'],
      ['db', 'docker', 'running'],
    ])
    expect(progress.map((p) => p.message)).toEqual(
      expect.arrayContaining([expect.stringContaining("Bringing machine 'web' up with 'docker' provider")]),
    )
    // Output arrived while Vagrant ran, not in one piece at the end.
    expect((progress.at(-1)?.at ?? 0) - (progress[0]?.at ?? 0)).toBeGreaterThan(100)
    const ids = ['web', 'db'].map((m) =>
      readFileSync(join(path, '.vagrant', 'machines', m, 'docker', 'id'), 'utf8').trim(),
    )
    expect(ids.map(containerRunning)).toEqual([true, true])

    const status = await t.call('vagrant.status', { projectId: project.id })
    expect(status.map((m) => m.state)).toEqual(['running', 'running'])
    // The container ids link each machine to Containers (as a libvirt domain UUID would to the VM list).
    expect(status.map((m) => m.id)).toEqual(ids)
    // …and vagrant.links ties them to the project (the Containers panel tags them with it).
    const links = (await t.call('vagrant.links', { hostId: 'local' })).filter(
      (l) => l.projectId === project.id,
    )
    expect(links.map((l) => [l.machine, l.provider, l.id])).toEqual([
      ['db', 'docker', ids[1]],
      ['web', 'docker', ids[0]],
    ])

    const destroy = await t.call('vagrant.run', { projectId: project.id, action: 'destroy' })
    expect(destroy).toMatchObject({ ok: true, exitCode: 0 })
    expect(destroy.machines.map((m) => m.state)).toEqual(['not_created', 'not_created'])
    expect(ids.map(containerRunning)).toEqual([undefined, undefined])
    expect(up.durationMs + destroy.durationMs).toBeLessThan(90_000)
  }, 120_000)

  it('cancel during up stops Vagrant, leaves no process behind, and says what state the machines are in', async () => {
    const model: VagrantModelInput = {
      syncedFolders: [{ hostPath: '.', guestPath: '/vagrant', disabled: true }],
      providers: { docker: { image, cmd: ['sleep', '3600'], hasSsh: false } },
      machines: [{ name: 'only' }],
    }
    const dir = join(sandbox.root, 'cancel')
    const project = await t.call('vagrant.create', { hostId: 'local', path: dir, model })
    const controller = new AbortController()
    let opId = ''
    let during: number[] = []
    const envelope = t.app.router.handle(
      {
        channel: 'vagrant.run',
        input: { projectId: project.id, action: 'up', provider: 'docker' },
        opId: 'cancel-up',
      },
      {
        sendProgress: (id, p) => {
          opId = id
          if (p.message.includes('Creating the container') && !controller.signal.aborted) {
            during = vagrantsOf(dir)
            controller.abort()
            t.app.router.cancel(id)
          }
        },
      },
    )
    const result = await envelope
    expect(opId).toBe('cancel-up')
    expect(result.ok).toBe(true)
    const run = result.ok
      ? (result.value as { cancelled: boolean; ok: boolean; cancelNote?: string })
      : undefined
    expect(run).toMatchObject({ cancelled: true, ok: false })
    expect(run?.cancelNote).toMatch(
      /^`vagrant up` was stopped\. Machines being created may exist half made.* Now: only [a-z _]+\.$/,
    )
    // At least Vagrant itself (a forked child about to exec docker briefly shows the same command line).
    expect(during.length).toBeGreaterThan(0)
    expect(vagrantsOf(dir)).toEqual([])
    const destroy = await t.call('vagrant.run', { projectId: project.id, action: 'destroy' })
    expect(destroy.machines.map((m) => m.state)).toEqual(['not_created'])
  }, 120_000)
})
