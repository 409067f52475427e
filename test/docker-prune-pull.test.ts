/**
 * Docker prune and pull on the real dockerd of the testbed. Prunes are narrowed to a label of this
 * test (the app prunes what its preview listed; a test must not prune what others made). No
 * registry is reachable here: a pull must say so in words and point to the offline way.
 */
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LocalHost } from '../src/main/host/local-host.js'
import { dockerFor } from '../src/main/containers/docker/client.js'
import { prune, pullImage } from '../src/main/containers/docker/prune-pull.js'
import { contract } from '@shared/contract.js'
import type { PullProgress } from '@shared/containers.js'
import {
  TEST_IMAGE,
  dockerCli,
  lockDockerd,
  removeContainers,
  requireDocker,
  uniqueDockerName,
} from './support/docker.js'

const docker = dockerFor(new LocalHost())
const label = `virtdeck-prune-test=${randomBytes(4).toString('hex')}`
const names = [
  uniqueDockerName('vd-prune-a'),
  uniqueDockerName('vd-prune-b'),
  uniqueDockerName('vd-prune-run'),
]
const volume = uniqueDockerName('vd-prune-vol')
let release: () => Promise<void>

beforeAll(async () => {
  release = await lockDockerd('shared')
  await requireDocker()
}, 60_000)

afterAll(async () => {
  await removeContainers(names)
  await dockerCli(['volume', 'rm', '-f', volume]).catch(() => undefined)
  await release?.()
}, 60_000)

describe('docker prune', () => {
  it('removes the stopped containers (not the running one) and the unused volume, and says what it removed', async () => {
    const [a, b, running] = names as [string, string, string]
    const idA = (await dockerCli(['create', '--label', label, '--name', a, TEST_IMAGE, 'true'])).trim()
    const idB = (await dockerCli(['create', '--label', label, '--name', b, TEST_IMAGE, 'true'])).trim()
    await dockerCli(['run', '-d', '--label', label, '--name', running, TEST_IMAGE, 'tail', '-f', '/dev/null'])
    const containers = await prune(docker, 'containers', [label])
    expect(containers.removed.sort()).toEqual([idA, idB].sort())
    expect(
      (await dockerCli(['ps', '-a', '--filter', `label=${label}`, '--format', '{{.Names}}'])).trim(),
    ).toBe(running)

    await dockerCli(['volume', 'create', '--label', label, volume])
    const volumes = await prune(docker, 'volumes', [label])
    expect(volumes.removed).toEqual([volume])
    await expect(dockerCli(['volume', 'inspect', volume])).rejects.toThrow(/no such volume/i)
  }, 60_000)
})

describe('docker pull', () => {
  it('says the registry cannot be reached, with the offline way, and reports no progress', async () => {
    const seen: PullProgress[] = []
    const error = await pullImage(docker, 'registry.invalid/virtdeck/none:1', (p) => seen.push(p)).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toMatchObject({ code: 'HOST_UNREACHABLE' })
    expect((error as { message: string }).message).toBe(
      'Docker could not reach the registry of registry.invalid/virtdeck/none:1',
    )
    expect((error as { detail?: string }).detail).toMatch(/import an image from a tar file/)
    expect(seen).toEqual([])
  }, 60_000)

  it('refuses a reference with control characters before Docker sees it', () => {
    expect(
      contract['docker.pull'].input.safeParse({ hostId: 'local', image: 'busybox\n--all' }).success,
    ).toBe(false)
    expect(contract['docker.pull'].input.safeParse({ hostId: 'local', image: 'busybox:1.36' }).success).toBe(
      true,
    )
  })
})
