/**
 * Inventory benchmark (issue 3): VirtDeck's inventory service against libvirt's own Python binding,
 * locally and over SSH to 127.0.0.1, on a generated 500-domain test-driver file; plus one domain's
 * details, the event latency on the real libvirtd, and the cost of a call per transport.
 *
 *   npx tsx scripts/bench-inventory.ts [--runs N] [--domains N] [--real N] [--no-ssh] [--no-events]
 *
 * Needs root (the SSH part starts a loopback sshd with the test account, as the tests do), virsh,
 * python3-libvirt (/usr/bin/python3) and, for the event latency, libvirtd on qemu:///system.
 * Prints a Markdown report; docs/PERFORMANCE.md records a run.
 */
import { execFile } from 'node:child_process'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { Host } from '../src/main/host/host.js'
import { LocalHost } from '../src/main/host/local-host.js'
import { SshHost } from '../src/main/host/ssh-host.js'
import { DomainDetailsService } from '../src/main/libvirt/domain-details.js'
import { DomainInventory } from '../src/main/libvirt/domain-list.js'
import { LibvirtConnection } from '../src/main/libvirt/libvirt-connection.js'
import type { DomainEvent, DomainRef } from '../src/shared/vms.js'
import {
  defineTiny,
  ensureLibvirtGroup,
  libvirtdAnswers,
  nodeXml,
  otherVirsh,
  removeDomain,
  uniqueName,
  waitFor,
} from '../test/support/libvirt.js'
import { startSshd } from '../test/support/sshd.js'

const run = promisify(execFile)
const args = process.argv.slice(2)
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(name)
  return at === -1 ? fallback : Number(args[at + 1])
}
const RUNS = option('--runs', 9)
const DOMAINS = option('--domains', 500)
const out = (line = ''): boolean => process.stdout.write(`${line}\n`)

/** The binding's inventory: getAllDomainStats + listAllDomains, and info() for vCPUs and memory (the test driver's stats have only the state), in one process. */
const PYTHON = `
import json, sys, time, libvirt
libvirt.registerErrorHandler(lambda *a: None, None)
uri, runs = sys.argv[1], int(sys.argv[2])
t = time.perf_counter(); conn = libvirt.open(uri); open_ms = (time.perf_counter() - t) * 1000
times = []
for _ in range(runs):
    t = time.perf_counter()
    stats = conn.getAllDomainStats()
    doms = conn.listAllDomains()
    rows = [(d.name(), d.UUIDString(), d.info()) for d in doms]
    times.append((time.perf_counter() - t) * 1000)
print(json.dumps({"open_ms": open_ms, "runs_ms": times, "domains": len(rows), "stats": len(stats)}))
`

interface PythonResult {
  open_ms: number
  runs_ms: number[]
  domains: number
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}

const ms = (value: number): string => (value < 10 ? value.toFixed(2) : value.toFixed(1))

async function timeIt<T>(work: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now()
  const result = await work()
  return [performance.now() - start, result]
}

async function python(uri: string, runs: number): Promise<PythonResult> {
  const { stdout } = await run('/usr/bin/python3', ['-c', PYTHON, uri, String(runs)], { maxBuffer: 1 << 20 })
  return JSON.parse(stdout) as PythonResult
}

interface Comparison {
  ours: { connectAndFirst: number; first: number; warm: number[]; domains: number }
  theirs: { open: number[]; first: number[]; warm: number[]; domains: number }
}

/**
 * VirtDeck (a connection and its virsh session, then RUNS loads of the inventory) against the
 * binding (a python3 process per round: open, then three loads). The two alternate round by round,
 * so that both see the same load on the machine.
 */
async function compare(host: Host, uri: string, pythonUri: string): Promise<Comparison> {
  const conn = new LibvirtConnection({ host, uri, hostId: host.id, where: host.id })
  try {
    const inventory = new DomainInventory(conn)
    const [connectAndFirst, list] = await timeIt(async () => {
      await conn.read(['uri'])
      return inventory.list()
    })
    // The first load also reads each domain's vCPUs and memory where domstats lacks them (the test driver): time it again on an emptied cache.
    conn.facts.clear()
    const [first] = await timeIt(() => inventory.list())
    const result: Comparison = {
      ours: { connectAndFirst, first, warm: [], domains: list.length },
      theirs: { open: [], first: [], warm: [], domains: 0 },
    }
    for (let i = 0; i < RUNS; i++) {
      result.ours.warm.push((await timeIt(() => inventory.list()))[0])
      const py = await python(pythonUri, 3)
      result.theirs.open.push(py.open_ms)
      result.theirs.first.push(py.runs_ms[0] ?? 0)
      result.theirs.warm.push(median(py.runs_ms.slice(1)))
      result.theirs.domains = py.domains
    }
    return result
  } finally {
    await conn.close()
  }
}

