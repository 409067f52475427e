import type { Readable } from 'node:stream'
import type Docker from 'dockerode'
import { AppError } from '@shared/errors.js'
import type { PruneResult, PullProgress } from '@shared/containers.js'
import { dockerError } from './client.js'

/**
 * `docker <kind> prune`: stopped containers, dangling images, unused volumes, unused networks —
 * what the preview listed. `labels` narrows it (`label=…` filters; the tests use it so they never
 * prune what others made).
 */
export async function prune(
  docker: Docker,
  kind: PruneResult['kind'],
  labels: readonly string[] = [],
): Promise<PruneResult> {
  const filters = labels.length === 0 ? {} : { label: [...labels] }
  try {
    switch (kind) {
      case 'containers': {
        const r = await docker.pruneContainers({ filters })
        return { kind, removed: r.ContainersDeleted ?? [], reclaimed: r.SpaceReclaimed ?? 0 }
      }
      case 'images': {
        const r = await docker.pruneImages({ filters: { ...filters, dangling: ['true'] } })
        const removed = (r.ImagesDeleted ?? []).map((i) => i.Deleted ?? i.Untagged ?? '').filter(Boolean)
        return { kind, removed, reclaimed: r.SpaceReclaimed ?? 0 }
      }
      case 'volumes': {
        const r = await docker.pruneVolumes({ filters })
        return { kind, removed: r.VolumesDeleted ?? [], reclaimed: r.SpaceReclaimed ?? 0 }
      }
      case 'networks': {
        const r = await docker.pruneNetworks({ filters })
        return { kind, removed: r.NetworksDeleted ?? [], reclaimed: 0 }
      }
    }
  } catch (error) {
    throw dockerError(error, `prune the ${kind}`)
  }
}

interface PullEvent {
  id?: string
  status?: string
  error?: string
  progressDetail?: { current?: number; total?: number }
}

/**
 * `docker pull` with the layers' progress (Docker's JSON stream, as its CLI shows it). A registry
 * that cannot be reached is said in words, with the offline way: import an image from a tar.
 */
export async function pullImage(
  docker: Docker,
  image: string,
  onProgress: (progress: PullProgress) => void,
  signal?: AbortSignal,
): Promise<{ image: string }> {
  const layers = new Map<string, { status: string; current: number; total: number }>()
  let stream: Readable
  try {
    stream = (await docker.pull(image, { abortSignal: signal })) as Readable
  } catch (error) {
    throw pullError(error, image)
  }
  signal?.addEventListener('abort', () => stream.destroy(), { once: true })
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null, events: PullEvent[]) => {
        const failed = events?.find((e) => e.error !== undefined)
        if (signal?.aborted === true) reject(new AppError('CANCELLED', `The pull of ${image} was cancelled.`))
        else if (error !== null) reject(pullError(error, image))
        else if (failed !== undefined) reject(pullError(new Error(failed.error), image))
        else resolve()
      },
      (event: PullEvent) => {
        if (event.id === undefined || event.status === undefined) return
        const before = layers.get(event.id)
        layers.set(event.id, {
          status: event.status,
          current: event.progressDetail?.current ?? before?.current ?? 0,
          total: event.progressDetail?.total ?? before?.total ?? 0,
        })
        const all = [...layers.values()]
        const total = all.reduce((sum, l) => sum + l.total, 0)
        const current = all.reduce((sum, l) => sum + Math.min(l.current, l.total), 0)
        onProgress({
          layers: [...layers].map(([id, l]) => ({ id, ...l })),
          ...(total > 0 ? { fraction: current / total } : {}),
        })
      },
    )
  })
  return { image }
}

function pullError(error: unknown, image: string): AppError {
  const text = error instanceof Error ? error.message : String(error)
  if (
    /dial tcp|lookup .* (no such host|server misbehaving)|i\/o timeout|connection refused|network is unreachable/i.test(
      text,
    )
  )
    return new AppError('HOST_UNREACHABLE', `Docker could not reach the registry of ${image}`, {
      detail: `${text}\nThe host has no way to that registry (offline, a proxy, a firewall). Without a registry, import an image from a tar file (Import…), or pull it on a machine that is online and \`docker save\` it.`,
      cause: error,
    })
  return dockerError(error, `pull ${image}`)
}
