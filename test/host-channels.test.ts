/**
 * Host.openSocket / Host.openTcp: a UNIX socket server and a TCP server this test creates, reached
 * from this computer (node:net) and through the real loopback sshd (test/support/sshd.ts) as
 * stream-local and direct-tcpip forwards on ONE SSH connection. No mocks.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Duplex } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LocalHost } from '../src/main/host/local-host.js'
import type { SshHost } from '../src/main/host/ssh-host.js'
import type { Host } from '../src/main/host/host.js'
import { startSshLink, type SshLink } from './support/ssh-app.js'

let link: SshLink
let dir: string
let socketPath: string
let closedSocketPath: string
let tcpPort: number
const servers: Server[] = []
let ssh: SshHost
const local = new LocalHost()

/** Answers every chunk with `echo:` + the chunk. */
function echoServer(): Server {
  const server = createServer((socket) =>
    socket.on('data', (data: Buffer) => socket.write(`echo:${data.toString()}`)),
  )
  servers.push(server)
  return server
}

function listen(server: Server, target: string | number): Promise<void> {
  return new Promise((resolve) =>
    typeof target === 'string' ? server.listen(target, resolve) : server.listen(target, '127.0.0.1', resolve),
  )
}

function roundTrip(stream: Duplex, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    stream.once('data', (data: Buffer) => resolve(data.toString()))
    stream.once('error', reject)
    stream.write(text)
  })
}

beforeAll(async () => {
  link = await startSshLink({ host: { id: 'channels' } })
  ssh = link.host
  dir = await mkdtemp(join(tmpdir(), 'virtdeck-channels-'))
  await chmod(dir, 0o755)
  socketPath = join(dir, 'echo.sock')
  await listen(echoServer(), socketPath)
  // The SSH user (vdtest) opens it on the remote side: like docker.sock for a docker-group member.
  await chmod(socketPath, 0o777)
  closedSocketPath = join(dir, 'root-only.sock')
  await listen(echoServer(), closedSocketPath)
  await chmod(closedSocketPath, 0o700)
  const tcp = echoServer()
  await listen(tcp, 0)
  const address = tcp.address()
  tcpPort = typeof address === 'object' && address !== null ? address.port : 0
}, 30_000)

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))))
  await link?.stop()
  await rm(dir, { recursive: true, force: true })
})

describe.each([
  ['this computer', (): Host => local],
  ['over SSH', (): Host => ssh],
])('channels %s', (_label, host) => {
  it('opens a UNIX socket and a TCP port; both carry bytes both ways', async () => {
    const unix = await host().openSocket(socketPath)
    expect(await roundTrip(unix, 'ping')).toBe('echo:ping')
    unix.destroy()
    const tcp = await host().openTcp('127.0.0.1', tcpPort)
    expect(await roundTrip(tcp, 'hello ☃')).toBe('echo:hello ☃')
    tcp.destroy()
  })

  it('says NOT_FOUND for a socket that does not exist and a port nobody listens on', async () => {
    await expect(host().openSocket(join(dir, 'missing.sock'))).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const free = createServer()
    await listen(free, 0)
    const address = free.address()
    const port = typeof address === 'object' && address !== null ? address.port : 0
    await new Promise((resolve) => free.close(resolve))
    await expect(host().openTcp('127.0.0.1', port)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('refuses a relative path, a NUL, a bad port before opening anything', async () => {
    await expect(host().openSocket('var/run/docker.sock')).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(host().openSocket('/tmp/a\0b')).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(host().openTcp('127.0.0.1', 70000)).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(host().openTcp('a b', 22)).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  })

  it('is cancelled by its signal', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(host().openSocket(socketPath, { signal: controller.signal })).rejects.toMatchObject({
      code: 'CANCELLED',
    })
  })
})

describe('channels over SSH', () => {
  it('runs 20 channels at once (more than MaxSessions=10) on the one connection: one login', async () => {
    const logins = (): number =>
      link.sshd
        .log()
        .split('\n')
        .filter((l) => l.includes('Accepted password')).length
    await ssh.connect()
    const before = logins()
    const streams = await Promise.all(Array.from({ length: 20 }, () => ssh.openSocket(socketPath)))
    const answers = await Promise.all(streams.map((s, i) => roundTrip(s, `n${i}`)))
    expect(answers).toEqual(streams.map((_s, i) => `echo:n${i}`))
    for (const s of streams) s.destroy()
    expect(logins()).toBe(before)
  })

  it('says the SSH user may lack permission when sshd cannot open a root-only socket', async () => {
    const error = await ssh.openSocket(closedSocketPath).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'NOT_FOUND' })
    expect((error as { detail?: string }).detail).toMatch(/permission/)
  })
})
