import { AppError } from '@shared/errors.js'
import type { Host } from '../host/host.js'

/**
 * Measures, on this host, what metadata preallocation changes: `qemu-img bench` writes to a fresh
 * qcow2 scratch image created without and then with `preallocation=metadata`, in a folder the
 * caller names (the VM's pool folder in the app, a temp folder in tests). The scratch images are
 * removed afterwards, whatever happens.
 */

export interface PreallocationBenchmark {
  folder: string
  /** Bytes written per run (count × size). */
  bytes: number
  withoutSeconds: number
  withSeconds: number
  /** withoutSeconds / withSeconds: how many times slower first writes are without preallocation. */
  ratio: number
  commands: string[][]
}

export interface BenchOptions {
  /** Requests per run (default 2000). */
  count?: number
  /** Bytes per request (default 64 KiB). */
  size?: number
  signal?: AbortSignal
}

const COMPLETED = /Run completed in ([\d.]+) seconds/

async function run(host: Host, args: string[], signal: AbortSignal | undefined): Promise<string> {
  const result = await host.exec('qemu-img', args, {
    timeoutMs: 300_000,
    ...(signal === undefined ? {} : { signal }),
  })
  if (result.code !== 0)
    throw new AppError('COMMAND_FAILED', `qemu-img ${args[0] ?? ''} failed`, {
      detail: result.stderr.trim() || result.stdout.trim(),
    })
  return result.stdout
}

export async function benchPreallocation(
  host: Host,
  folder: string,
  options: BenchOptions = {},
): Promise<PreallocationBenchmark> {
  const count = options.count ?? 2000
  const size = options.size ?? 64 * 1024
  const bytes = count * size
  const stamp = `${process.pid}-${Date.now()}`
  const plain = `${folder.replace(/\/+$/, '')}/.virtdeck-bench-${stamp}-plain.qcow2`
  const prealloc = `${folder.replace(/\/+$/, '')}/.virtdeck-bench-${stamp}-metadata.qcow2`
  const virtual = String(Math.max(bytes * 2, 256 * 1024 * 1024))
  const commands: string[][] = []
  const seconds = async (image: string, extra: string[]): Promise<number> => {
    const create = ['create', '-q', '-f', 'qcow2', ...extra, '--', image, virtual]
    commands.push(['qemu-img', ...create])
    await run(host, create, options.signal)
    // -t none: O_DIRECT, so the host's page cache does not hide the allocation cost.
    const bench = [
      'bench',
      '-w',
      '-f',
      'qcow2',
      '-t',
      'none',
      '-n',
      '-c',
      String(count),
      '-s',
      String(size),
      image,
    ]
    commands.push(['qemu-img', ...bench])
    const out = await run(host, bench, options.signal)
    const match = COMPLETED.exec(out)
    if (match === null)
      throw new AppError('COMMAND_FAILED', 'qemu-img bench printed no run time', { detail: out })
    return Number(match[1])
  }
  try {
    const withoutSeconds = await seconds(plain, [])
    const withSeconds = await seconds(prealloc, ['-o', 'preallocation=metadata'])
    return {
      folder,
      bytes,
      withoutSeconds,
      withSeconds,
      ratio: withSeconds > 0 ? withoutSeconds / withSeconds : 0,
      commands,
    }
  } finally {
    await host.exec('rm', ['-f', '--', plain, prealloc], { timeoutMs: 30_000 }).catch(() => undefined)
  }
}

/** One disk setting as libvirt writes it, and the `qemu-img bench` options that reproduce it. */
export const DISK_SETTINGS: readonly { setting: string; args: readonly string[] }[] = [
  { setting: "cache='writeback'", args: ['-t', 'writeback', '-i', 'threads'] },
  { setting: "cache='none' io='threads'", args: ['-t', 'none', '-i', 'threads'] },
  { setting: "cache='none' io='native'", args: ['-t', 'none', '-i', 'native'] },
]

export interface DiskSettingResult {
  setting: string
  seconds: number
  /** MiB written per second. */
  mibPerSecond: number
}

/**
 * The disk-settings benchmark: the same writes (queue depth 16) to one raw scratch image, fully
 * allocated first (`preallocation=falloc`, so allocation is not what is measured), under each cache/io
 * pair of the tuning rules. writeback lands in the host's page cache (fast to write, then flushed
 * behind the guest's back, and cached twice); cache='none' goes to the disk, and io='native' hands the
 * queue to the kernel's AIO. The scratch image is removed whatever happens.
 */
export async function benchDiskSettings(
  host: Host,
  folder: string,
  options: BenchOptions = {},
): Promise<{ bytes: number; results: DiskSettingResult[]; commands: string[][] }> {
  const count = options.count ?? 2000
  const size = options.size ?? 64 * 1024
  const bytes = count * size
  const image = `${folder.replace(/\/+$/, '')}/.virtdeck-bench-${process.pid}-${Date.now()}-settings.raw`
  const commands: string[][] = []
  try {
    const create = ['create', '-q', '-f', 'raw', '-o', 'preallocation=falloc', '--', image, String(bytes)]
    commands.push(['qemu-img', ...create])
    await run(host, create, options.signal)
    const results: DiskSettingResult[] = []
    for (const { setting, args } of DISK_SETTINGS) {
      const bench = [
        'bench',
        '-w',
        '-f',
        'raw',
        ...args,
        '-d',
        '16',
        '-c',
        String(count),
        '-s',
        String(size),
        image,
      ]
      commands.push(['qemu-img', ...bench])
      const out = await run(host, bench, options.signal)
      const match = COMPLETED.exec(out)
      if (match === null)
        throw new AppError('COMMAND_FAILED', 'qemu-img bench printed no run time', { detail: out })
      const seconds = Number(match[1])
      results.push({ setting, seconds, mibPerSecond: seconds > 0 ? bytes / 2 ** 20 / seconds : 0 })
    }
    return { bytes, results, commands }
  } finally {
    await host.exec('rm', ['-f', '--', image], { timeoutMs: 30_000 }).catch(() => undefined)
  }
}
