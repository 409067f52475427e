/**
 * Screenshot thumbnails have their own lane on real libvirtd: while a picture of a running TCG
 * domain is being taken — held in progress for real by stopping its QEMU (SIGSTOP), so the monitor
 * does not answer the screendump — a read on the host's shared virsh session answers at once, a
 * second picture waits its turn (one at a time per host), and both pictures arrive as PNGs once QEMU
 * runs again. The same read on the shared session behind a screenshot (the old way) waits. No mocks.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { VmThumbnail } from '@shared/thumbnails.js'
import { decodePng } from '../src/main/thumbnails/image.js'
import type { LibvirtConnection } from '../src/main/libvirt/libvirt-connection.js'
import { startTestApp, type TestApp } from './support/app.js'
import {
  lockLibvirtd,
  otherVirsh,
  removeDomain,
  tinyDomainXml,
  uniqueName,
  waitFor,
} from './support/libvirt.js'

/** How long QEMU stays stopped at most, whatever the test does (it is resumed in `finally` too). */
const HOLD_MS = 4000
/** A read on the shared session while a picture hangs: far below HOLD_MS, far above a normal read (~5–50 ms). */
const READ_BOUND_MS = 1500

let t: TestApp
let release: () => Promise<void>
let uuid = ''
let qemuPid = 0
let conn: LibvirtConnection
const name = uniqueName('vd-thumblane')

beforeAll(async () => {
  release = await lockLibvirtd('shared')
  const dir = await mkdtemp(join(tmpdir(), 'vd-thumblane-'))
  try {
    await writeFile(join(dir, 'd.xml'), tinyDomainXml(name))
    await otherVirsh(['create', '--file', join(dir, 'd.xml')])
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
  uuid = (await otherVirsh(['domuuid', '--domain', name])).trim()
  qemuPid = Number((await readFile(`/run/libvirt/qemu/${name}.pid`, 'utf8')).trim())
  expect(qemuPid).toBeGreaterThan(1)
  t = startTestApp()
  conn = await t.app.libvirt.get('local')
  await conn.read(['dominfo', '--domain', uuid]) // the session runs
}, 60_000)

afterAll(async () => {
  if (qemuPid > 1) resume()
  if (uuid !== '') await removeDomain(uuid)
  await t?.close()
  await release?.()
}, 60_000)

function resume(): void {
  try {
    process.kill(qemuPid, 'SIGCONT')
  } catch {
    // already gone
  }
}

/** Runs `work` with this domain's QEMU stopped (at most HOLD_MS), then lets it run again. */
async function withQemuStopped<T>(work: () => Promise<T>): Promise<T> {
  process.kill(qemuPid, 'SIGSTOP')
  const safety = setTimeout(resume, HOLD_MS)
  try {
    return await work()
  } finally {
    clearTimeout(safety)
    resume()
  }
}

/** The `virsh … screenshot` processes of this domain running now (from /proc). */
async function screenshotProcesses(): Promise<number[]> {
  const found: number[] = []
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const argv = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0')
    if (argv[0]?.endsWith('virsh') === true && argv.includes('screenshot') && argv.includes(uuid))
      found.push(Number(entry))
  }
  return found
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await work()
  return performance.now() - started
}

function expectPng(shot: VmThumbnail, width: number): void {
  expect(shot.kind).toBe('image')
  if (shot.kind !== 'image') return
  expect(shot.width).toBe(width)
  const image = decodePng(Buffer.from(shot.dataUrl.replace('data:image/png;base64,', ''), 'base64'))
  expect([image.width, image.height]).toEqual([shot.width, shot.height])
}

describe('screenshot thumbnails beside the shared virsh session', () => {
  it('a picture in progress delays no read of the session; a second picture waits its turn', async () => {
    const idle = await timed(() => conn.read(['dominfo', '--domain', uuid]))
    const settled = { first: false, second: false }
    const { first, second, during, oneAtATime } = await withQemuStopped(async () => {
      const first = t.call('thumbnails.get', { hostId: 'local', uuid, maxWidth: 120 })
      void first.finally(() => (settled.first = true)).catch(() => undefined)
      // In progress: its virsh runs (its own process, not the session) and waits for QEMU.
      await waitFor('the screenshot process', 3000, async () =>
        (await screenshotProcesses()).length > 0 ? true : undefined,
      )
      const second = t.call('thumbnails.get', { hostId: 'local', uuid, maxWidth: 100 })
      void second.finally(() => (settled.second = true)).catch(() => undefined)
      await new Promise((resolve) => setTimeout(resolve, 300))
      const oneAtATime = (await screenshotProcesses()).length
      const during = await timed(() => conn.read(['dominfo', '--domain', uuid]))
      expect(settled).toEqual({ first: false, second: false })
      return { first, second, during, oneAtATime }
    })
    expect(oneAtATime).toBe(1)
    expect(during).toBeLessThan(READ_BOUND_MS)
    expectPng(await first, 120)
    expectPng(await second, 100)
    process.stderr.write(
      `thumbnail lane: dominfo idle ${idle.toFixed(1)} ms, during a hung picture ${during.toFixed(1)} ms\n`,
    )
  }, 30_000)

  it('the same read behind a screenshot on the shared session waits for it (why the lane exists)', async () => {
    const file = join(tmpdir(), `vd-thumblane-${process.pid}.png`)
    try {
      const held = 1200
      const during = await withQemuStopped(async () => {
        const shot = conn.read(['screenshot', '--domain', uuid, '--file', file])
        void shot.catch(() => undefined)
        await new Promise((resolve) => setTimeout(resolve, 100))
        const read = timed(() => conn.read(['dominfo', '--domain', uuid]))
        await new Promise((resolve) => setTimeout(resolve, held))
        resume()
        await shot
        return read
      })
      expect(during).toBeGreaterThan(held - 200)
    } finally {
      await rm(file, { force: true })
    }
  }, 30_000)
})