async function callLatency(
  host: Host,
  uri: string,
  transport: 'session' | 'exec',
  calls: number,
): Promise<number> {
  const conn = new LibvirtConnection({ host, uri, hostId: host.id, transport, events: false })
  try {
    await conn.read(['uri'])
    const times: number[] = []
    for (let i = 0; i < calls; i++) times.push((await timeIt(() => conn.read(['uri'])))[0])
    return median(times)
  } finally {
    await conn.close()
  }
}

async function detailsLatency(host: Host, uri: string, domain: DomainRef): Promise<number> {
  const conn = new LibvirtConnection({ host, uri, hostId: host.id, events: false })
  try {
    const details = new DomainDetailsService(conn)
    await details.details(domain)
    const times: number[] = []
    for (let i = 0; i < RUNS; i++) times.push((await timeIt(() => details.details(domain)))[0])
    return median(times)
  } finally {
    await conn.close()
  }
}

/** From an outside `virsh start`/`destroy` to the service's listener: against libvirt's event timestamp and against the command's return. */
async function eventLatency(host: Host): Promise<{ fromStamp: number; fromReturn: number; samples: number }> {
  const conn = new LibvirtConnection({ host, uri: 'qemu:///system', hostId: host.id })
  const events: { event: DomainEvent; at: number }[] = []
  conn.onDomainEvent((event) => events.push({ event, at: Date.now() }))
  const name = uniqueName('vd-bench')
  const uuid = await defineTiny(name)
  try {
    await conn.events?.waitConnected(15_000)
    const fromStamp: number[] = []
    const fromReturn: number[] = []
    for (let i = 0; i < 5; i++) {
      for (const [command, event] of [
        ['start', 'Started'],
        ['destroy', 'Stopped'],
      ] as const) {
        events.length = 0
        await otherVirsh([command, '--domain', uuid])
        const returned = Date.now()
        const seen = await waitFor(event, 10_000, () =>
          events.find((e) => e.event.name === name && e.event.event === event),
        )
        fromStamp.push(seen.at - (seen.event.at ?? seen.at))
        fromReturn.push(seen.at - returned)
      }
    }
    return { fromStamp: median(fromStamp), fromReturn: median(fromReturn), samples: fromStamp.length }
  } finally {
    await conn.close()
    await removeDomain(uuid)
  }
}

