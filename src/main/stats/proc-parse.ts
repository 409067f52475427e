/** The host's own CPU and memory, from /proc/stat and /proc/meminfo (read through the Host, so over SSH too). */

export interface CpuTimes {
  /** Jiffies spent busy / in total, summed over all CPUs (the `cpu ` line). */
  busy: number
  total: number
  /** Number of `cpuN` lines. */
  cpus: number
}

export function parseProcStat(text: string): CpuTimes | undefined {
  let times: CpuTimes | undefined
  let cpus = 0
  for (const line of text.split('\n')) {
    if (/^cpu\d+\s/.test(line)) cpus += 1
    else if (line.startsWith('cpu ')) {
      // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user
      const f = line.trim().split(/\s+/).slice(1, 9).map(Number)
      if (f.length < 4 || f.some((n) => !Number.isFinite(n))) return undefined
      const idle = (f[3] ?? 0) + (f[4] ?? 0)
      const total = f.reduce((a, b) => a + b, 0)
      times = { busy: total - idle, total, cpus: 0 }
    }
  }
  return times === undefined ? undefined : { ...times, cpus }
}

/** 0..100 between two readings; undefined when no time passed. */
export function cpuPercent(previous: CpuTimes, current: CpuTimes): number | undefined {
  const total = current.total - previous.total
  if (total <= 0) return undefined
  return Math.min(100, Math.max(0, ((current.busy - previous.busy) / total) * 100))
}

export interface HostMemory {
  totalBytes: number
  usedBytes: number
}

/** Used = MemTotal − MemAvailable (what `free` calls used, cache not counted). */
export function parseMeminfo(text: string): HostMemory | undefined {
  const kib = (key: string): number | undefined => {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)
    return m?.[1] === undefined ? undefined : Number(m[1])
  }
  const total = kib('MemTotal')
  const available = kib('MemAvailable') ?? kib('MemFree')
  if (total === undefined || available === undefined) return undefined
  return { totalBytes: total * 1024, usedBytes: (total - available) * 1024 }
}
