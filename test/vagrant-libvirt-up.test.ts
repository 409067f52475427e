/**
 * `vagrant up` with the libvirt provider on this machine's libvirtd (qemu:///system), from a box
 * the test builds (metadata.json + an empty qcow2) and adds through VirtDeck. The machine boots
 * nothing, so Vagrant would wait for an IP address for minutes: the test cancels it once the
 * domain is started — which is also the cancel test. Everything is named uniquely (storage pool,
 * management network and its subnet, project folder) and removed afterwards, also on failure.
 */
import { execFileSync } from 'node:child_process'
import { randomBytes, randomInt } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { VagrantRunResult } from '@shared/vagrant-contract.js'
import type { VagrantModelInput } from '@shared/vagrant.js'
import type { TestApp } from './support/app.js'
import { startTestApp } from './support/app.js'
import { lockLibvirtd, otherVirsh, removeDomain } from './support/libvirt.js'
import type { VagrantSandbox } from './support/vagrant.js'
import { emptyLibvirtBox, vagrantSandbox, vagrantsOf } from './support/vagrant.js'

const tag = randomBytes(3).toString('hex')
const pool = `vd-vagrant-pool-${tag}`
const network = `vd-vagrant-mgmt-${tag}`
const subnet = `10.231.${randomInt(2, 250)}.0/24`
const boxName = `virtdeck-test/empty-${tag}`

let t: TestApp
let sandbox: VagrantSandbox
let release: () => Promise<void>
let project = ''
let uuid = ''
const saved = { ...process.env }

