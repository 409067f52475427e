import { AppError } from '@shared/errors.js'
import type { Host } from '../host/host.js'
import type { ImageFacts } from './rule.js'

/**
 * qcow2 images as the preallocation rule needs them: `qemu-img map --output=json -U` lists the
 * image's extents, and the ones not allocated yet are `present: false` (qemu-img info does not say
 * how an image was created). `-U` reads without taking the image's lock, so it works on running VMs.
 */

interface MapExtent {
  start: number
  length: number
  present: boolean
}

export function parseQemuImgMap(json: string): { virtualSize: number; unallocatedBytes: number } {
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch (error) {
    throw new AppError('COMMAND_FAILED', 'qemu-img map did not print JSON', {
      detail: json.slice(0, 500),
      cause: error,
    })
  }
  if (!Array.isArray(parsed)) throw new AppError('COMMAND_FAILED', 'qemu-img map printed no list of extents')
  let virtualSize = 0
  let unallocatedBytes = 0
  for (const item of parsed as Partial<MapExtent>[]) {
    const length = typeof item.length === 'number' ? item.length : 0
    virtualSize = Math.max(virtualSize, (typeof item.start === 'number' ? item.start : 0) + length)
    if (item.present === false) unallocatedBytes += length
  }
  return { virtualSize, unallocatedBytes }
}

/** Probes each qcow2 image (one qemu-img per image); a failure is recorded on the image, not thrown. */
export async function probeImages(
  host: Host,
  paths: readonly string[],
  options: { signal?: AbortSignal } = {},
): Promise<Map<string, ImageFacts>> {
  const out = new Map<string, ImageFacts>()
  await Promise.all(
    [...new Set(paths)].map(async (path) => {
      try {
        const result = await host.exec(
          'qemu-img',
          ['map', '--output=json', '-U', '-f', 'qcow2', '--', path],
          {
            timeoutMs: 30_000,
            ...(options.signal === undefined ? {} : { signal: options.signal }),
          },
        )
        if (result.code !== 0) {
          const reason = result.stderr.trim().split('\n').pop() ?? `exit ${String(result.code)}`
          out.set(path, { path, format: 'qcow2', virtualSize: 0, unallocatedBytes: 0, error: reason })
          return
        }
        out.set(path, { path, format: 'qcow2', ...parseQemuImgMap(result.stdout) })
      } catch (error) {
        if (error instanceof AppError && error.code === 'CANCELLED') throw error
        const reason =
          error instanceof AppError && error.code === 'COMMAND_NOT_FOUND'
            ? 'qemu-img is not installed on the host (package qemu-utils)'
            : error instanceof Error
              ? error.message
              : String(error)
        out.set(path, { path, format: 'qcow2', virtualSize: 0, unallocatedBytes: 0, error: reason })
      }
    }),
  )
  return out
}
