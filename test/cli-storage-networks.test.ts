/**
 * `virtdeck pool create|delete|used-by|resize|upload|download` and `virtdeck net create|leases|delete|addresses`
 * as child processes (bin/virtdeck.mjs) on a temp profile, against this machine's libvirtd. Standard
 * input is not a terminal. Pools and networks prefixed vd-sn-cli-, removed afterwards.
 */
import { randomBytes, randomInt } from 'node:crypto'
import { chmodSync, mkdtempSync } from 'node:fs'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runVirtdeck } from './support/cli.js'
import { HOSTILE, lockLibvirtd, otherVirsh, uniqueName } from './support/libvirt.js'

const dataDir = mkdtempSync(join(tmpdir(), 'vd-sn-cli-'))
chmodSync(dataDir, 0o755)
const pool = uniqueName('vd-sn-cli-pool')
const network = uniqueName('vd-sn-cli-net')
const third = randomInt(100, 250)
let release: () => Promise<void>

beforeAll(async () => {
  release = await lockLibvirtd('shared')
})

afterAll(async () => {
  await otherVirsh(['pool-destroy', '--pool', pool]).catch(() => undefined)
  await otherVirsh(['pool-undefine', '--pool', pool]).catch(() => undefined)
  await otherVirsh(['net-destroy', '--network', network]).catch(() => undefined)
  await otherVirsh(['net-undefine', '--network', network]).catch(() => undefined)
  await rm(dataDir, { recursive: true, force: true })
  await release?.()
}, 60_000)

describe('virtdeck pool and net, administration', () => {
  it('pool create --dry-run prints the XML, escaping a hostile path, and changes nothing', async () => {
    const path = join(dataDir, `d ${HOSTILE}`.replace('/', ''))
    const run = await runVirtdeck(
      ['pool', 'create', pool, '--type', 'dir', '--path', path, '--dry-run'],
      dataDir,
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain("<pool type='dir'>")
    expect(run.stdout).toContain('&lt;x&gt;')
    expect(await otherVirsh(['pool-list', '--all', '--name'])).not.toContain(pool)
    const bad = await runVirtdeck(
      ['pool', 'create', pool, '--type', 'iscsi', '--server', 'san', '--target', 'x'],
      dataDir,
    )
    expect(bad.code).not.toBe(0)
    expect(bad.stderr).toMatch(/iqn\.2024-01/)
  }, 60_000)

  it('creates a pool, uploads, resizes, downloads, and deletes it', async () => {
    const created = await runVirtdeck(
      ['pool', 'create', pool, '--path', join(dataDir, 'pool'), '--json'],
      dataDir,
    )
    expect(created.stderr).toBe('')
    expect(JSON.parse(created.stdout).find((p: { name: string }) => p.name === pool)).toMatchObject({
      active: true,
    })
    const data = randomBytes(2 ** 20)
    await writeFile(join(dataDir, 'in.img'), data)
    const up = await runVirtdeck(
      ['pool', 'upload', pool, 'v.raw', '--file', join(dataDir, 'in.img')],
      dataDir,
    )
    expect(up.stdout).toMatch(/Uploaded 1(\.0)? MiB/)
    const resized = await runVirtdeck(['pool', 'resize', pool, 'v.raw', '--size', '2M'], dataDir)
    expect(resized.stdout).toMatch(/Resized v\.raw to 2(\.0)? MiB/)
    const shrink = await runVirtdeck(['pool', 'resize', pool, 'v.raw', '--size', '1M'], dataDir)
    expect(shrink.code).not.toBe(0)
    expect(shrink.stderr).toMatch(/cut off data/)
    const down = await runVirtdeck(
      ['pool', 'download', pool, 'v.raw', '--file', join(dataDir, 'out.img')],
      dataDir,
    )
    expect(down.code).toBe(0)
    expect((await readFile(join(dataDir, 'out.img'))).subarray(0, data.length).equals(data)).toBe(true)
    const used = await runVirtdeck(['pool', 'used-by', pool], dataDir)
    expect(used.stdout).toMatch(/v\.raw\s+-/)
    const noYes = await runVirtdeck(['pool', 'delete', pool], dataDir)
    expect(noYes.code).not.toBe(0)
    const deleted = await runVirtdeck(['pool', 'delete', pool, '--yes'], dataDir)
    expect(deleted.stdout).toContain(`Deleted pool ${pool}`)
  }, 60_000)

  it('creates a NAT network, lists its leases and the VM addresses, deletes it', async () => {
    const bad = await runVirtdeck(
      [
        'net',
        'create',
        network,
        '--ip',
        `10.235.${third}.1/24`,
        '--dhcp',
        `10.235.${third}.50-10.235.${third}.10`,
      ],
      dataDir,
    )
    expect(bad.code).not.toBe(0)
    expect(bad.stderr).toMatch(/ends before it starts/)
    const made = await runVirtdeck(
      [
        'net',
        'create',
        network,
        '--ip',
        `10.235.${third}.1/24`,
        '--dhcp',
        `10.235.${third}.10-10.235.${third}.50`,
      ],
      dataDir,
    )
    expect(made.stderr).toBe('')
    expect(made.stdout).toContain(`Created network ${network} (running, starts at boot)`)
    expect((await runVirtdeck(['net', 'leases', network], dataDir)).stdout).toContain(
      `No DHCP leases on ${network}`,
    )
    expect((await runVirtdeck(['net', 'addresses', '--json'], dataDir)).code).toBe(0)
    const deleted = await runVirtdeck(['net', 'delete', network, '--yes'], dataDir)
    expect(deleted.stdout).toContain(`Deleted network ${network}`)
  }, 60_000)
})