function virshOk(args: string[]): boolean {
  try {
    execFileSync('virsh', ['-q', '-c', 'qemu:///system', ...args], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

beforeAll(async () => {
  release = await lockLibvirtd('shared')
  sandbox = vagrantSandbox()
  // QEMU (as libvirt-qemu) must reach the pool's images under the temp folder.
  chmodSync(sandbox.root, 0o755)
  mkdirSync(join(sandbox.root, 'pool'), { mode: 0o755 })
  await otherVirsh(['pool-create-as', pool, 'dir', '--target', join(sandbox.root, 'pool')])
  Object.assign(process.env, sandbox.env())
  t = startTestApp()
}, 60_000)

afterAll(async () => {
  try {
    if (project !== '' && existsSync(join(sandbox.root, `vd-lv-${tag}`, '.vagrant')))
      await sandbox.run(join(sandbox.root, `vd-lv-${tag}`), ['destroy', '-f'])
    if (uuid !== '') await removeDomain(uuid)
    if (virshOk(['net-info', network])) {
      await otherVirsh(['net-destroy', network]).catch(() => undefined)
      await otherVirsh(['net-undefine', network]).catch(() => undefined)
    }
    await otherVirsh(['pool-destroy', pool]).catch(() => undefined)
  } finally {
    await t?.close()
    process.env = saved
    await sandbox?.close()
    await release?.()
  }
}, 120_000)

describe('vagrant with the libvirt provider', () => {
  it('adds a local box, creates the domain and its network, cancels, tags it in the VM list, destroys it', async () => {
    const boxFile = emptyLibvirtBox(sandbox.root)
    const added: string[] = []
    const add = await t.call('vagrant.boxAdd', { hostId: 'local', source: boxFile, name: boxName }, (p) =>
      added.push(p.message),
    )
    expect(add, add.output).toMatchObject({ added: true, cancelled: false })
    expect(add.boxes).toContainEqual({ name: boxName, provider: 'libvirt', version: '0' })
    expect(added.join('\n')).toContain(`Successfully added box '${boxName}'`)

    const model: VagrantModelInput = {
      box: boxName,
      syncedFolders: [{ hostPath: '.', guestPath: '/vagrant', disabled: true }],
      providers: {
        libvirt: {
          uri: 'qemu:///system',
          driver: 'qemu',
          memory: 64,
          cpus: 1,
          graphicsType: 'none',
          storagePoolName: pool,
          managementNetworkName: network,
          managementNetworkAddress: subnet,
        },
      },
      machines: [{ name: 'node' }],
    }
    const dir = join(sandbox.root, `vd-lv-${tag}`)
    const created = await t.call('vagrant.create', { hostId: 'local', path: dir, name: `Lab ${tag}`, model })
    project = created.id

    // up; cancelled once the domain is started and Vagrant waits for its address.
    let during: number[] = []
    let domainSeen = false
    const messages: string[] = []
    const envelope = await t.app.router.handle(
      {
        channel: 'vagrant.run',
        input: { projectId: project, action: 'up', provider: 'libvirt', destroyOnError: false },
        opId: 'libvirt-up',
      },
      {
        sendProgress: (id, p) => {
          messages.push(p.message)
          if (p.message.includes('Waiting for domain to get an IP address') && during.length === 0) {
            during = vagrantsOf(dir)
            domainSeen = virshOk(['domstate', `vd-lv-${tag}_node`])
            t.app.router.cancel(id)
          }
        },
      },
    )
    expect(envelope.ok, JSON.stringify(envelope)).toBe(true)
    const up = (envelope.ok ? envelope.value : undefined) as VagrantRunResult
    expect(messages.join('\n')).toContain('Creating domain with the following settings')
    expect(up, messages.slice(-20).join('\n')).toMatchObject({ action: 'up', cancelled: true, ok: false })
    expect(domainSeen).toBe(true)
    expect(during.length).toBeGreaterThan(0)
    // Nothing of that vagrant is left; the note says the domain is there (running without an
    // address, which vagrant-libvirt calls inaccessible).
    expect(vagrantsOf(dir)).toEqual([])
    expect(up.cancelNote).toMatch(
      /^`vagrant up` was stopped\. Machines being created may exist half made.* Now: node inaccessible\.$/,
    )

    uuid = readFileSync(join(dir, '.vagrant', 'machines', 'node', 'libvirt', 'id'), 'utf8').trim()
    expect(uuid).toMatch(/^[0-9a-f-]{36}$/)
    expect(virshOk(['net-info', network])).toBe(true)
    expect(await otherVirsh(['net-dumpxml', network])).toContain(`address='${subnet.replace(/0\/24$/, '1')}'`)

    // In VirtDeck's VM list, tagged with its project and machine.
    const vm = (await t.call('vms.list', { hostId: 'local' })).find((d) => d.uuid === uuid)
    expect(vm).toMatchObject({ name: `vd-lv-${tag}_node`, state: 'running' })
    const links = await t.call('vagrant.links', { hostId: 'local' })
    expect(links.filter((l) => l.projectId === project)).toEqual([
      {
        hostId: 'local',
        projectId: project,
        projectName: `Lab ${tag}`,
        projectPath: dir,
        machine: 'node',
        provider: 'libvirt',
        id: uuid,
      },
    ])
    expect(await t.call('vagrant.links', {})).toEqual(expect.arrayContaining(links))

    // The box is in use: removing it is refused and names the machine.
    const refused = await t.call('vagrant.boxRemove', { hostId: 'local', name: boxName })
    expect(refused).toMatchObject({ removed: false })
    expect(refused.inUseBy).toEqual([expect.stringMatching(/^node in \S+ \(ID: [0-9a-f]{7}\)$/)])
    expect(refused.inUseBy[0]).toContain(`node in ${dir} `)
    expect(refused.message).toContain('destroy those machines with Vagrant first')
    expect(await t.call('vagrant.boxes', { hostId: 'local' })).toContainEqual(
      expect.objectContaining({ name: boxName }),
    )

    const destroy = await t.call('vagrant.run', { projectId: project, action: 'destroy' })
    expect(destroy).toMatchObject({ ok: true, exitCode: 0 })
    expect(destroy.machines.map((m) => [m.name, m.state])).toEqual([['node', 'not_created']])
    expect(virshOk(['domstate', uuid])).toBe(false)
    expect(virshOk(['net-info', network])).toBe(false)
    // The machine's disk is gone; only the box image vagrant-libvirt uploaded stays in the pool.
    const volumes = (await otherVirsh(['vol-list', pool])).trim()
    expect(volumes).not.toContain('_node.img')
    expect(volumes).toContain('_vagrant_box_image_')
    expect(
      (await t.call('vagrant.links', { hostId: 'local' })).filter((l) => l.projectId === project),
    ).toEqual([])

    const removed = await t.call('vagrant.boxRemove', { hostId: 'local', name: boxName })
    expect(removed).toMatchObject({ removed: true, inUseBy: [] })
    expect(removed.message).toContain('storage pool')
    uuid = ''
  }, 180_000)
})
