/**
 * The qcow2 jobs with real qemu-img in a temp folder: the preallocation probe (qemu-img map), the
 * conversion (progress, verified copy, original untouched, refusals, cancel removes the partial file)
 * and the measurement (qemu-img bench with and without metadata preallocation, scratch images removed).
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '@shared/errors.js'
import { LocalHost } from '../src/main/host/local-host.js'
import { DISK_SETTINGS, benchDiskSettings, benchPreallocation } from '../src/main/tuning/image-bench.js'
import { convertToPreallocated, pointDiskAt } from '../src/main/tuning/image-convert.js'
import type { ConvertProgress } from '../src/main/tuning/image-convert.js'
import { probeImages } from '../src/main/tuning/images.js'

const run = promisify(execFile)
const host = new LocalHost()
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'virtdeck-tuning-images-'))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function image(name: string, options: string[] = [], size = '64M'): Promise<string> {
  const path = join(dir, name)
  await run('qemu-img', ['create', '-q', '-f', 'qcow2', ...options, path, size])
  return path
}

describe('qcow2 images', () => {
  it('qemu-img map tells a sparse image from a preallocated one; a missing file is an error on the image', async () => {
    const sparse = await image('sparse.qcow2')
    const full = await image('full.qcow2', ['-o', 'preallocation=metadata'])
    const facts = await probeImages(host, [sparse, full, join(dir, 'missing.qcow2')])
    expect(facts.get(sparse)).toMatchObject({ virtualSize: 64 * 2 ** 20, unallocatedBytes: 64 * 2 ** 20 })
    expect(facts.get(full)).toMatchObject({ virtualSize: 64 * 2 ** 20, unallocatedBytes: 0 })
    expect(facts.get(join(dir, 'missing.qcow2'))?.error).toMatch(/No such file/)
  })

  it('converts with progress into a verified preallocated copy; the original stays; a second run is refused', async () => {
    const original = await image("guest 'q' $(x).qcow2")
    await run('qemu-io', ['-f', 'qcow2', '-c', 'write -P 0xab 1M 2M', original])
    const before = (await stat(original)).mtimeMs
    const progress: ConvertProgress[] = []
    const result = await convertToPreallocated(host, original, { progress: (p) => progress.push(p) })
    expect(result.converted).toBe(join(dir, "guest 'q' $(x).preallocated.qcow2"))
    expect(result.verified).toBe(true)
    expect(progress.at(-1)).toEqual({ message: 'Converted and verified; the original is kept.', fraction: 1 })
    expect(progress.some((p) => /Converting… \d/.test(p.message))).toBe(true)
    expect((await stat(original)).mtimeMs).toBe(before)
    const facts = await probeImages(host, [result.converted])
    expect(facts.get(result.converted)?.unallocatedBytes).toBe(0)
    await run('qemu-img', ['compare', original, result.converted]) // throws when they differ
    await expect(convertToPreallocated(host, original)).rejects.toMatchObject({ code: 'CONFLICT' })

    const domain = `<domain type='kvm'>\n  <devices>\n    <disk type='file' device='disk'>\n      <source file="${original.replace(/'/g, '&apos;')}"/>\n    </disk>\n  </devices>\n</domain>\n`
    const pointed = pointDiskAt(domain, original, result.converted)
    expect(pointed.changed).toBe(true)
    expect(pointed.xml).toContain(`<source file="${result.converted.replace(/'/g, '&apos;')}"/>`)
  }, 60_000)

  it('refuses an image in use (its lock held) and a raw image', async () => {
    const raw = join(dir, 'raw.img')
    await run('qemu-img', ['create', '-q', '-f', 'raw', raw, '8M'])
    await expect(convertToPreallocated(host, raw)).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    const busy = await image('busy.qcow2')
    // qemu-io keeps the image open (and locked) while it waits on its standard input.
    const holder = await host.spawn('qemu-io', ['-f', 'qcow2', busy])
    try {
      await new Promise((resolve) => setTimeout(resolve, 300))
      const error = await convertToPreallocated(host, busy).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(AppError)
      expect(error).toMatchObject({ code: 'CONFLICT' })
      expect((error as AppError).detail).toMatch(/Shut the VM down first/)
    } finally {
      holder.kill()
      await holder.exited
    }
  }, 30_000)

  it('cancel stops the conversion and removes the partial file', async () => {
    const big = await image('big.qcow2', [], '2G')
    await run('qemu-io', ['-f', 'qcow2', '-c', 'write -P 0x11 0 64M', big])
    const controller = new AbortController()
    const converting = convertToPreallocated(host, big, {
      signal: controller.signal,
      progress: (p) => {
        if (p.message.startsWith('qemu-img convert')) controller.abort()
      },
    })
    await expect(converting).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(await readdir(dir)).not.toContain('big.preallocated.qcow2')
  }, 60_000)

  it('measures write speed with and without metadata preallocation; the scratch images are removed', async () => {
    const folder = await mkdtemp(join(dir, 'bench-'))
    const result = await benchPreallocation(host, folder, { count: 400, size: 64 * 1024 })
    expect(result.withoutSeconds).toBeGreaterThan(0)
    expect(result.withSeconds).toBeGreaterThan(0)
    expect(result.ratio).toBeCloseTo(result.withoutSeconds / result.withSeconds, 5)
    expect(result.commands.map((c) => c.slice(0, 2).join(' '))).toEqual([
      'qemu-img create',
      'qemu-img bench',
      'qemu-img create',
      'qemu-img bench',
    ])
    expect(await readdir(folder)).toEqual([])
  }, 60_000)

  it('the disk-settings benchmark times the same writes under each cache/io setting; the scratch image is removed', async () => {
    const folder = await mkdtemp(join(dir, 'settings-'))
    const result = await benchDiskSettings(host, folder, { count: 200, size: 64 * 1024 })
    expect(result.results.map((r) => r.setting)).toEqual(DISK_SETTINGS.map((s) => s.setting))
    for (const r of result.results) {
      expect(r.seconds, r.setting).toBeGreaterThan(0)
      expect(r.mibPerSecond, r.setting).toBeCloseTo(result.bytes / 2 ** 20 / r.seconds, 5)
    }
    expect(result.commands[0]).toEqual(
      expect.arrayContaining(['create', '-f', 'raw', 'preallocation=falloc']),
    )
    expect(result.commands.slice(1).map((c) => c.slice(c.indexOf('-t'), c.indexOf('-t') + 4))).toEqual([
      ['-t', 'writeback', '-i', 'threads'],
      ['-t', 'none', '-i', 'threads'],
      ['-t', 'none', '-i', 'native'],
    ])
    expect(await readdir(folder)).toEqual([])
  }, 60_000)
})
