/**
 * Terminals into containers as pipes, through the harness's WebSocket exactly as the page opens
 * them: `docker.exec` into a running container of the real dockerd (locally and on the loopback
 * SSH host's one connection), resized with the page; `lxc.attach` into a running busybox LXC
 * container. Hostile arguments stay arguments. No mocks.
 */
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/main/app.js'
import type { App } from '../src/main/app.js'
import { startHarness } from '../src/harness/server.js'
import type { Harness } from '../src/harness/server.js'
import { LocalHost } from '../src/main/host/local-host.js'
import { createLxc, startLxc } from '../src/main/containers/lxc/commands.js'
import { createEphemeralCipher } from '../src/main/store/ephemeral-cipher.js'
import { collect, openHarnessPipe } from './support/pipes.js'
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
import type { Pipe } from '@shared/pipes.js'

const run = promisify(execFile)
let dir: string
let app: App
let harness: Harness
let release: () => Promise<void>
let sshd: TestSshd
let sshHostId: string
const container = uniqueDockerName('vd-term')
const lxcName = `vd-term-${randomBytes(3).toString('hex')}`

beforeAll(async () => {
  release = await lockDockerd('shared')
  await requireDocker()
  await dockerCli([
    'run',
    '-d',
    '--name',
    container,
    '--label',
    'virtdeck-test',
    TEST_IMAGE,
    'tail',
    '-f',
    '/dev/null',
  ])
  dir = await mkdtemp(join(tmpdir(), 'virtdeck-terms-'))
  await writeFile(join(dir, 'index.html'), '<html><head></head><body>renderer</body></html>')
  app = createApp({ dataDir: join(dir, 'data'), cipher: createEphemeralCipher(), homeDir: dir })
  harness = await startHarness(app, { rendererDir: dir })
  sshd = await startLoopbackSshd({ groups: ['docker'] })
  sshHostId = await addLoopbackHost(app, sshd, { name: 'Terminals over SSH' })
}, 150_000)

afterAll(async () => {
  await removeContainers([container])
  await run('lxc-destroy', ['-n', lxcName, '-f']).catch(() => undefined)
  await harness?.close()
  await app?.close()
  await sshd?.stop()
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
  await release?.()
}, 60_000)

const text = (bytes: Buffer): string => bytes.toString('utf8')
const closed = (pipe: Pipe): Promise<{ error?: unknown }> => new Promise((resolve) => pipe.onClose(resolve))

describe('docker.exec pipe', () => {
  for (const where of ['local', 'ssh'] as const) {
    it(`runs a shell in the container with a TTY, resized with the page (${where})`, async () => {
      const hostId = where === 'local' ? 'local' : sshHostId
      const pipe = openHarnessPipe(harness, 'docker.exec', { hostId, id: container, cols: 100, rows: 30 })
      const out = collect(pipe)
      await pipe.ready
      pipe.send(new TextEncoder().encode('stty size; echo sum-$((6*7))\n'))
      await out.until('the shell to answer', 10_000, (all) => text(all).includes('sum-42'))
      expect(text(out.bytes())).toMatch(/30 100/)
      pipe.control({ type: 'resize', cols: 120, rows: 40 })
      await new Promise((resolve) => setTimeout(resolve, 300))
      pipe.send(new TextEncoder().encode('stty size\n'))
      await out.until('the new size', 10_000, (all) => /40 120/.test(text(all)))
      pipe.send(new TextEncoder().encode('exit\n'))
      await closed(pipe)
    }, 30_000)
  }

  it('keeps a hostile command as one argument: nothing runs but echo', async () => {
    const marker = join(tmpdir(), `vd-pwned-${randomBytes(3).toString('hex')}`)
    const hostile = `$(touch ${marker}); touch ${marker} \`touch ${marker}\` "' \n`
    const pipe = openHarnessPipe(harness, 'docker.exec', {
      hostId: 'local',
      id: container,
      command: ['echo', hostile],
    })
    const out = collect(pipe)
    await closed(pipe)
    expect(text(out.bytes())).toContain(`$(touch ${marker}); touch ${marker}`)
    expect(existsSync(marker)).toBe(false)
    const inside = await dockerCli(['exec', container, 'sh', '-c', `ls ${marker} 2>&1 || true`])
    expect(inside).toMatch(/No such file/)
  })

  it('refuses a container reference with control characters before anything runs', async () => {
    const pipe = openHarnessPipe(harness, 'docker.exec', { hostId: 'local', id: 'x\n--privileged' })
    await expect(pipe.ready).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  })
})

describe('lxc.attach pipe', () => {
  it('attaches to a running busybox container and runs a command in it', async () => {
    const host = new LocalHost()
    await createLxc(host, { name: lxcName, template: 'busybox', templateArgs: [], bridge: 'virbr0' })
    expect(await startLxc(host, lxcName)).toEqual({ ok: true })
    const pipe = openHarnessPipe(harness, 'lxc.attach', { hostId: 'local', name: lxcName })
    const out = collect(pipe)
    await pipe.ready
    // busybox's line editor asks where the cursor is (ESC[6n) and waits: answer as xterm.js does.
    await out.until('the cursor query', 15_000, (all) => text(all).includes('\x1b[6n'))
    pipe.send(new TextEncoder().encode('\x1b[1;3R'))
    await new Promise((resolve) => setTimeout(resolve, 200))
    pipe.send(new TextEncoder().encode('echo in-$((6*7))-lxc; hostname; exit\n'))
    await out.until('the command output', 15_000, (all) => text(all).includes('in-42-lxc'))
    await closed(pipe)
    expect(text(out.bytes())).toContain(lxcName)
  }, 60_000)
})
