/**
 * `virtdeck docker ps --json` and `virtdeck lxc list --json` as child processes: on this computer,
 * and for docker over SSH through the real loopback sshd (test/support/sshd.ts) as a saved host —
 * Docker reached by a stream-local forward on that host's one SSH connection. The test user
 * vdtest is put in the docker group (root-equivalent: acceptable for the throw-away test account).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/main/app.js'
import { createEphemeralCipher } from '../src/main/store/ephemeral-cipher.js'
import type { ContainerSummary, LxcContainer } from '@shared/containers.js'
import { runVirtdeck } from './support/cli.js'
import {
  TEST_IMAGE,
  dockerCli,
  lockDockerd,
  removeContainers,
  requireDocker,
  uniqueDockerName,
} from './support/docker.js'
import { addLoopbackHost, startLoopbackSshd } from './support/ssh-app.js'
import type { TestSshd } from './support/sshd.js'

let sshd: TestSshd
let dataDir: string
let release: () => Promise<void>
const name = uniqueDockerName('vd-cli')

beforeAll(async () => {
  release = await lockDockerd('shared')
  await requireDocker()
  sshd = await startLoopbackSshd({ groups: ['docker'] })
  dataDir = await mkdtemp(join(tmpdir(), 'virtdeck-cli-docker-'))
  // The saved host, as the app saves it: key auth (no secret store needed by the CLI), key accepted.
  const app = createApp({ dataDir, cipher: createEphemeralCipher(), homeDir: dataDir })
  await addLoopbackHost(app, sshd, { auth: 'key' })
  await app.close()
  await dockerCli(['create', '--name', name, TEST_IMAGE, 'sleep', '600'])
}, 150_000)

afterAll(async () => {
  await removeContainers([name])
  await sshd?.stop()
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true })
  await release?.()
}, 60_000)

describe('virtdeck docker / lxc', () => {
  it('docker ps --json on this computer lists the container as docker does', async () => {
    const result = await runVirtdeck(['docker', 'ps', '--json'], dataDir)
    expect(result.code, result.stderr).toBe(0)
    const list = JSON.parse(result.stdout) as ContainerSummary[]
    expect(list.find((c) => c.name === name)).toMatchObject({ image: TEST_IMAGE, state: 'created' })
    const cli = (await dockerCli(['ps', '-a', '--format', '{{.ID}}'])).trim().split('\n').sort()
    expect(list.map((c) => c.id.slice(0, 12)).sort()).toEqual(cli)
  })

  it('docker ps --json --host over SSH: the same list, one SSH login', async () => {
    const logins = (): number =>
      sshd
        .log()
        .split('\n')
        .filter((l) => l.includes('Accepted publickey')).length
    const before = logins()
    const result = await runVirtdeck(['docker', 'ps', '--json', '--host', 'Loopback'], dataDir)
    expect(result.code, result.stderr).toBe(0)
    const list = JSON.parse(result.stdout) as ContainerSummary[]
    expect(list.find((c) => c.name === name)).toMatchObject({ image: TEST_IMAGE, state: 'created' })
    expect(logins() - before).toBe(1)
  })

  it('docker start/stop by name over SSH, and a clear error for a container that does not exist', async () => {
    const started = await runVirtdeck(['docker', 'start', name, '--json', '--host', 'Loopback'], dataDir)
    expect(started.code, started.stderr).toBe(0)
    expect((JSON.parse(started.stdout) as { container: ContainerSummary }).container.state).toBe('running')
    const stopped = await runVirtdeck(['docker', 'kill', name, '--json', '--host', 'Loopback'], dataDir)
    expect(stopped.code, stopped.stderr).toBe(0)
    const missing = await runVirtdeck(['docker', 'stop', 'vd-no-such-container', '--json'], dataDir)
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/No such container/)
  })

  it('lxc list --json on this computer', async () => {
    const result = await runVirtdeck(['lxc', 'list', '--json'], dataDir)
    expect(result.code, result.stderr).toBe(0)
    const list = JSON.parse(result.stdout) as LxcContainer[]
    expect(Array.isArray(list)).toBe(true)
  })
})