function report(label: string, { ours, theirs }: Comparison, goal: number): void {
  const warm = median(ours.warm)
  const theirWarm = median(theirs.warm)
  const theirFirst = median(theirs.first)
  const theirCold = median(theirs.open) + theirFirst
  const ratio = warm / theirWarm
  out(`### ${label}`)
  out()
  out('| | VirtDeck (virsh session) | libvirt-python | ratio | goal |')
  out('|---|---:|---:|---:|---:|')
  out(
    `| inventory, connection open (median of ${RUNS}) | ${ms(warm)} ms | ${ms(theirWarm)} ms | ${ratio.toFixed(2)}× | ≤ ${goal}× ${ratio <= goal ? '✓' : '✗'} |`,
  )
  out(
    `| first inventory, nothing cached | ${ms(ours.first)} ms | ${ms(theirFirst)} ms | ${(ours.first / theirFirst).toFixed(2)}× | |`,
  )
  out(
    `| connect + first inventory | ${ms(ours.connectAndFirst)} ms | ${ms(theirCold)} ms | ${(ours.connectAndFirst / theirCold).toFixed(2)}× | |`,
  )
  out(`| domains | ${ours.domains} | ${theirs.domains} | | |`)
  out()
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'virtdeck-bench-'))
  await chmod(dir, 0o755)
  const file = join(dir, `${DOMAINS}-domains.xml`)
  await writeFile(file, nodeXml(DOMAINS), { mode: 0o644 })
  const uri = `test://${file}`
  const local = new LocalHost({ id: 'local' })
  const cpu = cpus()[0]?.model ?? 'unknown CPU'
  out(`# Inventory benchmark — ${new Date().toISOString()}`)
  out()
  out(
    `Machine: ${cpus().length} × ${cpu}, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB; Node ${process.version}; ${(await run('virsh', ['--version'])).stdout.trim().replace(/^/, 'virsh ')}; ${DOMAINS} test-driver domains (${uri}); ${RUNS} runs.`,
  )
  out()
  const daemon = await libvirtdAnswers()
  const calls: string[] = []
  const details: string[] = [
    `- test driver (vm-0001 of ${DOMAINS}), local: ${ms(await detailsLatency(local, uri, 'vm-0001'))} ms`,
  ]
  try {
    report('Local, test driver', await compare(local, uri, uri), 2)
    if (daemon)
      calls.push(
        `| virsh session (one long-lived virsh), local | ${ms(await callLatency(local, 'qemu:///system', 'session', 50))} ms |`,
        `| one virsh per call, local | ${ms(await callLatency(local, 'qemu:///system', 'exec', 50))} ms |`,
      )

    if (!args.includes('--no-ssh')) {
      await ensureLibvirtGroup('vdtest')
      const sshd = await startSshd()
      const ssh = new SshHost({
        id: '127.0.0.1',
        hostname: '127.0.0.1',
        port: sshd.port,
        username: sshd.user,
        auth: { method: 'password', password: sshd.password },
        verifyHostKey: () => 'trusted',
      })
      try {
        await ssh.connect()
        // The binding over SSH: libvirt's own remote transport (test+ssh), served by libvirtd on the far side.
        const sshUri = `test+ssh://${sshd.user}@127.0.0.1:${sshd.port}${file}?keyfile=${sshd.keyPath}&no_verify=1&no_tty=1`
        report('Over SSH to 127.0.0.1, test driver', await compare(ssh, uri, sshUri), 3)
        if (daemon)
          calls.push(
            `| virsh session, over SSH | ${ms(await callLatency(ssh, 'qemu:///system', 'session', 50))} ms |`,
            `| one virsh per call, over SSH | ${ms(await callLatency(ssh, 'qemu:///system', 'exec', 50))} ms |`,
          )
        details.push(`- test driver (vm-0001), over SSH: ${ms(await detailsLatency(ssh, uri, 'vm-0001'))} ms`)
      } finally {
        await ssh.close()
        await sshd.stop()
      }
    }

    const real = option('--real', 50)
    if (daemon && real > 0) {
      // The real daemon: domstats carries vCPUs and memory, so there is no per-domain call even the first time.
      const uuids: string[] = []
      try {
        for (let i = 0; i < real; i++) uuids.push(await defineTiny(uniqueName('vd-bench-real')))
        report(
          `Local, qemu:///system (libvirtd, ${real} defined domains besides any others)`,
          await compare(local, 'qemu:///system', 'qemu:///system'),
          2,
        )
        details.push(
          `- qemu:///system (a tiny defined domain), local: ${ms(await detailsLatency(local, 'qemu:///system', { uuid: uuids[0] ?? '' }))} ms`,
        )
      } finally {
        for (const uuid of uuids) await removeDomain(uuid)
      }
    }

    if (calls.length > 0) {
      out('### Cost of one call (`virsh uri` on qemu:///system), median of 50')
      out()
      out('| transport | time |')
      out('|---|---:|')
      for (const line of calls) out(line)
      out()
    }
    out('### One domain’s details (dumpxml + dominfo + domblkinfo), median')
    out()
    for (const line of details) out(line)
    out()

    if (daemon && !args.includes('--no-events')) {
      const latency = await eventLatency(local)
      out(
        `### Event latency (outside \`virsh start\`/\`destroy\` → service listener, qemu:///system, median of ${latency.samples})`,
      )
      out()
      out(
        `- from libvirt's event timestamp: ${ms(latency.fromStamp)} ms (the timestamp has millisecond resolution)`,
      )
      out(
        `- from the outside command's return: ${ms(latency.fromReturn)} ms (negative: the event arrived before virsh returned)`,
      )
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench-inventory failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  )
  process.exitCode = 1
})
