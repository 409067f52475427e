/**
 * Console pipe benchmark (numbers in docs/PERFORMANCE.md, "Console pipes"): the harness's pipe
 * transport (WebSocket on the harness origin, the shim's own client code) against a direct TCP
 * connection to the same server on 127.0.0.1:
 * 1. bulk throughput: the server sends 256 MiB as fast as it can (what a VNC server does with a
 *    full-screen video), measured where the page receives it;
 * 2. keystroke round trip: 8 bytes (an RFB KeyEvent) out, 8 back, 300 times one after another.
 * The servers stand in for QEMU's VNC port (its output rate depends on the guest, not on us); the
 * pipe's source is a plain TCP connection, exactly what the `vm.vnc` opener hands over.
 * Three processes, as in the app: the servers (QEMU's place), main (the harness), the client (the
 * page's place; the shim's pipe code on Node's WebSocket).
 * Run: `npx tsx --tsconfig tsconfig.node.json scripts/bench-console.ts`.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { connect, createServer } from 'node:net'
import type { AddressInfo, Server, Socket } from 'node:net'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp } from '../src/main/app.js'
import { createEphemeralCipher } from '../src/main/store/ephemeral-cipher.js'
import { startHarness } from '../src/harness/server.js'
import { harnessPipes } from '../src/harness/shim/pipes.js'
import WsClient from 'ws'
import { bulkInChromium } from './bench/in-chromium.js'
import { cpuSecondsOf } from './bench/proc.js'

const BULK = 256 * 1024 * 1024

interface CpuShare {
  server: number
  main: number
  client: number
}
/** utime + stime of each process in seconds. */
async function cpuSeconds(pids: CpuShare): Promise<CpuShare> {
  const [server, main, client] = await Promise.all([pids.server, pids.main, pids.client].map(cpuSecondsOf))
  return { server: server ?? 0, main: main ?? 0, client: client ?? 0 }
}
const ROUNDS = 5
const TRIPS = 300

function say(line: string): void {
  process.stdout.write(`${line}\n`)
}
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? NaN
}
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN
}
async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

/** Sends BULK bytes to whoever connects, then ends. */
const bulkServer = createServer((socket) => {
  const chunk = Buffer.alloc(64 * 1024, 0x5a)
  let left = BULK
  const pump = (): void => {
    while (left > 0) {
      left -= chunk.length
      if (!socket.write(chunk)) return void socket.once('drain', pump)
    }
    socket.end()
  }
  pump()
})
const echoServer = createServer((socket) => {
  socket.setNoDelay(true)
  socket.pipe(socket)
})

/** Runs this file again in its own process with a role; resolves with its first stdout line. */
function child(role: string, args: string[], onLine: (line: string) => void): Promise<() => void> {
  const proc = spawn(process.execPath, [...process.execArgv, import.meta.filename, role, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let buffer = ''
  return new Promise((resolve, reject) => {
    proc.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString()
      let newline = buffer.indexOf('\n')
      while (newline >= 0) {
        onLine(buffer.slice(0, newline))
        buffer = buffer.slice(newline + 1)
        newline = buffer.indexOf('\n')
        resolve(() => proc.kill())
      }
    })
    proc.on('exit', (code) =>
      code === 0 ? resolve(() => undefined) : reject(new Error(`${role} exited ${code}`)),
    )
  })
}

async function servers(): Promise<void> {
  const bulkPort = await listen(bulkServer)
  const echoPort = await listen(echoServer)
  say(`${bulkPort} ${echoPort} ${process.pid}`)
}

