/**
 * The Docker-next-to-libvirt checks on this computer through the app's channels: the FORWARD
 * policy against libvirt's virbr0 (the testbed starts the default network), and the Docker
 * networks' MTU against the uplink's (this test machine's eth0 has MTU 1400: docker0's 1500 is too
 * big — the guide's first networking problem, for real). Read-only: nothing is changed.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from './support/app.js'
import { lockDockerd, requireDocker } from './support/docker.js'

const run = promisify(execFile)
let t: TestApp
let release: () => Promise<void>

beforeAll(async () => {
  release = await lockDockerd('shared')
  await requireDocker()
  t = startTestApp()
}, 150_000)

afterAll(async () => {
  await t?.close()
  await release?.()
})

describe('Docker next to libvirt on this computer', () => {
  it('reads the FORWARD policy as iptables does, with virbr0 among the libvirt bridges', async () => {
    const check = await t.call('docker.forwardCheck', { hostId: 'local' })
    const policy = /:FORWARD (\w+)/.exec((await run('iptables-save', ['-t', 'filter'])).stdout)?.[1]
    expect(check.policy).toBe(policy)
    expect(check.status).toBe(policy === 'DROP' ? expect.stringMatching(/conflict|ok/) : 'ok')
    if (check.status === 'conflict') expect(check.affected).toContain('virbr0')
  })

  it('compares docker0’s MTU with the uplink’s and offers "mtu" in daemon.json when it is bigger', async () => {
    const check = await t.call('docker.mtuCheck', { hostId: 'local' })
    const route = JSON.parse((await run('ip', ['-j', 'route', 'show', 'default'])).stdout) as {
      dev: string
    }[]
    const link = JSON.parse(
      (await run('ip', ['-j', 'link', 'show', 'dev', route[0]?.dev ?? 'lo'])).stdout,
    ) as {
      mtu: number
    }[]
    const uplinkMtu = link[0]?.mtu ?? 0
    expect(check.uplink).toEqual({ device: route[0]?.dev, mtu: uplinkMtu })
    const bridge = check.networks.find((n) => n.name === 'bridge')
    expect(bridge).toBeDefined()
    if ((bridge?.mtu ?? 0) > uplinkMtu) {
      expect(check.status).toBe('too-big')
      expect((JSON.parse(check.fix?.change.after ?? '{}') as { mtu?: number }).mtu).toBe(uplinkMtu)
      expect(check.fix?.change.path).toBe('/etc/docker/daemon.json')
    } else expect(check.status).toBe('ok')
  })
})
