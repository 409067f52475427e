import type { Readable } from 'node:stream'
import type Docker from 'dockerode'
import type { ContainerStats } from '@shared/containers.js'

/** The part of GET /containers/{id}/stats the formulas read (cgroup v1 and v2 alike). */
export interface StatsSample {
  read?: string
  cpu_stats?: {
    cpu_usage?: { total_usage?: number; percpu_usage?: number[] | null }
    system_cpu_usage?: number
    online_cpus?: number
  }
  precpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number }
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> }
  pids_stats?: { current?: number }
}

/**
 * CPU % as the docker CLI computes it (calculateCPUPercentUnix): the container's CPU time delta over
 * the host's, times the online CPUs, × 100. Zero when either delta is not positive.
 */
export function cpuPercent(sample: StatsSample): number {
  const cpu = sample.cpu_stats
  const pre = sample.precpu_stats
  const cpuDelta = (cpu?.cpu_usage?.total_usage ?? 0) - (pre?.cpu_usage?.total_usage ?? 0)
  const systemDelta = (cpu?.system_cpu_usage ?? 0) - (pre?.system_cpu_usage ?? 0)
  const online = cpu?.online_cpus ?? cpu?.cpu_usage?.percpu_usage?.length ?? 0
  if (systemDelta <= 0 || cpuDelta <= 0) return 0
  return (cpuDelta / systemDelta) * online * 100
}

/**
 * Memory in use as the docker CLI shows it (calculateMemUsageUnixNoCache): usage minus the page
 * cache that can be dropped — `total_inactive_file` on cgroup v1, `inactive_file` on cgroup v2.
 */
export function memoryUsage(sample: StatsSample): number {
  const usage = sample.memory_stats?.usage ?? 0
  const stats = sample.memory_stats?.stats ?? {}
  const v1 = stats['total_inactive_file']
  if (v1 !== undefined) return v1 < usage ? usage - v1 : usage
  const v2 = stats['inactive_file']
  if (v2 !== undefined && v2 < usage) return usage - v2
  return usage
}

export function toStats(id: string, sample: StatsSample, at = Date.now()): ContainerStats {
  const usage = memoryUsage(sample)
  const limit = sample.memory_stats?.limit ?? 0
  return {
    id,
    cpuPercent: cpuPercent(sample),
    memoryUsage: usage,
    memoryLimit: limit,
    memoryPercent: limit > 0 ? (usage / limit) * 100 : 0,
    ...(sample.pids_stats?.current === undefined ? {} : { pids: sample.pids_stats.current }),
    at,
  }
}

/** One sample now (Docker waits for a second reading to fill precpu_stats). */
export async function statsOnce(docker: Docker, id: string): Promise<ContainerStats> {
  const sample = (await docker.getContainer(id).stats({ stream: false })) as unknown as StatsSample
  return toStats(id, sample)
}

/**
 * Live stats for many containers: one streaming request each (Docker pushes a sample per second
 * with its own previous one — no polling). Only the newest line of each stream is kept, unparsed;
 * every `intervalMs` the new ones are parsed and handed on — one per container per period.
 * Stop with the returned function.
 */
export function watchStats(
  docker: Docker,
  ids: readonly string[],
  intervalMs: number,
  onStats: (stats: ContainerStats) => void,
): () => void {
  const streams = new Set<Readable>()
  const latest = new Map<string, string>()
  let stopped = false
  for (const id of ids) {
    let buffered = ''
    docker
      .getContainer(id)
      .stats({ stream: true })
      .then((body) => {
        const stream = body as unknown as Readable
        if (stopped) return stream.destroy()
        streams.add(stream)
        stream.on('data', (chunk: Buffer) => {
          buffered += chunk.toString('utf8')
          const end = buffered.lastIndexOf('\n')
          if (end < 0) return
          const start = buffered.lastIndexOf('\n', end - 1) + 1
          const line = buffered.slice(start, end)
          buffered = buffered.slice(end + 1)
          if (line.trim() !== '') latest.set(id, line)
        })
        stream.once('close', () => streams.delete(stream))
        stream.on('error', () => undefined)
      })
      .catch(() => undefined)
  }
  const timer = setInterval(() => {
    const now = Date.now()
    for (const [id, line] of latest) {
      try {
        onStats(toStats(id, JSON.parse(line) as StatsSample, now))
      } catch {
        // A cut line: the next period has a whole one.
      }
    }
    latest.clear()
  }, intervalMs)
  return () => {
    stopped = true
    clearInterval(timer)
    for (const s of streams) s.destroy()
    streams.clear()
  }
}
