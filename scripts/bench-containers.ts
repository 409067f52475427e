/**
 * Containers benchmark (numbers in docs/PERFORMANCE.md, "Containers"):
 * 1. list of 200 containers: VirtDeck's one API call vs `docker ps -a --format '{{json .}}'`;
 * 2. an outside `docker stop` → VirtDeck's /events subscriber, 10 times;
 * 3. live stats of 50 running busybox containers every 2 s: CPU cost of this process.
 * Needs the testbed's dockerd and image (scripts/testbed.sh). Creates and removes its containers
 * (label virtdeck-bench); run as root: `npx tsx scripts/bench-containers.ts`.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import Docker from 'dockerode'
import { listContainers } from '../src/main/containers/docker/containers.js'
import { DockerEventWatcher } from '../src/main/containers/docker/events.js'
import { watchStats } from '../src/main/containers/docker/stats.js'
import type { ContainerChange } from '../src/shared/containers.js'

const run = promisify(execFile)
const IMAGE = 'virtdeck-test/busybox:latest'
const LABEL = 'virtdeck-bench'
const docker = new Docker({ socketPath: '/var/run/docker.sock' })

function say(line: string): void {
  process.stdout.write(`${line}\n`)
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? NaN
}

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work))
}

async function create(count: number, prefix: string, start: boolean): Promise<string[]> {
  const names = Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`)
  await inBatches(names, 8, async (name) => {
    const c = await docker.createContainer({
      Image: IMAGE,
      name,
      Cmd: ['sleep', '3600'],
      Labels: { [LABEL]: '1' },
    })
    if (start) await c.start()
  })
  return names
}

async function cleanup(): Promise<void> {
  const leftovers = await docker.listContainers({ all: true, filters: { label: [LABEL] } })
  await inBatches(leftovers, 8, (c) => docker.getContainer(c.Id).remove({ force: true }))
}

async function benchList(): Promise<void> {
  const base = (await docker.listContainers({ all: true })).length
  await create(200, 'vd-bench-list', false)
  const total = (await docker.listContainers({ all: true })).length
  const ours: number[] = []
  const cli: number[] = []
  for (let round = 0; round < 11; round++) {
    let t = performance.now()
    const list = await listContainers(docker)
    ours.push(performance.now() - t)
    if (list.length !== total) throw new Error(`listed ${list.length}, expected ${total}`)
    t = performance.now()
    const { stdout } = await run('docker', ['ps', '-a', '--no-trunc', '--format', '{{json .}}'], {
      maxBuffer: 1 << 26,
    })
    cli.push(performance.now() - t)
    if (stdout.trim().split('\n').length !== total) throw new Error('docker ps disagrees')
  }
  const a = median(ours)
  const b = median(cli)
  say(
    `list: ${total} containers (${base} before the bench); VirtDeck ${a.toFixed(1)} ms, docker ps ${b.toFixed(1)} ms, ratio ${(a / b).toFixed(3)} (goal <= 0.5); medians of 11`,
  )
  say(
    `      VirtDeck min/max ${Math.min(...ours).toFixed(1)}/${Math.max(...ours).toFixed(1)} ms; docker ps ${Math.min(...cli).toFixed(1)}/${Math.max(...cli).toFixed(1)} ms`,
  )
}

async function benchEvents(): Promise<void> {
  const [name] = await create(1, 'vd-bench-event', true)
  if (name === undefined) return
  const seen: { change: ContainerChange; at: number }[] = []
  const watcher = new DockerEventWatcher(docker, (change) => seen.push({ change, at: Date.now() }))
  await watcher.start()
  const afterReturn: number[] = []
  const afterStart: number[] = []
  for (let i = 0; i < 10; i++) {
    seen.length = 0
    const started = Date.now()
    await run('docker', ['stop', '-t', '0', name])
    const returned = Date.now()
    const deadline = Date.now() + 5000
    let hit: { at: number } | undefined
    while (hit === undefined && Date.now() < deadline) {
      hit = seen.find(
        (s) =>
          s.change.kind === 'updated' &&
          s.change.container.name === name &&
          s.change.container.state === 'exited',
      )
      if (hit === undefined) await new Promise((r) => setTimeout(r, 2))
    }
    if (hit === undefined) throw new Error('no event within 5 s')
    afterReturn.push(hit.at - returned)
    afterStart.push(hit.at - started)
    await docker.getContainer(name).start()
  }
  watcher.stop()
  say(
    `event: docker stop → subscriber, after the CLI returned: median ${median(afterReturn)} ms, max ${Math.max(...afterReturn)} ms; after it was launched: median ${median(afterStart)} ms, max ${Math.max(...afterStart)} ms (goal <= 200 ms)`,
  )
}

async function benchStats(): Promise<void> {
  const names = await create(50, 'vd-bench-stats', true)
  const ids = (await docker.listContainers({ filters: { label: [LABEL], status: ['running'] } }))
    .filter((c) => names.some((n) => c.Names[0] === `/${n}`))
    .map((c) => c.Id)
  const received = new Map<string, number>()
  const stop = watchStats(docker, ids, 2000, (s) => received.set(s.id, (received.get(s.id) ?? 0) + 1))
  // Let the streams open, then measure a 30 s window.
  await new Promise((r) => setTimeout(r, 4000))
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const counted0 = [...received.values()].reduce((a, b) => a + b, 0)
  await new Promise((r) => setTimeout(r, 30_000))
  const cpu = process.cpuUsage(cpu0)
  const wall = performance.now() - t0
  const counted = [...received.values()].reduce((a, b) => a + b, 0) - counted0
  stop()
  const percent = ((cpu.user + cpu.system) / 1000 / wall) * 100
  say(
    `stats: ${ids.length} running containers, every 2 s for ${(wall / 1000).toFixed(0)} s: ${counted} samples handed on (${(counted / ids.length / (wall / 2000)).toFixed(2)} per container per period), this process used ${percent.toFixed(2)} % of one core (user ${(cpu.user / 1000).toFixed(0)} ms, system ${(cpu.system / 1000).toFixed(0)} ms; goal <= 5 %)`,
  )
}

try {
  await cleanup()
  const { stdout } = await run('docker', ['version', '--format', '{{.Server.Version}}'])
  say(`dockerd ${stdout.trim()}, node ${process.version}, ${new Date().toISOString()}`)
  await benchList()
  await cleanup()
  await benchEvents()
  await cleanup()
  await benchStats()
} finally {
  await cleanup()
}
