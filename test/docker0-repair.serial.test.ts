/**
 * The docker0 repair, for real: the nat table's DOCKER chain is removed as a firewall reload would
 * (its jumps from PREROUTING and OUTPUT deleted, flushed, deleted); running a container with a
 * published port then fails with Docker's own `iptables failed: … No chain/target/match by that
 * name`; the app recognises it, repairs (ip link delete docker0, daemon restart as root) and the
 * retried start succeeds. Restarts dockerd: a serial test, under the exclusive dockerd lock.
 */
import { execFile } from 'node:child_process'
import { access, readFile } from 'node:fs/promises'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '@shared/errors.js'
import { startTestApp, type TestApp } from './support/app.js'
import {
  TEST_IMAGE,
  lockDockerd,
  removeContainers,
  requireDocker,
  uniqueDockerName,
} from './support/docker.js'

const run = promisify(execFile)
let t: TestApp
let release: () => Promise<void>
const name = uniqueDockerName('vd-docker0')

function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  )
}

async function iptables(args: string[]): Promise<string> {
  return (await run('iptables', ['--wait', ...args])).stdout
}

/** What a firewalld reload or an nftables flush leaves: no DOCKER chain in nat, no jumps to it. */
async function removeNatDockerChain(): Promise<void> {
  for (const chain of ['PREROUTING', 'OUTPUT']) {
    const rules = (await iptables(['-t', 'nat', '-S', chain]))
      .split('\n')
      .filter((r) => / -j DOCKER$/.test(r))
    for (const rule of rules) await iptables(['-t', 'nat', ...rule.replace(/^-A /, '-D ').split(' ')])
  }
  await iptables(['-t', 'nat', '-F', 'DOCKER'])
  await iptables(['-t', 'nat', '-X', 'DOCKER'])
}

beforeAll(async () => {
  release = await lockDockerd('exclusive')
  await requireDocker()
  t = startTestApp()
}, 150_000)

afterAll(async () => {
  await removeContainers([name])
  await t?.close()
  await release?.()
}, 60_000)

describe('docker0 repair', () => {
  it('a stopped daemon reads as "not running"; starting it (as root) brings Docker back, never a second one', async () => {
    const pid = Number((await readFile('/var/run/docker.pid', 'utf8')).trim())
    process.kill(pid, 'SIGTERM')
    for (let i = 0; i < 300 && (await exists(`/proc/${pid}`)); i++)
      await new Promise((r) => setTimeout(r, 100))
    expect(await t.call('docker.status', { hostId: 'local' })).toMatchObject({ state: 'not-running' })
    expect(await t.call('docker.startDaemon', { hostId: 'local' })).toMatchObject({ state: 'ready' })
    const daemons = (await run('pgrep', ['-x', 'dockerd'])).stdout.trim().split('\n')
    expect(daemons).toHaveLength(1)
    // Asking again while it runs starts nothing.
    expect(await t.call('docker.startDaemon', { hostId: 'local' })).toMatchObject({ state: 'ready' })
    expect((await run('pgrep', ['-x', 'dockerd'])).stdout.trim().split('\n')).toEqual(daemons)
  }, 120_000)

  it('recognises the missing DOCKER chain, repairs, and the retried start succeeds', async () => {
    await removeNatDockerChain()
    await expect(iptables(['-t', 'nat', '-S', 'DOCKER'])).rejects.toBeDefined()

    const failure = await t
      .call('docker.create', {
        hostId: 'local',
        spec: { image: TEST_IMAGE, name, keepAlive: true, ports: [{ hostPort: 0, containerPort: 80 }] },
      })
      .catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(AppError)
    const error = failure as AppError
    expect(error.code).toBe('CONFLICT')
    expect(error.message).toMatch(/iptables chain DOCKER \(nat table\) is missing/)
    expect(error.detail).toMatch(/firewalld reload/)
    expect(error.detail).toMatch(/iptables --wait -t nat -A DOCKER .* -j DNAT/)
    expect(error.data).toMatchObject({ repair: 'docker0' })
    const plan = error.data?.['plan'] as { commands: string[][] }
    expect(plan.commands[0]).toEqual(['ip', 'link', 'delete', 'docker0'])
    const containerId = error.data?.['containerId'] as string
    expect(containerId).toMatch(/^[0-9a-f]{64}$/)

    const started = Date.now()
    expect(await t.call('docker.repairDocker0', { hostId: 'local' })).toMatchObject({ state: 'ready' })
    // eslint-disable-next-line no-console -- how long the repair took
    console.info(`docker0 repair (delete docker0, restart dockerd): ${Date.now() - started} ms`)
    expect(await iptables(['-t', 'nat', '-S', 'DOCKER'])).toContain('-N DOCKER')

    const retried = await t.call('docker.action', { hostId: 'local', id: containerId, action: 'start' })
    expect(retried.container).toMatchObject({ name, state: 'running' })
    expect(retried.container?.ports.find((p) => p.containerPort === 80)?.hostPort).toBeGreaterThan(0)
    const audit = t.app.store.audit.list(20).map((e) => `${e.action}:${e.outcome}`)
    expect(audit).toContain('docker.repairDocker0:ok')
  }, 120_000)
})