async function main(): Promise<void> {
  let ports: number[] = []
  const stopServers = await child('servers', [], (line) => (ports = line.split(' ').map(Number)))
  const [bulkPort = 0, echoPort = 0, serverPid = 0] = ports
  const dir = await mkdtemp(join(tmpdir(), 'virtdeck-bench-console-'))
  await writeFile(join(dir, 'index.html'), '<html><head></head><body></body></html>')
  const app = createApp({ dataDir: join(dir, 'data'), cipher: createEphemeralCipher(), homeDir: dir })
  // The page says which server the pipe should reach in the VM's UUID (the last digit).
  app.pipes.register('vm.vnc', async (args) => {
    const socket = connect(args.uuid.endsWith('1') ? bulkPort : echoPort, '127.0.0.1')
    socket.setNoDelay(true)
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject))
    return {
      stream: socket,
      info: { where: 'bench', passwordSet: false, endpoint: 'bench' },
      close: () => socket.destroy(),
    }
  })
  const harness = await startHarness(app, { rendererDir: dir })
  // Baseline for any relay in main: a plain TCP relay (socket.pipe) to the bulk server.
  const relay = createServer((socket) => {
    const upstream = connect(bulkPort, '127.0.0.1')
    upstream.pipe(socket)
    socket.pipe(upstream)
    socket.on('error', () => upstream.destroy())
  })
  const relayPort = await listen(relay)
  say(
    `node ${process.version}, ${new Date().toISOString()}, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  )
  await new Promise<void>((resolve, reject) => {
    child(
      'client',
      [
        String(bulkPort),
        String(echoPort),
        String(harness.port),
        harness.token,
        String(relayPort),
        String(serverPid),
        String(process.pid),
      ],
      (line) => (line === 'done' ? resolve() : say(line)),
    ).catch(reject)
  })
  relay.close()
  // The real page: Chromium reads the same pipe (its network service parses the WebSocket).
  const page = await bulkInChromium(
    harness.url,
    { kind: 'vm.vnc', args: { hostId: 'local', uuid: '00000000-0000-4000-8000-000000000001' } },
    BULK,
    ROUNDS,
  )
  const mib = (v: number): string => `${(v / 1024 / 1024).toFixed(0)} MiB/s`
  say(
    `in Chromium (the real page, same pipe): median ${mib(median(page.rates))} (${page.rates.map(mib).join(', ')}); Chromium's processes ${median(page.cpuPerGiB).toFixed(2)} s CPU per GiB`,
  )
  await harness.close()
  await app.close()
  stopServers()
  await rm(dir, { recursive: true, force: true })
}

