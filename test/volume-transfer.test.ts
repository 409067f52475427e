/**
 * Issue 9, volumes: upload a local file into a new volume and download a volume to a local file,
 * streamed through the host's own process channel (`virsh vol-upload/vol-download` with the bytes
 * on stdin/stdout), with progress and cancel. Real libvirtd, a directory pool prefixed vd-sn-.
 */
import { execFile } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { chmod, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '@shared/errors.js'
import { VolumeTransfer } from '../src/main/storage/volume-transfer.js'
import { LocalHost } from '../src/main/host/local-host.js'
import { LibvirtConnection } from '../src/main/libvirt/libvirt-connection.js'
import { startTestApp } from './support/app.js'
import type { TestApp } from './support/app.js'
import { HOSTILE, lockLibvirtd, otherVirsh, uniqueName } from './support/libvirt.js'
import { failure } from './support/router.js'

const run = promisify(execFile)
let t: TestApp
let release: () => Promise<void>
let dir: string
const pool = uniqueName('vd-sn-xfer')
const hostId = 'local'
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

beforeAll(async () => {
  release = await lockLibvirtd('shared')
  dir = await mkdtemp(join(tmpdir(), 'vd-sn-xfer-'))
  await chmod(dir, 0o755)
  t = startTestApp()
  await t.call('pools.create', { hostId, spec: { kind: 'dir', name: pool, path: join(dir, 'pool') } })
}, 60_000)

afterAll(async () => {
  await otherVirsh(['pool-destroy', '--pool', pool]).catch(() => undefined)
  await otherVirsh(['pool-undefine', '--pool', pool]).catch(() => undefined)
  await t?.close()
  await rm(dir, { recursive: true, force: true })
  await release?.()
}, 60_000)

describe('volume upload and download', () => {
  it('uploads a file into a new raw volume and downloads it back byte for byte (hostile names)', async () => {
    const data = randomBytes(6 * 2 ** 20 + 123)
    const local = join(dir, `in ${HOSTILE}.img`.replace('/', ''))
    await writeFile(local, data)
    const name = `up ${HOSTILE}`.replace('/', '')
    const progress: (number | undefined)[] = []
    const started = Date.now()
    const up = await t.call('volumes.upload', { hostId, pool, name, localPath: local }, (p) =>
      progress.push(p.fraction),
    )
    const upMs = Date.now() - started
    expect(up.bytes).toBe(data.length)
    expect(progress.at(-1)).toBe(1)
    const volume = (await t.call('volumes.list', { hostId, pool })).find((v) => v.name === name)
    expect(volume?.format).toBe('raw')
    expect(sha(await readFile(volume?.path ?? ''))).toBe(sha(data))

    const out = join(dir, 'out $(x).img')
    const down = await t.call('volumes.download', { hostId, pool, name, localPath: out })
    expect(down.bytes).toBe(data.length)
    expect(sha(await readFile(out))).toBe(sha(data))
    const exists = await failure(t.call('volumes.download', { hostId, pool, name, localPath: out }))
    expect(exists.code).toBe('CONFLICT')
    expect(exists.message).toMatch(/exists already/)
    await t.call('volumes.download', { hostId, pool, name, localPath: out, overwrite: true })
    expect(upMs).toBeLessThan(10_000)
  }, 60_000)

  it('a qcow2 file becomes a qcow2 volume of its virtual size', async () => {
    const local = join(dir, 'small.qcow2')
    await run('qemu-img', ['create', '-q', '-f', 'qcow2', local, '64M'])
    await t.call('volumes.upload', { hostId, pool, name: 'q.qcow2', localPath: local })
    const volume = (await t.call('volumes.list', { hostId, pool })).find((v) => v.name === 'q.qcow2')
    expect(volume).toMatchObject({ format: 'qcow2', capacity: 64 * 2 ** 20 })
    const info = await run('qemu-img', ['info', '--output=json', volume?.path ?? ''])
    expect(JSON.parse(info.stdout)).toMatchObject({ format: 'qcow2', 'virtual-size': 64 * 2 ** 20 })
  }, 30_000)

  it('cancelling an upload stops it and removes the half-written volume', async () => {
    const local = join(dir, 'big.img')
    await writeFile(local, '')
    await truncate(local, 2 * 2 ** 30)
    const controller = new AbortController()
    const transfer = new VolumeTransfer(await t.app.libvirt.get(hostId))
    const started = Date.now()
    const error = await transfer
      .upload(pool, 'cancelled', local, {
        signal: controller.signal,
        onProgress: (p) => {
          if ((p.done ?? 0) > 0) controller.abort()
        },
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('CANCELLED')
    expect(Date.now() - started).toBeLessThan(10_000)
    const names = (await t.call('volumes.list', { hostId, pool })).map((v) => v.name)
    expect(names).not.toContain('cancelled')
    expect(existsSync(join(dir, 'pool', 'cancelled'))).toBe(false)
  }, 30_000)

  it('says what is wrong with the local file or the volume', async () => {
    const missing = await failure(
      t.call('volumes.upload', { hostId, pool, name: 'x', localPath: join(dir, 'nope') }),
    )
    expect(missing.message).toMatch(/no such file/)
    const relative = await failure(t.call('volumes.upload', { hostId, pool, name: 'x', localPath: 'rel' }))
    expect(relative.detail).toMatch(/absolute path/)
    const noVolume = await failure(
      t.call('volumes.download', { hostId, pool, name: 'nope', localPath: join(dir, 'n') }),
    )
    expect(noVolume.code).toBe('NOT_FOUND')
  })

  it('on the libvirt test driver says a real libvirt is needed, and creates nothing', async () => {
    const conn = new LibvirtConnection({ host: new LocalHost(), uri: 'test:///default', hostId: 'td' })
    try {
      const local = join(dir, 'td.img')
      await writeFile(local, 'x')
      const error = await new VolumeTransfer(conn)
        .upload('default-pool', 'td.img', local)
        .catch((e: unknown) => e)
      expect((error as AppError).code).toBe('UNSUPPORTED')
      expect((error as AppError).message).toMatch(/need a real libvirt/)
      expect(await conn.read(['vol-list', '--pool', 'default-pool'])).not.toContain('td.img')
    } finally {
      await conn.close()
    }
  })
})
