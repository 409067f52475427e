import { AppError } from '@shared/errors.js'
import type { Host } from '../host/host.js'

/**
 * One disk of a clone on the host: a full copy (`qemu-img convert -p`, progress read from its
 * output) or a linked overlay (`qemu-img create -b`). Cancel kills qemu-img; the caller removes
 * what was written.
 */

export interface DiskCopyJob {
  source: string
  sourceFormat: string
  target: string
  mode: 'copy' | 'linked'
}

/** qemu-img -p writes `    (12.34/100%)` and a carriage return, again and again. */
const PROGRESS = /\((\d+(?:\.\d+)?)\/100%\)/g

export function lastProgress(chunk: string): number | undefined {
  let last: number | undefined
  for (const match of chunk.matchAll(PROGRESS)) last = Number(match[1]) / 100
  return last
}

export async function copyDisk(
  host: Host,
  job: DiskCopyJob,
  options: { signal: AbortSignal; onFraction: (fraction: number) => void },
): Promise<void> {
  const args =
    job.mode === 'copy'
      ? ['convert', '-p', '-f', job.sourceFormat, '-O', job.sourceFormat, '--', job.source, job.target]
      : ['create', '-f', 'qcow2', '-b', job.source, '-F', job.sourceFormat, '--', job.target]
  const proc = await host.spawn('qemu-img', args, { signal: options.signal })
  let stderr = ''
  proc.stdout.setEncoding('utf8')
  proc.stdout.on('data', (chunk: string) => {
    const fraction = lastProgress(chunk)
    if (fraction !== undefined) options.onFraction(fraction)
  })
  proc.stderr.setEncoding('utf8')
  proc.stderr.on('data', (chunk: string) => {
    if (stderr.length < 8000) stderr += chunk
  })
  const end = await proc.exited
  if (options.signal.aborted) throw new AppError('CANCELLED', 'Cloning was cancelled')
  if (end.code !== 0)
    throw new AppError(
      'COMMAND_FAILED',
      `qemu-img could not ${job.mode === 'copy' ? 'copy' : 'link'} ${job.source}`,
      {
        detail:
          stderr.trim() ||
          `qemu-img ${args.join(' ')} ended with ${end.signal ?? `exit code ${String(end.code)}`}`,
      },
    )
  options.onFraction(1)
}
