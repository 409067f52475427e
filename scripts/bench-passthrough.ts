/**
 * Passthrough benchmark (issue 11): read and judge a host with 150 PCI devices in 40 IOMMU groups,
 * locally, on a generated sysfs tree (the reader's one `sh` dump + pci.ids + the judgement).
 *
 *   npx tsx scripts/bench-passthrough.ts [--runs N] [--devices N] [--groups N]
 *
 * Prints a Markdown table; docs/PERFORMANCE.md ("GPU passthrough") records a run. The first run
 * also parses pci.ids (kept per host afterwards), so it is reported on its own.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { LocalHost } from '../src/main/host/local-host.js'
import { clearPciIdsCache, inventoryFromDump, readPciInventory } from '../src/main/passthrough/inventory.js'
import { PciIds } from '../src/main/passthrough/pci-ids.js'
import { dumpSysfs } from '../src/main/passthrough/sysfs-dump.js'
import { judgePassthrough } from '../src/main/passthrough/viability.js'
import type { CapturedDevice } from '../test/support/pci-capture.js'
import { writePciTree } from '../test/support/pci-tree.js'

const args = process.argv.slice(2)
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(name)
  return at === -1 ? fallback : Number(args[at + 1])
}
const RUNS = option('--runs', 21)
const DEVICES = option('--devices', 150)
const GROUPS = option('--groups', 40)
const out = (line = ''): boolean => process.stdout.write(`${line}\n`)

/** A plausible mix: GPUs with audio, bridges, USB, SATA, NVMe, NICs, spread over the groups. */
function generate(count: number, groups: number): CapturedDevice[] {
  const kinds: [string, string, string][] = [
    ['030000', '10de', '2206'],
    ['040300', '10de', '1aef'],
    ['060400', '1022', '1483'],
    ['0c0330', '1022', '149c'],
    ['010601', '1022', '7901'],
    ['010802', '144d', 'a808'],
    ['020000', '8086', '1539'],
    ['060000', '1022', '1482'],
  ]
  const devices: CapturedDevice[] = []
  for (let i = 0; i < count; i++) {
    const [classCode, vendorId, deviceId] = kinds[i % kinds.length] ?? kinds[0]!
    const bus = Math.floor(i / 8)
    const fn = i % 8
    devices.push({
      address: `0000:${bus.toString(16).padStart(2, '0')}:00.${fn}`,
      classCode,
      vendorId,
      deviceId,
      group: Math.floor((i * groups) / count),
      driver: classCode.startsWith('0300') ? 'nvidia' : classCode.startsWith('0604') ? 'pcieport' : 'ahci',
    })
  }
  return devices
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

const root = await mkdtemp(join(tmpdir(), 'virtdeck-bench-pci-'))
try {
  const devices = generate(DEVICES, GROUPS)
  const pciIds = '/usr/share/misc/pci.ids'
  await writePciTree(root, devices, {
    cpu: 'amd',
    bootVga: '0000:00:00.0',
    drm: [{ card: 'card0', address: '0000:00:00.0', connectors: { 'HDMI-A-1': 'connected' } }],
    ...(existsSync(pciIds) ? { pciIds } : {}),
  })
  const host = new LocalHost()
  clearPciIdsCache()
  let t = performance.now()
  const first = judgePassthrough('local', await readPciInventory(host, root))
  const firstMs = performance.now() - t
  const read: number[] = []
  const total: number[] = []
  let gpus = 0
  for (let i = 0; i < RUNS; i++) {
    t = performance.now()
    const inventory = await readPciInventory(host, root)
    const readMs = performance.now() - t
    gpus = judgePassthrough('local', inventory).gpus.length
    total.push(performance.now() - t)
    read.push(readMs)
  }
  // The two halves on their own: the sh dump (one process), and everything after it in Node.
  const dumps: number[] = []
  const judge: number[] = []
  const ids = new PciIds(await readFile(pciIds, 'utf8').catch(() => ''))
  for (let i = 0; i < RUNS; i++) {
    t = performance.now()
    const dump = await dumpSysfs(host, root)
    dumps.push(performance.now() - t)
    t = performance.now()
    judgePassthrough('local', inventoryFromDump(root, dump, ids))
    judge.push(performance.now() - t)
  }
  out(
    `Passthrough: ${DEVICES} PCI devices, ${GROUPS} IOMMU groups, ${gpus} GPUs; ${cpus().length} CPUs; pci.ids ${existsSync(pciIds) ? 'present' : 'absent'}`,
  )
  out()
  out('| step | median (ms) | max (ms) |')
  out('|---|---|---|')
  out(`| first read + judge (parses pci.ids) | ${firstMs.toFixed(1)} | |`)
  out(
    `| read (one sh dump + names), ${RUNS} runs | ${median(read).toFixed(1)} | ${Math.max(...read).toFixed(1)} |`,
  )
  out(
    `| sysfs dump alone (sh), ${RUNS} runs | ${median(dumps).toFixed(1)} | ${Math.max(...dumps).toFixed(1)} |`,
  )
  out(
    `| parse + names + judge alone (Node), ${RUNS} runs | ${median(judge).toFixed(1)} | ${Math.max(...judge).toFixed(1)} |`,
  )
  out(`| read + judge, ${RUNS} runs | ${median(total).toFixed(1)} | ${Math.max(...total).toFixed(1)} |`)
  out()
  out(
    `load average: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; budget 100 ms for read + judge`,
  )
  if (first.gpus.length !== gpus) throw new Error('runs disagree')
} finally {
  await rm(root, { recursive: true, force: true })
}
