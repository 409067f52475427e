/**
 * Console throughput at a real VNC port (numbers in docs/PERFORMANCE.md, "Console pipes"): a QEMU
 * TCG guest whose screen never rests (SeaBIOS finds nothing to boot and reboots at once), read by
 * a viewer that asks for the whole screen in raw pixels again as soon as a frame is in. The same
 * viewer reads it directly from QEMU's VNC port and through the app's real `vm.vnc` pipe (the
 * harness WebSocket, the shim's pipe code), alternately, ROUNDS times SECONDS each.
 * Three processes as in the app: QEMU, main (this one: the app and the harness), the viewer.
 * Run: `npx tsx --tsconfig tsconfig.node.json scripts/bench-console-qemu.ts` (needs libvirtd).
 */
import { execFileSync, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp } from '../src/main/app.js'
import { createEphemeralCipher } from '../src/main/store/ephemeral-cipher.js'
import { startHarness } from '../src/harness/server.js'
import { harnessPipes } from '../src/harness/shim/pipes.js'
import { rfbBulk } from './bench/rfb-bulk.js'
import type { RfbBulkResult } from './bench/rfb-bulk.js'

const ROUNDS = 5
const SECONDS = 4
const URI = 'qemu:///system'

function say(line: string): void {
  process.stdout.write(`${line}\n`)
}
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? NaN
}
function virsh(...args: string[]): string {
  return execFileSync('virsh', ['-c', URI, ...args], { encoding: 'utf8' }).trim()
}

/** A diskless guest that reboots as soon as SeaBIOS finds nothing to boot: its screen keeps changing. */
function restlessGuest(name: string): string {
  return `<domain type='qemu'>
  <name>${name}</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><bios rebootTimeout='0'/></os>
  <devices>
    <graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1'/>
    <video><model type='vga'/></video>
  </devices>
</domain>
`
}

async function main(): Promise<void> {
  const name = `vd-bench-vnc-${randomBytes(3).toString('hex')}`
  const dir = await mkdtemp(join(tmpdir(), 'virtdeck-bench-qemu-'))
  await writeFile(join(dir, 'guest.xml'), restlessGuest(name))
  await writeFile(join(dir, 'index.html'), '<html><head></head><body></body></html>')
  virsh('create', join(dir, 'guest.xml'))
  const app = createApp({ dataDir: join(dir, 'data'), cipher: createEphemeralCipher(), homeDir: dir })
  const harness = await startHarness(app, { rendererDir: dir })
  try {
    const uuid = virsh('domuuid', name)
    const display = virsh('domdisplay', name)
    const port = 5900 + Number(display.slice(display.lastIndexOf(':') + 1))
    say(
      `node ${process.version}, ${new Date().toISOString()}, load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}, ${virsh('version').split('\n').at(-1) ?? ''}`,
    )
    const viewer = spawn(
      process.execPath,
      [
        ...process.execArgv,
        import.meta.filename,
        'viewer',
        String(port),
        String(harness.port),
        harness.token,
        uuid,
        name,
      ],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    )
    const code = await new Promise<number | null>((resolve) => viewer.on('exit', resolve))
    if (code !== 0) throw new Error(`the viewer exited ${code}`)
  } finally {
    await harness.close()
    await app.close()
    try {
      virsh('destroy', name)
    } catch {
      // Already gone.
    }
    await rm(dir, { recursive: true, force: true })
  }
}

async function viewer(
  port: number,
  harnessPort: number,
  token: string,
  uuid: string,
  name: string,
): Promise<void> {
  const direct = (): Promise<RfbBulkResult> => {
    const socket = connect(port, '127.0.0.1')
    socket.setNoDelay(true)
    const bulk = rfbBulk((bytes) => socket.write(bytes), SECONDS)
    socket.on('data', (chunk: Buffer) => bulk.feed(chunk))
    return bulk.done.finally(() => socket.destroy())
  }
  const pipes = harnessPipes(`ws://127.0.0.1:${harnessPort}`, token)
  const piped = (): Promise<RfbBulkResult> => {
    const pipe = pipes.openPipe('vm.vnc', { hostId: 'local', uuid, name })
    const bulk = rfbBulk((bytes) => pipe.send(bytes), SECONDS)
    pipe.onMessage((chunk) => bulk.feed(chunk))
    return bulk.done.finally(() => pipe.close())
  }
  const rows: { direct: RfbBulkResult; pipe: RfbBulkResult }[] = []
  for (let round = 0; round < ROUNDS; round++) rows.push({ direct: await direct(), pipe: await piped() })
  const mib = (r: RfbBulkResult): number => r.bytes / r.seconds / 1024 / 1024
  const fps = (r: RfbBulkResult): number => r.frames / r.seconds
  const first = rows[0]?.direct
  say(`screen ${first?.width}x${first?.height}, raw 32-bit frames, ${ROUNDS} rounds of ${SECONDS} s each way`)
  for (const [i, row] of rows.entries())
    say(
      `  round ${i + 1}: direct ${mib(row.direct).toFixed(1)} MiB/s (${fps(row.direct).toFixed(1)} frames/s), pipe ${mib(row.pipe).toFixed(1)} MiB/s (${fps(row.pipe).toFixed(1)} frames/s)`,
    )
  const d = median(rows.map((r) => mib(r.direct)))
  const p = median(rows.map((r) => mib(r.pipe)))
  say(
    `median: direct ${d.toFixed(1)} MiB/s (${median(rows.map((r) => fps(r.direct))).toFixed(1)} frames/s), pipe ${p.toFixed(1)} MiB/s (${median(rows.map((r) => fps(r.pipe))).toFixed(1)} frames/s) = ${((p / d) * 100).toFixed(0)} %`,
  )
}

const [role, ...rest] = process.argv.slice(2)
const run =
  role === 'viewer'
    ? viewer(Number(rest[0]), Number(rest[1]), rest[2] ?? '', rest[3] ?? '', rest[4] ?? '').then(() =>
        process.exit(0),
      )
    : main()
void run.catch((error: unknown) => {
  process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`)
  process.exit(1)
})
