/**
 * Tuning benchmark (issue 10):
 *  1. the host-wide tuning report of N domains (default 200) on the libvirt test driver against one
 *     `virsh dumpxml` per domain through the same long-lived session — the budget is 1.5×;
 *  2. one VM's report after its XML is read (every rule on each libvirt test-suite domain) — budget 50 ms;
 *  3. `qemu-img bench` writes to a fresh qcow2 without and with metadata preallocation, in a temp folder
 *     (removed afterwards): the measured ratio on this machine.
 *
 *   npx tsx scripts/bench-tuning.ts [--runs N] [--domains N] [--no-qemu-img]
 *
 * Prints a Markdown report; docs/PERFORMANCE.md records a run.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { LocalHost } from '../src/main/host/local-host.js'
import { LibvirtConnection } from '../src/main/libvirt/libvirt-connection.js'
import { evaluate } from '../src/main/tuning/advisor.js'
import type { HostView } from '../src/main/tuning/advisor.js'
import { parseDomCaps, parseHostCaps } from '../src/main/tuning/host-caps.js'
import { benchPreallocation } from '../src/main/tuning/image-bench.js'
import { TuningService } from '../src/main/tuning/service.js'
import { nodeXml } from '../test/support/libvirt.js'

const args = process.argv.slice(2)
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(name)
  return at === -1 ? fallback : Number(args[at + 1])
}
const runs = option('--runs', 5)
const count = option('--domains', 200)
const out = (line = ''): void => void process.stdout.write(`${line}\n`)

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

async function hostWide(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'virtdeck-bench-tuning-'))
  const file = join(dir, 'node.xml')
  await writeFile(file, nodeXml(count))
  const conn = new LibvirtConnection({ host: new LocalHost(), uri: `test://${file}` })
  const service = new TuningService({
    connection: async () => conn,
    xmlPreview: () => Promise.reject(new Error('not used')),
  })
  try {
    await conn.read(['list', '--all', '--name']) // start the session
    const dump: number[] = []
    const report: number[] = []
    for (let r = 0; r < runs; r++) {
      let started = performance.now()
      const names = (await conn.read(['list', '--all', '--name']))
        .split('\n')
        .map((n) => n.trim())
        .filter(Boolean)
      await Promise.all(names.map((n) => conn.read(['dumpxml', '--domain', n, '--inactive'])))
      dump.push(performance.now() - started)
      started = performance.now()
      const result = await service.hostReport('local')
      report.push(performance.now() - started)
      if (result.vms.length !== count) throw new Error(`expected ${count} VMs, got ${result.vms.length}`)
    }
    const ratio = median(report) / median(dump)
    const minRatio = Math.min(...report) / Math.min(...dump)
    out(`## Host-wide report, ${count} domains on the test driver (${runs} runs, median)`)
    out()
    out('| what | median ms | min ms | runs (ms) |')
    out('|---|---:|---:|---|')
    out(
      `| list + one \`dumpxml\` per domain through the session | ${median(dump).toFixed(0)} | ${Math.min(...dump).toFixed(0)} | ${dump.map((v) => v.toFixed(0)).join(', ')} |`,
    )
    out(
      `| \`tuning.hostReport\` (capabilities, networks, bridges, batched dumpxml, every rule on every VM) | ${median(report).toFixed(0)} | ${Math.min(...report).toFixed(0)} | ${report.map((v) => v.toFixed(0)).join(', ')} |`,
    )
    out()
    out(
      `Ratio report / dumpxml: **${ratio.toFixed(2)}×** by medians, ${minRatio.toFixed(2)}× by minimums (budget 1.5×).`,
    )
    out()
  } finally {
    await conn.close()
    await rm(dir, { recursive: true, force: true })
  }
}

function oneVm(): void {
  const xmlDir = join('test', 'fixtures', 'libvirt-xml')
  const host: HostView = {
    caps: parseHostCaps(readFileSync(join(xmlDir, 'caps', 'vircaps-x86_64-basic.xml'), 'utf8')),
    domcaps: parseDomCaps(readFileSync(join(xmlDir, 'domcaps', 'qemu_9.2.0-q35.x86_64.xml'), 'utf8')),
    facts: {
      bridges: ['virbr0'],
      networks: ['default'],
      vhostNet: true,
      images: new Map(),
      pinnedByOthers: new Map(),
    },
  }
  const domains = readdirSync(join(xmlDir, 'domains')).map((f) =>
    readFileSync(join(xmlDir, 'domains', f), 'utf8'),
  )
  evaluate(domains[0] ?? '', host) // warm-up
  const times: number[] = []
  for (let r = 0; r < runs; r++)
    for (const xml of domains) {
      const started = performance.now()
      evaluate(xml, host)
      times.push(performance.now() - started)
    }
  out(`## One VM's report after its XML is read (${domains.length} libvirt test-suite domains × ${runs})`)
  out()
  const sorted = [...times].sort((a, b) => a - b)
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
  out(
    `Median ${median(times).toFixed(2)} ms, 99th percentile ${at(0.99).toFixed(2)} ms, max ${Math.max(...times).toFixed(2)} ms (budget 50 ms).`,
  )
  out()
}

async function qemuImg(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'virtdeck-bench-qemu-img-'))
  try {
    const results = []
    for (let r = 0; r < Math.min(runs, 5); r++) results.push(await benchPreallocation(new LocalHost(), dir))
    const first = results[0]
    out(
      `## qcow2 metadata preallocation, \`qemu-img bench\` (${results.length} runs, temp folder on ${dir.split('/')[1] ?? ''})`,
    )
    out()
    if (first !== undefined) out(`Commands: \`${first.commands.map((c) => c.join(' ')).join('`, `')}\``)
    out()
    out('| run | without (s) | with metadata (s) | ratio |')
    out('|---|---:|---:|---:|')
    results.forEach((b, i) =>
      out(
        `| ${i + 1} | ${b.withoutSeconds.toFixed(3)} | ${b.withSeconds.toFixed(3)} | ${b.ratio.toFixed(2)}× |`,
      ),
    )
    out()
    out(
      `Median ratio: **${median(results.map((b) => b.ratio)).toFixed(2)}×** slower first writes without preallocation.`,
    )
    out()
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

out(
  `# Tuning benchmark — ${new Date().toISOString()}, ${cpus().length} CPU(s) (${cpus()[0]?.model ?? '?'}), load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
)
out()
await hostWide()
oneVm()
if (!args.includes('--no-qemu-img')) await qemuImg()
