import { describe, expect, it } from 'vitest'
import { containerFixture } from '../../../../test/support/container-fixtures.js'
import { cpuPercent, memoryUsage, toStats, type StatsSample } from './stats.js'

const recorded = JSON.parse(
  containerFixture('docker-api', 'docker20.10-cgroup1-stats-busy-loop.json'),
) as StatsSample

describe('docker stats formulas (as the docker CLI computes them)', () => {
  it('cgroup v1, recorded: CPU % = container delta / system delta × online CPUs × 100', () => {
    // (1949072673 − 1357266314) / (1314420000000 − 1312420000000) × 2 × 100
    expect(cpuPercent(recorded)).toBeCloseTo(59.1806359, 6)
  })

  it('cgroup v1, recorded: memory = usage − total_inactive_file; % of the limit', () => {
    expect(memoryUsage(recorded)).toBe(667648 - 8192)
    const stats = toStats('x', recorded, 1)
    expect(stats.memoryLimit).toBe(25276182528)
    expect(stats.memoryPercent).toBeCloseTo((659456 / 25276182528) * 100, 10)
  })

  it('cgroup v2 (the recorded sample reshaped to v2 keys: no total_*, no percpu_usage): inactive_file', () => {
    const { total_inactive_file: _dropped, ...v1 } = recorded.memory_stats?.stats ?? {}
    const v2Stats = Object.fromEntries(Object.entries(v1).filter(([k]) => !k.startsWith('total_')))
    const v2: StatsSample = {
      ...recorded,
      cpu_stats: {
        cpu_usage: { total_usage: recorded.cpu_stats?.cpu_usage?.total_usage ?? 0 },
        system_cpu_usage: recorded.cpu_stats?.system_cpu_usage ?? 0,
        online_cpus: 2,
      },
      memory_stats: { usage: 667648, limit: 25276182528, stats: { ...v2Stats, inactive_file: 8192 } },
    }
    expect(memoryUsage(v2)).toBe(659456)
    expect(cpuPercent(v2)).toBeCloseTo(59.1806359, 6)
  })

  it('falls back to the per-CPU list for the CPU count (old daemons without online_cpus)', () => {
    const old: StatsSample = {
      cpu_stats: { cpu_usage: { total_usage: 500, percpu_usage: [1, 2, 3, 4] }, system_cpu_usage: 1000 },
      precpu_stats: { cpu_usage: { total_usage: 0 }, system_cpu_usage: 0 },
    }
    expect(cpuPercent(old)).toBe(200)
  })

  it('is zero without deltas, and memory % zero without a limit; usage kept when the cache exceeds it', () => {
    expect(cpuPercent({})).toBe(0)
    expect(toStats('x', { memory_stats: { usage: 70 } }).memoryPercent).toBe(0)
    expect(memoryUsage({ memory_stats: { usage: 100, stats: { total_inactive_file: 400 } } })).toBe(100)
    expect(memoryUsage({ memory_stats: { usage: 100, stats: { inactive_file: 400 } } })).toBe(100)
  })
})
