/**
 * Issue 9: volume upload and download for an SSH host stream the bytes over the host's existing SSH
 * connection (an exec channel running virsh with the data on stdin/stdout), no second login. Real
 * OpenSSH on 127.0.0.1 (test/support/sshd.ts), the test user in the libvirt group, this machine's
 * libvirtd; a directory pool prefixed vd-sn-, removed afterwards.
 */
import { createHash, randomBytes } from 'node:crypto'
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LibvirtConnection } from '../src/main/libvirt/libvirt-connection.js'
import { PoolAdmin } from '../src/main/storage/pool-admin.js'
import { VolumeTransfer } from '../src/main/storage/volume-transfer.js'
import { lockLibvirtd, otherVirsh, uniqueName } from './support/libvirt.js'
import { startSshLink, type SshLink } from './support/ssh-app.js'

let ssh: SshLink
let conn: LibvirtConnection
let release: () => Promise<void>
let dir: string
const pool = uniqueName('vd-sn-sshpool')
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

beforeAll(async () => {
  release = await lockLibvirtd('shared')
  ssh = await startSshLink()
  conn = new LibvirtConnection({
    host: ssh.host,
    uri: 'qemu:///system',
    hostId: 'ssh-test',
    where: '127.0.0.1',
    events: false,
  })
  dir = await mkdtemp(join(tmpdir(), 'vd-sn-sshxfer-'))
  await chmod(dir, 0o755)
  await new PoolAdmin(conn).create({ kind: 'dir', name: pool, path: join(dir, 'pool') }, { autostart: false })
}, 60_000)

afterAll(async () => {
  await otherVirsh(['pool-destroy', '--pool', pool]).catch(() => undefined)
  await otherVirsh(['pool-undefine', '--pool', pool]).catch(() => undefined)
  await conn?.close()
  await ssh?.stop()
  await rm(dir, { recursive: true, force: true })
  await release?.()
}, 60_000)

describe('volume transfer over SSH', () => {
  it('uploads and downloads through the one SSH connection, with progress', async () => {
    const logins = (): number =>
      ssh.sshd
        .log()
        .split('\n')
        .filter((l) => /Accepted \w+ for/.test(l)).length
    const before = logins()
    expect(before).toBeGreaterThan(0)
    const data = randomBytes(4 * 2 ** 20 + 7)
    const local = join(dir, 'in.img')
    await writeFile(local, data)
    const transfer = new VolumeTransfer(conn)
    const seen: number[] = []
    const started = Date.now()
    const up = await transfer.upload(pool, 'over ssh', local, { onProgress: (p) => seen.push(p.done ?? 0) })
    const upMs = Date.now() - started
    expect(up.bytes).toBe(data.length)
    expect(seen.at(-1)).toBe(data.length)
    const out = join(dir, 'out.img')
    const down = await transfer.download(pool, 'over ssh', out, false)
    expect(down.bytes).toBe(data.length)
    expect(sha(await readFile(out))).toBe(sha(data))
    expect(logins()).toBe(before)
    expect(upMs).toBeLessThan(15_000)
  }, 60_000)
})