async function client(
  bulkPort: number,
  echoPort: number,
  harnessPort: number,
  token: string,
  relayPort: number,
  serverPid: number,
  mainPid: number,
): Promise<void> {
  const pipes = harnessPipes(`ws://127.0.0.1:${harnessPort}`, token)
  const bulkRef = { hostId: 'local', uuid: '00000000-0000-4000-8000-000000000001' }
  const echoRef = { hostId: 'local', uuid: '00000000-0000-4000-8000-000000000002' }
  const directBulk = async (port = bulkPort): Promise<number> => {
    const started = performance.now()
    const socket = connect(port, '127.0.0.1')
    let got = 0
    await new Promise<void>((resolve) => {
      socket.on('data', (chunk: Buffer) => (got += chunk.length))
      socket.on('end', resolve)
    })
    if (got !== BULK) throw new Error(`direct: ${got} bytes`)
    return (BULK / (performance.now() - started)) * 1000
  }
  const pipeBulk = async (): Promise<number> => {
    const started = performance.now()
    const pipe = pipes.openPipe('vm.vnc', bulkRef)
    let got = 0
    await new Promise<void>((resolve) => {
      pipe.onMessage((data) => (got += data.byteLength))
      pipe.onClose(() => resolve())
    })
    if (got !== BULK) throw new Error(`pipe: ${got} bytes`)
    return (BULK / (performance.now() - started)) * 1000
  }
  /** The same transport read by the `ws` package instead of Node's built-in WebSocket (undici). */
  const wsBulk = async (): Promise<number> => {
    const started = performance.now()
    const socket = new WsClient(`ws://127.0.0.1:${harnessPort}/pipe?token=${token}`)
    let got = 0
    await new Promise<void>((resolve) => {
      socket.on('open', () => socket.send(JSON.stringify({ type: 'open', kind: 'vm.vnc', args: bulkRef })))
      socket.on('message', (data: Buffer, binary) => {
        if (binary) got += data.length
      })
      socket.on('close', () => resolve())
    })
    if (got !== BULK) throw new Error(`ws: ${got} bytes`)
    return (BULK / (performance.now() - started)) * 1000
  }
  const mib = (v: number): string => `${(v / 1024 / 1024).toFixed(0)} MiB/s`
  const direct: number[] = []
  const piped: number[] = []
  const wsPiped: number[] = []
  const relayed: number[] = []
  // CPU seconds each process spent per GiB carried (utime + stime from /proc, 10 ms ticks).
  const stages = { server: serverPid, main: mainPid, client: process.pid }
  const cpuOf = { direct: [] as CpuShare[], pipe: [] as CpuShare[] }
  const measured = async (run: () => Promise<number>, into: CpuShare[]): Promise<number> => {
    const before = await cpuSeconds(stages)
    const rate = await run()
    const after = await cpuSeconds(stages)
    const gib = BULK / 1024 ** 3
    into.push({
      server: (after.server - before.server) / gib,
      main: (after.main - before.main) / gib,
      client: (after.client - before.client) / gib,
    })
    return rate
  }
  for (let round = 0; round < ROUNDS; round++) {
    direct.push(await measured(directBulk, cpuOf.direct))
    relayed.push(await directBulk(relayPort))
    piped.push(await measured(pipeBulk, cpuOf.pipe))
    wsPiped.push(await wsBulk())
  }
  const share = (list: CpuShare[]): string =>
    (['server', 'main', 'client'] as const)
      .map((k) => `${k} ${median(list.map((c) => c[k])).toFixed(2)} s`)
      .join(', ')
  const total = (list: CpuShare[]): number => median(list.map((c) => c.server + c.main + c.client))
  say(`  CPU per GiB carried, direct: ${share(cpuOf.direct)} (all ${total(cpuOf.direct).toFixed(2)} s)`)
  say(`  CPU per GiB carried, pipe:   ${share(cpuOf.pipe)} (all ${total(cpuOf.pipe).toFixed(2)} s)`)
  say(
    `  plain TCP relay in main (socket.pipe, no WebSocket): ${mib(median(relayed))} = ${((median(relayed) / median(direct)) * 100).toFixed(0)} % (${relayed.map(mib).join(', ')})`,
  )
  say(
    `  pipe read by the ws package: ${mib(median(wsPiped))} = ${((median(wsPiped) / median(direct)) * 100).toFixed(0)} % (${wsPiped.map(mib).join(', ')})`,
  )
  say(
    `bulk 256 MiB, median of ${ROUNDS}: direct TCP ${mib(median(direct))}, pipe ${mib(median(piped))} = ${((median(piped) / median(direct)) * 100).toFixed(0)} %`,
  )
  say(`  direct: ${direct.map(mib).join(', ')}`)
  say(`  pipe:   ${piped.map(mib).join(', ')}`)

  const key = Buffer.from([4, 1, 0, 0, 0, 0, 0xff, 0x0d])
  const directTrips = async (): Promise<number[]> => {
    const socket: Socket = connect(echoPort, '127.0.0.1')
    socket.setNoDelay(true)
    await new Promise((resolve) => socket.once('connect', resolve))
    const times: number[] = []
    for (let i = 0; i < TRIPS; i++) {
      const started = performance.now()
      await new Promise<void>((resolve) => {
        let got = 0
        const on = (chunk: Buffer): void => {
          got += chunk.length
          if (got >= key.length) {
            socket.off('data', on)
            resolve()
          }
        }
        socket.on('data', on)
        socket.write(key)
      })
      times.push(performance.now() - started)
    }
    socket.destroy()
    return times
  }
  const pipeTrips = async (): Promise<number[]> => {
    const pipe = pipes.openPipe('vm.vnc', echoRef)
    await pipe.ready
    const times: number[] = []
    let waiting: (() => void) | undefined
    let got = 0
    pipe.onMessage((data) => {
      got += data.byteLength
      if (got >= key.length) {
        got = 0
        waiting?.()
      }
    })
    for (let i = 0; i < TRIPS; i++) {
      const started = performance.now()
      await new Promise<void>((resolve) => {
        waiting = resolve
        pipe.send(key)
      })
      times.push(performance.now() - started)
    }
    pipe.close()
    return times
  }
  const d = await directTrips()
  const p = await pipeTrips()
  const ms = (v: number): string => `${v.toFixed(3)} ms`
  say(
    `keystroke round trip, ${TRIPS} trips: direct median ${ms(median(d))} (p95 ${ms(percentile(d, 0.95))}), pipe median ${ms(median(p))} (p95 ${ms(percentile(p, 0.95))}); added median ${ms(median(p) - median(d))}, p95 ${ms(percentile(p, 0.95) - percentile(d, 0.95))}`,
  )

  say('done')
}

const [role, ...rest] = process.argv.slice(2)
const run =
  role === 'servers'
    ? servers()
    : role === 'client'
      ? client(
          Number(rest[0]),
          Number(rest[1]),
          Number(rest[2]),
          rest[3] ?? '',
          Number(rest[4]),
          Number(rest[5]),
          Number(rest[6]),
        ).then(() => process.exit(0))
      : main()
void run.catch((error: unknown) => {
  process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`)
  process.exit(1)
})
