/**
 * Snapshots, clone and serial console benchmark (issue 14) on the real libvirtd (qemu:///system):
 * snapshot list/create/revert/delete of a shut-off qcow2 VM through the app's router; a full-copy
 * clone against a plain `qemu-img convert` of the same image (VirtDeck's overhead), a linked clone;
 * the time from resuming a paused SeaBIOS domain to its first words on the serial stream.
 *
 *   npx tsx --tsconfig tsconfig.node.json scripts/bench-snapshots.ts [--runs N]
 *
 * Needs root or the libvirt group, qemu-utils (qemu-img, qemu-io) and script(1). Prints Markdown.
 */
import { execFile } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { openSerialConsole } from '../src/main/console/serial.js'
import { LocalHost } from '../src/main/host/local-host.js'
import { buildElement, createElement, createText } from '../src/main/libvirt/xml/index.js'
import { startTestApp } from '../test/support/app.js'
import {
  defineXml,
  diskDir,
  diskDomainXml,
  makeImage,
  removeWithSnapshots,
  writeMarker,
} from '../test/support/disk-domains.js'
import { otherVirsh, SYSTEM_URI, uniqueName, waitFor } from '../test/support/libvirt.js'

const run = promisify(execFile)
const at = process.argv.indexOf('--runs')
const RUNS = at === -1 ? 5 : Number(process.argv[at + 1])

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? NaN
}
async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now()
  await work()
  return performance.now() - start
}
const ms = (v: number): string => `${v.toFixed(0)} ms`

const t = startTestApp()
const { dir, remove } = await diskDir('virtdeck-bench-snap-')
const created: string[] = []
const lines: string[] = []
try {
  const hostId = (await t.call('hosts.list', {})).find((h) => h.kind === 'local')?.id ?? 'local'

  // Snapshots of a shut-off 16 MiB qcow2 VM.
  const name = uniqueName('vd-bench-snap')
  const disk = join(dir, 'snap.qcow2')
  await makeImage(disk, 'qcow2')
  const uuid = await defineXml(diskDomainXml(name, disk, 'qcow2'), dir, name)
  created.push(uuid)
  const vm = { hostId, uuid, name }
  const times = {
    list: [] as number[],
    create: [] as number[],
    revert: [] as number[],
    delete: [] as number[],
  }
  for (let i = 0; i < RUNS; i++) {
    times.create.push(await timed(() => t.call('snapshots.create', { ...vm, snapshot: { name: `s${i}` } })))
    times.list.push(await timed(() => t.call('snapshots.list', vm)))
    times.revert.push(await timed(() => t.call('snapshots.revert', { ...vm, snapshot: `s${i}` })))
  }
  for (let i = 0; i < RUNS; i++)
    times.delete.push(await timed(() => t.call('snapshots.delete', { ...vm, snapshot: `s${i}` })))
  lines.push(
    '| snapshot operation (shut-off VM, 16 MiB qcow2) | median of ' + String(RUNS) + ' |',
    '|---|---|',
    ...Object.entries(times).map(([op, v]) => `| ${op} | ${ms(median(v))} |`),
    '',
  )

  // Clone: a 1 GiB image with 512 MiB written.
  const big = join(dir, 'big.qcow2')
  await makeImage(big, 'qcow2', '1G')
  await run('qemu-io', ['-f', 'qcow2', '-c', 'write -P 0x1 0 512M', big])
  await writeMarker(big, 'qcow2', '0x5a')
  const src = uniqueName('vd-bench-clone')
  const srcUuid = await defineXml(diskDomainXml(src, big, 'qcow2'), dir, src)
  created.push(srcUuid)
  const direct: number[] = []
  const copy: number[] = []
  const linked: number[] = []
  for (let i = 0; i < Math.min(RUNS, 3); i++) {
    const plain = join(dir, `plain-${i}.qcow2`)
    direct.push(await timed(() => run('qemu-img', ['convert', '-f', 'qcow2', '-O', 'qcow2', big, plain])))
    await rm(plain)
    copy.push(
      await timed(async () => {
        const r = await t.call('vms.clone', {
          hostId,
          uuid: srcUuid,
          clone: { name: `${src}-c${i}`, mode: 'copy' },
        })
        created.push(r.uuid)
      }),
    )
    linked.push(
      await timed(async () => {
        const r = await t.call('vms.clone', {
          hostId,
          uuid: srcUuid,
          clone: { name: `${src}-l${i}`, mode: 'linked' },
        })
        created.push(r.uuid)
      }),
    )
  }
  lines.push(
    '| clone (1 GiB qcow2, 512 MiB written) | median |',
    '|---|---|',
    `| plain \`qemu-img convert\` | ${ms(median(direct))} |`,
    `| vms.clone, full copy (checks + copy + define) | ${ms(median(copy))} |`,
    `| vms.clone, linked | ${ms(median(linked))} |`,
    '',
  )

  // Serial console: resume → "Press ESC for boot menu" on the stream.
  const serialName = uniqueName('vd-bench-serial')
  const text = (
    tag: string,
    value: string,
    attrs: Record<string, string> = {},
  ): ReturnType<typeof createElement> => createElement(tag, attrs, [createText(value)])
  const serialXml = `${buildElement(
    createElement('domain', { type: 'qemu' }, [
      text('name', serialName),
      text('memory', '64', { unit: 'MiB' }),
      text('vcpu', '1'),
      createElement('os', {}, [
        text('type', 'hvm', { arch: 'x86_64', machine: 'pc' }),
        createElement('bootmenu', { enable: 'yes', timeout: '3000' }),
        createElement('bios', { useserial: 'yes' }),
      ]),
      createElement('devices', {}, [
        createElement('serial', { type: 'pty' }),
        createElement('console', { type: 'pty' }),
      ]),
    ]),
  )}\n`
  const serialUuid = await defineXml(serialXml, dir, serialName)
  created.push(serialUuid)
  const attach: number[] = []
  const firstWords: number[] = []
  for (let i = 0; i < Math.min(RUNS, 3); i++) {
    await otherVirsh(['start', '--domain', serialUuid, '--paused'])
    const start = performance.now()
    const serial = await openSerialConsole(new LocalHost(), { uri: SYSTEM_URI, domain: serialName })
    attach.push(performance.now() - start)
    let out = ''
    serial.stream.on('data', (c: Buffer) => (out += c.toString('utf8')))
    const resumed = performance.now()
    await otherVirsh(['resume', '--domain', serialUuid])
    await waitFor('the boot menu offer', 20_000, () => (out.includes('Press ESC') ? true : undefined))
    firstWords.push(performance.now() - resumed)
    serial.close()
    await serial.ended
    await otherVirsh(['destroy', '--domain', serialUuid])
  }
  lines.push(
    '| serial console (diskless TCG domain, SeaBIOS useserial) | median |',
    '|---|---|',
    `| open (script + virsh console attached) | ${ms(median(attach))} |`,
    `| resume → "Press ESC for boot menu" on the stream | ${ms(median(firstWords))} |`,
  )
  process.stdout.write(`${lines.join('\n')}\n`)
} finally {
  for (const uuid of created) await removeWithSnapshots(uuid)
  await remove()
  await t.close()
}
