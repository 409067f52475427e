/**
 * Docker over SSH through the real loopback sshd: dockerode on the host's one ssh2 connection
 * (stream-local forwards to /var/run/docker.sock), live /events, and the permission-denied state
 * read for a socket the SSH user may not open. vdtest is put in the docker group (test/support/ssh-app.ts).
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LocalHost } from '../src/main/host/local-host.js'
import type { SshHost } from '../src/main/host/ssh-host.js'
import { dockerAvailability } from '../src/main/containers/docker/availability.js'
import { dockerFor } from '../src/main/containers/docker/client.js'
import { createContainer, listContainers } from '../src/main/containers/docker/containers.js'
import { DockerEventWatcher } from '../src/main/containers/docker/events.js'
import type { ContainerChange } from '@shared/containers.js'
import {
  TEST_IMAGE,
  dockerCli,
  lockDockerd,
  removeContainers,
  requireDocker,
  uniqueDockerName,
} from './support/docker.js'
import { startSshLink, type SshLink } from './support/ssh-app.js'

let link: SshLink
let ssh: SshHost
let release: () => Promise<void>
let dir: string
let server: Server | undefined
const made: string[] = []

beforeAll(async () => {
  release = await lockDockerd('shared')
  await requireDocker()
  link = await startSshLink({ groups: ['docker'], host: { id: 'docker-ssh' } })
  ssh = link.host
  dir = await mkdtemp(join(tmpdir(), 'virtdeck-docker-ssh-'))
  await chmod(dir, 0o755)
}, 150_000)

afterAll(async () => {
  await removeContainers(made)
  server?.close()
  await link?.stop()
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
  await release?.()
}, 60_000)

describe('docker over SSH', () => {
  it('is ready and lists what the local socket lists, on one SSH login', async () => {
    const docker = dockerFor(ssh)
    expect(await dockerAvailability(ssh, docker)).toMatchObject({ state: 'ready' })
    const logins = link.sshd
      .log()
      .split('\n')
      .filter((l) => l.includes('Accepted password')).length
    const remote = (await listContainers(docker)).map((c) => c.id).sort()
    const local = (await listContainers(dockerFor(new LocalHost()))).map((c) => c.id).sort()
    expect(remote).toEqual(local)
    await Promise.all(Array.from({ length: 20 }, () => listContainers(docker)))
    expect(
      link.sshd
        .log()
        .split('\n')
        .filter((l) => l.includes('Accepted password')).length,
    ).toBe(logins)
  })

  it('an outside `docker stop` reaches an /events subscriber over SSH within 200 ms', async () => {
    const docker = dockerFor(ssh)
    const name = uniqueDockerName('vd-ssh-ev')
    made.push(name)
    const id = await createContainer(docker, { image: TEST_IMAGE, name, keepAlive: true })
    const changes: { change: ContainerChange; at: number }[] = []
    const watcher = new DockerEventWatcher(docker, (change) => changes.push({ change, at: Date.now() }))
    await watcher.start()
    try {
      await dockerCli(['stop', '-t', '0', name])
      const returned = Date.now()
      const deadline = returned + 5000
      const hit = (): { at: number } | undefined =>
        changes.find(
          (c) =>
            c.change.kind === 'updated' &&
            c.change.container.id === id &&
            c.change.container.state === 'exited',
        )
      while (hit() === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5))
      // eslint-disable-next-line no-console -- the measured number, for docs/PERFORMANCE.md
      console.info(
        `over SSH: docker stop → event ${(hit()?.at ?? Infinity) - returned} ms after the CLI returned`,
      )
      expect((hit()?.at ?? Infinity) - returned).toBeLessThanOrEqual(200)
    } finally {
      watcher.stop()
    }
  })

  it('a socket the SSH user may not open reads as "permission denied", with the docker-group warning', async () => {
    const path = join(dir, 'root-only.sock')
    server = createServer((s) => s.end())
    await new Promise<void>((resolve) => server?.listen(path, resolve))
    await chmod(path, 0o600)
    const state = await dockerAvailability(ssh, dockerFor(ssh, path), path)
    expect(state).toMatchObject({ state: 'permission-denied', socket: path })
    expect(state.state === 'permission-denied' && state.groupHint).toMatch(/root-equivalent/)
  })
})
