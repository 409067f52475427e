/**
 * Graph sampling cost (issue 14): `npx tsx --tsconfig tsconfig.node.json scripts/bench-stats.ts`
 * (npm script `bench:stats`). Three measurements, printed as a table for docs/PERFORMANCE.md:
 *
 * 1. Parse + rates + history for 100 VMs per round, in process (the real output of one TCG domain
 *    with a disk and a NIC, repeated under 100 names): microseconds per round.
 * 2. 100 running test-driver domains (test:///NODE-FILE, 150 defined, every third shut off), sampled
 *    by the real StatsService at 1 s for DURATION s: CPU of this process and of its virsh child, as a
 *    share of one core. The test driver reports only the state of its domains, so this counts the
 *    round trip and the 100-domain parse, not libvirt's work per real domain.
 * 3. Real TCG domains on qemu:///system (REAL of them, diskless, 64 MiB) sampled the same way: the
 *    same figures plus libvirtd's CPU while sampling minus its CPU over an idle period of equal length
 *    (libvirtd is shared with other work on this machine, so that figure is noisy).
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { LocalHost } from '../src/main/host/local-host.js'
import { LibvirtConnection } from '../src/main/libvirt/libvirt-connection.js'
import { parseDomstats } from '../src/main/stats/domstats-parse.js'
import { vmSample } from '../src/main/stats/rates.js'
import { MetricHistory } from '../src/main/stats/ring.js'
import { StatsService } from '../src/main/stats/stats-service.js'
import { nodeXml, tinyDomainXml } from '../test/support/libvirt.js'
import { descendants, ticksOf } from './bench/proc.js'

const run = promisify(execFile)
const DURATION_S = Number(process.env['DURATION'] ?? 30)
const REAL = Number(process.env['REAL'] ?? 4)
const TICK = 100 // USER_HZ on Linux

const ONE_DOMAIN = (name: string, k: number): string => `Domain: '${name}'
  state.state=1
  state.reason=1
  cpu.time=${558375407 + k * 1000}
  cpu.user=320000000
  cpu.system=230000000
  balloon.current=65536
  balloon.maximum=65536
  balloon.last-update=0
  balloon.rss=47004
  vcpu.current=1
  vcpu.maximum=1
  vcpu.0.state=1
  vcpu.0.time=230000000
  vcpu.0.wait=0
  net.count=1
  net.0.name=vnet0
  net.0.rx.bytes=${478 + k}
  net.0.rx.pkts=6
  net.0.tx.bytes=0
  net.0.tx.pkts=0
  block.count=1
  block.0.name=vda
  block.0.path=/var/lib/libvirt/images/d.qcow2
  block.0.rd.reqs=${10 + k}
  block.0.rd.bytes=${4096 + k * 512}
  block.0.wr.reqs=1
  block.0.wr.bytes=512
  block.0.allocation=1048576
  block.0.capacity=16777216

`

function parseRounds(): { usPerRound: number; bytes: number } {
  const histories = new Map<string, MetricHistory>()
  const texts = [0, 1].map((k) => Array.from({ length: 100 }, (_, i) => ONE_DOMAIN(`vm-${i}`, k)).join(''))
  let previous = new Map(parseDomstats(texts[0] ?? '').map((d) => [d.name, d]))
  const rounds = 2000
  const start = process.hrtime.bigint()
  for (let r = 0; r < rounds; r++) {
    const domains = parseDomstats(texts[r % 2] ?? '')
    const now = 1_700_000_000_000 + r * 1000
    for (const d of domains) {
      let h = histories.get(d.name)
      if (h === undefined) histories.set(d.name, (h = new MetricHistory()))
      h.add(now, vmSample(previous.get(d.name), d, 1))
    }
    previous = new Map(domains.map((d) => [d.name, d]))
  }
  const ns = Number(process.hrtime.bigint() - start)
  return { usPerRound: ns / rounds / 1000, bytes: (texts[0] ?? '').length }
}

async function childTicks(): Promise<number> {
  let sum = 0
  for (const pid of await descendants(process.pid)) sum += await ticksOf(pid)
  return sum
}

async function libvirtdPid(): Promise<number | undefined> {
  const { stdout } = await run('pgrep', ['-o', '-x', 'libvirtd']).catch(() => ({ stdout: '' }))
  const pid = Number(stdout.trim())
  return pid > 0 ? pid : undefined
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

interface Sampled {
  rounds: number
  vms: number
  nodePct: number
  virshPct: number
  libvirtdPct?: number
  msPerRound: number
}

async function sample(uri: string, withLibvirtd: boolean): Promise<Sampled> {
  const host = new LocalHost({ id: 'local' })
  const conn = new LibvirtConnection({ host, uri, hostId: 'local', events: false })
  let rounds = 0
  let vms = 0
  const service = new StatsService({
    source: () => ({ connection: async () => conn, host: async () => host }),
    onDrop: () => () => undefined,
    onRound: (_h, round) => {
      rounds++
      vms = Object.keys(round.vms).length
    },
  })
  await conn.read(['version']) // the session is up before measuring
  const daemon = withLibvirtd ? await libvirtdPid() : undefined
  let idle = 0
  if (daemon !== undefined) {
    const a = await ticksOf(daemon)
    await sleep(DURATION_S * 1000)
    idle = (await ticksOf(daemon)) - a
  }
  const controller = new AbortController()
  const watching = service.watch('local', controller.signal)
  await sleep(1500) // first round (baseline) done
  const cpu0 = process.cpuUsage()
  const child0 = await childTicks()
  const daemon0 = daemon === undefined ? 0 : await ticksOf(daemon)
  const rounds0 = rounds
  const t0 = Date.now()
  await sleep(DURATION_S * 1000)
  const wall = (Date.now() - t0) / 1000
  const cpu = process.cpuUsage(cpu0)
  const child = (await childTicks()) - child0
  const daemonBusy = daemon === undefined ? undefined : (await ticksOf(daemon)) - daemon0 - idle
  controller.abort()
  await watching
  service.close()
  await conn.close()
  await host.close()
  // Time of one round alone (the domstats round trip and the parse)
  const timing = new LibvirtConnection({ host: new LocalHost({ id: 't' }), uri, hostId: 't', events: false })
  await timing.read(['version'])
  const t1 = process.hrtime.bigint()
  for (let i = 0; i < 10; i++)
    parseDomstats(
      await timing.read([
        'domstats',
        '--raw',
        '--list-running',
        '--state',
        '--cpu-total',
        '--balloon',
        '--vcpu',
        '--interface',
        '--block',
      ]),
    )
  const msPerRound = Number(process.hrtime.bigint() - t1) / 10 / 1e6
  await timing.close()
  return {
    rounds: rounds - rounds0,
    vms,
    nodePct: ((cpu.user + cpu.system) / 1e6 / wall) * 100,
    virshPct: (child / TICK / wall) * 100,
    ...(daemonBusy === undefined ? {} : { libvirtdPct: (daemonBusy / TICK / wall) * 100 }),
    msPerRound,
  }
}

function row(label: string, s: Sampled): string {
  const total = s.nodePct + s.virshPct
  const daemon = s.libvirtdPct === undefined ? 'n/a (in virsh)' : `${s.libvirtdPct.toFixed(2)} %`
  return `| ${label} | ${s.vms} | ${s.rounds} | ${s.msPerRound.toFixed(1)} ms | ${s.nodePct.toFixed(2)} % | ${s.virshPct.toFixed(2)} % | **${total.toFixed(2)} %** | ${daemon} |`
}

async function main(): Promise<void> {
  const out: string[] = []
  const parse = parseRounds()
  out.push(
    `parse + rates + history, 100 VMs/round: ${parse.usPerRound.toFixed(0)} µs per round (${(parse.bytes / 1024).toFixed(1)} KiB of domstats)`,
  )
  const dir = await mkdtemp(join(tmpdir(), 'vd-bench-stats-'))
  const names: string[] = []
  try {
    const node = join(dir, '150-domains.xml')
    await writeFile(node, nodeXml(150), { mode: 0o644 })
    const test = await sample(`test://${node}`, false)
    const real: string[] = []
    for (let i = 0; i < REAL; i++) {
      const name = `vd-bench-stats-${process.pid}-${i}`
      await writeFile(join(dir, `${name}.xml`), tinyDomainXml(name))
      await run('virsh', ['-q', '-c', 'qemu:///system', 'create', '--file', join(dir, `${name}.xml`)])
      names.push(name)
      real.push(name)
    }
    const system = await sample('qemu:///system', true)
    out.push(
      '',
      '| domains | VMs per round | rounds | one round (domstats + parse) | node | virsh | node + virsh (one core = 100 %) | libvirtd, above idle |',
    )
    out.push('| --- | --- | --- | --- | --- | --- | --- | --- |')
    out.push(row('test driver, 100 running', test))
    out.push(row(`qemu:///system, ${REAL} running TCG (+ any others running)`, system))
    const { stdout } = await run('cat', ['/proc/loadavg'])
    out.push(
      '',
      `${DURATION_S} s each at 1 s; load average ${stdout.trim().split(' ').slice(0, 3).join(' ')}`,
    )
  } finally {
    for (const name of names)
      await run('virsh', ['-q', '-c', 'qemu:///system', 'destroy', '--domain', name]).catch(() => undefined)
    await rm(dir, { recursive: true, force: true })
  }
  process.stdout.write(`${out.join('\n')}\n`)
}

await main()
