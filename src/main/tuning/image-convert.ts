import { AppError } from '@shared/errors.js'
import type { Host } from '../host/host.js'
import { attr, buildXml, child, findAll, parseXml, root, setAttr } from '../libvirt/xml/index.js'

/**
 * The qcow2 preallocation job: `qemu-img convert -O qcow2 -o preallocation=metadata` of an image
 * into a new file beside it — free space checked first (`qemu-img measure`, `df`), progress from
 * `-p`, cancel kills it and removes the partial file, the result compared with the original
 * (`qemu-img compare`) before it is offered. The original is never touched: the VM is pointed at
 * the new file by an XML edit (`pointDiskAt`, applied through the change engine), and the original
 * is removed only when the user says so.
 */

export interface ConvertProgress {
  message: string
  fraction: number
}

export interface ConvertOptions {
  signal?: AbortSignal
  progress?: (p: ConvertProgress) => void
}

export interface ConvertResult {
  original: string
  converted: string
  requiredBytes: number
  availableBytes: number
  /** qemu-img compare found the guest-visible content identical. */
  verified: true
}

/** `disk.qcow2` → `disk.preallocated.qcow2` in the same folder. */
export function convertedPath(original: string): string {
  const base = original.replace(/\.qcow2$/i, '')
  return `${base}.preallocated.qcow2`
}

async function qemuImg(
  host: Host,
  args: string[],
  signal: AbortSignal | undefined,
  what: string,
): Promise<string> {
  const result = await host.exec('qemu-img', args, {
    timeoutMs: 120_000,
    ...(signal === undefined ? {} : { signal }),
  })
  if (result.code !== 0) {
    const detail = result.stderr.trim() || result.stdout.trim()
    if (/lock/i.test(detail))
      throw new AppError('CONFLICT', `${what}: the image is in use`, {
        detail: `${detail}\nShut the VM down first: the image must not change while it is copied.`,
      })
    throw new AppError('COMMAND_FAILED', `${what} failed`, { detail })
  }
  return result.stdout
}

function folderOf(path: string): string {
  const at = path.lastIndexOf('/')
  return at <= 0 ? '/' : path.slice(0, at)
}

export async function convertToPreallocated(
  host: Host,
  original: string,
  options: ConvertOptions = {},
): Promise<ConvertResult> {
  const { signal } = options
  const report = (message: string, fraction: number): void => options.progress?.({ message, fraction })
  const converted = convertedPath(original)

  report(`Checking ${original} (not in use, qcow2)…`, 0)
  // Without -U: fails when a running QEMU holds the image's lock.
  const info = JSON.parse(
    await qemuImg(host, ['info', '--output=json', '--', original], signal, `qemu-img info ${original}`),
  ) as {
    format?: string
  }
  if (info.format !== 'qcow2')
    throw new AppError('INVALID_INPUT', `${original} is ${info.format ?? 'not'} qcow2`, {
      detail: 'Only qcow2 images are converted with metadata preallocation.',
    })
  const exists = await host.exec('test', ['-e', converted], { timeoutMs: 10_000 })
  if (exists.code === 0)
    throw new AppError('CONFLICT', `${converted} exists already`, {
      detail:
        'A previous conversion left it there: check it and remove it (or use it) before converting again.',
    })

  report('Checking free space…', 0.02)
  const measure = JSON.parse(
    await qemuImg(
      host,
      ['measure', '--output=json', '-O', 'qcow2', '-o', 'preallocation=metadata', '--', original],
      signal,
      'qemu-img measure',
    ),
  ) as { required?: number }
  const requiredBytes = measure.required ?? 0
  const df = await host.exec('df', ['--output=avail', '-B1', '--', folderOf(original)], { timeoutMs: 10_000 })
  const availableBytes = Number(df.stdout.trim().split('\n').pop() ?? 'NaN')
  if (!Number.isFinite(availableBytes))
    throw new AppError('COMMAND_FAILED', `Cannot read the free space of ${folderOf(original)}`, {
      detail: df.stderr,
    })
  if (availableBytes < requiredBytes * 1.05)
    throw new AppError('CONFLICT', `Not enough free space in ${folderOf(original)} for the converted image`, {
      detail: `It needs ${requiredBytes} bytes (qemu-img measure) and ${availableBytes} are free. Free some space or move the image.`,
    })

  report(`qemu-img convert -O qcow2 -o preallocation=metadata → ${converted}`, 0.05)
  const proc = await host.spawn('qemu-img', [
    'convert',
    '-p',
    '-O',
    'qcow2',
    '-o',
    'preallocation=metadata',
    '--',
    original,
    converted,
  ])
  const onAbort = (): void => proc.kill()
  signal?.addEventListener('abort', onAbort, { once: true })
  let stderr = ''
  proc.stdout.setEncoding('utf8')
  proc.stdout.on('data', (chunk: string) => {
    const matches = [...chunk.matchAll(/\((\d+(?:\.\d+)?)\/100%\)/g)]
    const last = matches[matches.length - 1]
    if (last !== undefined) report(`Converting… ${last[1] ?? ''}%`, 0.05 + (Number(last[1]) / 100) * 0.85)
  })
  proc.stderr.setEncoding('utf8')
  proc.stderr.on('data', (chunk: string) => (stderr += chunk))
  const exit = await proc.exited
  signal?.removeEventListener('abort', onAbort)
  const cleanUp = async (): Promise<void> => {
    await host.exec('rm', ['-f', '--', converted], { timeoutMs: 30_000 }).catch(() => undefined)
  }
  if (signal?.aborted) {
    await cleanUp()
    throw new AppError(
      'CANCELLED',
      'Conversion cancelled; the partial image was removed and the original is untouched.',
    )
  }
  if (exit.code !== 0) {
    await cleanUp()
    throw new AppError('COMMAND_FAILED', 'qemu-img convert failed; the original is untouched', {
      detail: stderr.trim(),
    })
  }

  report('Comparing the new image with the original…', 0.92)
  const compare = await host.exec('qemu-img', ['compare', '-q', '--', original, converted], {
    timeoutMs: 3_600_000,
    ...(signal === undefined ? {} : { signal }),
  })
  if (compare.code !== 0) {
    await cleanUp()
    throw new AppError('COMMAND_FAILED', 'The converted image differs from the original; it was removed', {
      detail: compare.stderr.trim() || `qemu-img compare exit ${String(compare.code)}`,
    })
  }
  report('Converted and verified; the original is kept.', 1)
  return { original, converted, requiredBytes, availableBytes, verified: true }
}

/** The domain XML edit that points every disk using `original` at `converted` (lossless; nothing else changes). */
export function pointDiskAt(
  domainXml: string,
  original: string,
  converted: string,
): { xml: string; changed: boolean } {
  const doc = parseXml(domainXml)
  let changed = false
  for (const disk of findAll(root(doc), "devices/disk[@type='file']")) {
    const source = child(disk, 'source')
    if (source !== undefined && attr(source, 'file') === original) {
      setAttr(source, 'file', converted)
      changed = true
    }
  }
  return { xml: changed ? buildXml(doc) : domainXml, changed }
}
