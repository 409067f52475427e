/**
 * SshHost against a real OpenSSH server on 127.0.0.1 (test/support/sshd.ts): host keys, every auth
 * method, quoting, timeouts, SFTP, sudo, concurrency and reconnects. No mocks.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HostConnectionState } from '@shared/hosts.js'
import type { PasswordPrompter } from '../src/main/host/host.js'
import type { HostKeyInfo } from '../src/main/host/host-key.js'
import { SshHost, type SshAuth, type SshHostOptions } from '../src/main/host/ssh-host.js'
import { hostileArgs, splitNul } from './support/hostile-args.js'
import { startSshAgent, startSshd, type TestSshd } from './support/sshd.js'

let sshd: TestSshd
const hosts: SshHost[] = []

beforeAll(async () => {
  sshd = await startSshd()
}, 30_000)

afterAll(async () => {
  await Promise.all(hosts.map((host) => host.close()))
  await sshd.stop()
})

/** The app's known-hosts store in miniature: address → accepted fingerprint. */
function knownHosts(entries: Record<string, string> = {}): {
  store: Map<string, string>
  verify: (key: HostKeyInfo) => 'trusted' | 'unknown' | 'changed'
  seen: HostKeyInfo[]
} {
  const store = new Map(Object.entries(entries))
  const seen: HostKeyInfo[] = []
  return {
    store,
    seen,
    verify: (key) => {
      seen.push(key)
      const accepted = store.get(key.address)
      if (accepted === undefined) return 'unknown'
      return accepted === key.fingerprint ? 'trusted' : 'changed'
    },
  }
}

function address(): string {
  return `127.0.0.1:${sshd.port}`
}

function makeHost(
  options: {
    auth?: SshAuth
    verify?: SshHostOptions['verifyHostKey']
    prompter?: PasswordPrompter
    port?: number
    reconnect?: SshHostOptions['reconnect']
  } = {},
): SshHost {
  const host = new SshHost({
    id: `test-${hosts.length}`,
    hostname: '127.0.0.1',
    port: options.port ?? sshd.port,
    username: sshd.user,
    auth: options.auth ?? { method: 'password', password: sshd.password },
    verifyHostKey: options.verify ?? knownHosts({ [address()]: sshd.hostKeyFingerprint }).verify,
    connectTimeoutMs: 5000,
    keepaliveIntervalMs: 5000,
    reconnect: options.reconnect ?? { initialDelayMs: 50, maxDelayMs: 400 },
    ...(options.prompter === undefined ? {} : { prompter: options.prompter }),
  })
  hosts.push(host)
  return host
}

async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('host keys', () => {
  it('refuses an unknown key with its fingerprint, then connects once the user trusts it', async () => {
    const known = knownHosts()
    const host = makeHost({ verify: known.verify })
    const error: unknown = await host.connect().catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: 'HOST_KEY_UNKNOWN',
      message: `The host key of ${address()} is not known yet`,
      data: { address: address(), keyType: 'ssh-ed25519', fingerprint: sshd.hostKeyFingerprint },
    })
    expect(sshd.hostKeyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/)
    expect(host.state()).toMatchObject({ status: 'error', code: 'HOST_KEY_UNKNOWN' })

    // The UI showed the fingerprint and the user accepted it.
    const offered = known.seen[0]
    expect(offered).toBeDefined()
    known.store.set(offered?.address ?? '', offered?.fingerprint ?? '')
    await host.connect()
    expect(host.state()).toEqual({ status: 'connected' })
    expect(await host.exec('uname', ['-s'])).toEqual({ stdout: 'Linux\n', stderr: '', code: 0 })
  })

  it.each([
    ['ecdsa', 'ecdsa-sha2-nistp256'],
    ['rsa', 'ssh-rsa'],
  ] as const)('reads type and fingerprint of an %s host key', async (type, keyType) => {
    const other = await startSshd({ hostKeyType: type })
    try {
      const host = makeHost({ port: other.port, verify: knownHosts().verify })
      const error: unknown = await host.connect().catch((e: unknown) => e)
      expect(other.hostKeyType).toBe(keyType)
      expect(error).toMatchObject({
        code: 'HOST_KEY_UNKNOWN',
        data: { keyType, fingerprint: other.hostKeyFingerprint },
      })
    } finally {
      await other.stop()
    }
  })

  it('fails with HOST_UNREACHABLE and the OS reason when nothing listens', async () => {
    const port = await closedPort()
    const host = makeHost({ port })
    const error: unknown = await host.connect().catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: 'HOST_UNREACHABLE',
      message: expect.stringContaining('ECONNREFUSED'),
      detail: expect.stringContaining(`port ${port}`),
    })
  })
})

describe('authentication', () => {
  it('rejects a wrong password with AUTH_FAILED naming the method', async () => {
    const host = makeHost({ auth: { method: 'password', password: 'not the password' } })
    await expect(host.connect()).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      message: expect.stringContaining('the password'),
      data: { method: 'password' },
    })
    expect(host.state()).toMatchObject({ status: 'error', code: 'AUTH_FAILED' })
  })

  it('logs in with a key, and with an encrypted key and its passphrase', async () => {
    const key = makeHost({ auth: { method: 'key', privateKey: await readFile(sshd.keyPath) } })
    expect((await key.exec('id', ['-un'])).stdout).toBe(`${sshd.user}\n`)
    const encrypted = makeHost({
      auth: { method: 'key', privateKey: await readFile(sshd.encryptedKeyPath), passphrase: sshd.passphrase },
    })
    expect((await encrypted.exec('id', ['-un'])).stdout).toBe(`${sshd.user}\n`)
  })

  it('asks for the passphrase of an encrypted key given without one, and refuses a wrong one', async () => {
    const privateKey = await readFile(sshd.encryptedKeyPath)
    await expect(makeHost({ auth: { method: 'key', privateKey } }).connect()).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      message: expect.stringContaining('passphrase'),
      data: { needsPassphrase: true },
    })
    await expect(
      makeHost({ auth: { method: 'key', privateKey, passphrase: 'wrong' } }).connect(),
    ).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      message: expect.stringContaining('passphrase'),
    })
  })

  it('rejects a key the server does not know', async () => {
    const { execFileSync } = await import('node:child_process')
    const path = `${sshd.dir}/stranger`
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path])
    await expect(
      makeHost({ auth: { method: 'key', privateKey: await readFile(path) } }).connect(),
    ).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      data: { method: 'key' },
    })
  })

  it('logs in through a real ssh-agent', async () => {
    const agent = await startSshAgent(sshd.keyPath)
    try {
      const host = makeHost({ auth: { method: 'agent', agentSocket: agent.socket } })
      expect((await host.exec('id', ['-un'])).stdout).toBe(`${sshd.user}\n`)
      await host.close()
    } finally {
      await agent.stop()
    }
    await expect(
      makeHost({ auth: { method: 'agent', agentSocket: agent.socket } }).connect(),
    ).rejects.toMatchObject({ code: 'AUTH_FAILED', data: { method: 'agent' } })
  })
})

describe('exec', () => {
  it('passes hostile arguments through the remote shell unchanged and runs none of them', async () => {
    const host = makeHost()
    const { args, pwnedPath } = hostileArgs(`ssh-${process.pid}`)
    const result = await host.exec('printf', ['%s\\0', ...args])
    expect(result.code).toBe(0)
    expect(splitNul(result.stdout)).toEqual(args)
    const viaEnv = await host.exec('printf', ['%s\\0', ...args], { env: { VD_X: `$(touch ${pwnedPath})` } })
    expect(splitNul(viaEnv.stdout)).toEqual(args)
    expect(existsSync(pwnedPath)).toBe(false)
    expect(existsSync('/tmp/redirected')).toBe(false)
  })

  it('feeds input, passes env, returns exit code and stderr', async () => {
    const host = makeHost()
    const result = await host.exec('sh', ['-c', 'cat; printf "%s\\n" "$VD_X" >&2; exit 4'], {
      input: 'hé 日本\n',
      env: { VD_X: "it's $HOME" },
    })
    expect(result).toEqual({ stdout: 'hé 日本\n', stderr: "it's $HOME\n", code: 4 })
  })

  it('says COMMAND_NOT_FOUND for a program the machine lacks', async () => {
    const host = makeHost()
    await expect(host.exec('virtdeck-no-such-program', ['--help'])).rejects.toMatchObject({
      code: 'COMMAND_NOT_FOUND',
      message: 'virtdeck-no-such-program is not installed on 127.0.0.1',
    })
    await expect(host.exec('virtdeck-no-such-program', [], { env: { A: 'b' } })).rejects.toMatchObject({
      code: 'COMMAND_NOT_FOUND',
    })
  })

  it('stops a command at its timeout, and kills it on cancel', async () => {
    const host = makeHost()
    await host.connect()
    const started = Date.now()
    await expect(host.exec('sleep', ['10'], { timeoutMs: 300 })).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringContaining('sleep 10'),
    })
    expect(Date.now() - started).toBeLessThan(2000)
    await waitFor(
      async () => (await host.exec('pgrep', ['-u', sshd.user, '-x', '-f', 'sleep 10'])).code === 1,
      5000,
      'timed-out sleep killed',
    )

    const controller = new AbortController()
    const running = host.exec('sleep', ['37.5'])
    const cancelled = host.exec('sleep', ['38.5'], { signal: controller.signal })
    await waitFor(
      async () => (await host.exec('pgrep', ['-u', sshd.user, '-f', 'sleep 38.5'])).code === 0,
      5000,
      'remote sleep started',
    )
    controller.abort()
    await expect(cancelled).rejects.toMatchObject({ code: 'CANCELLED' })
    // The remote process is gone, not just the channel.
    await waitFor(
      async () => (await host.exec('pgrep', ['-u', sshd.user, '-f', 'sleep 38.5'])).code === 1,
      5000,
      'remote sleep killed',
    )
    await host.close()
    await expect(running).rejects.toMatchObject({ code: 'HOST_UNREACHABLE' })
    // Like ssh, closing the connection does not stop a command that does not read its input.
    await promisify(execFile)('pkill', ['-u', sshd.user, '-f', 'sleep 37.5']).catch(() => undefined)
  })

  it('runs 20 commands at once over one connection within the session limit', async () => {
    const host = makeHost()
    await host.connect()
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => host.exec('sh', ['-c', `sleep 0.2; echo ${i}`])),
    )
    expect(results.map((r) => r.stdout.trim())).toEqual(Array.from({ length: 20 }, (_, i) => String(i)))
    expect(results.every((r) => r.code === 0)).toBe(true)
  })

  it('spawns a remote process with streams', async () => {
    const host = makeHost()
    const proc = await host.spawn('cat', [])
    const chunks: Buffer[] = []
    proc.stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
    proc.stdin.end('over ssh\n')
    expect(await proc.exited).toEqual({ code: 0, signal: null })
    expect(Buffer.concat(chunks).toString()).toBe('over ssh\n')
    const sleeper = await host.spawn('sleep', ['39.5'])
    sleeper.kill()
    await sleeper.exited
    await waitFor(
      async () => (await host.exec('pgrep', ['-u', sshd.user, '-f', 'sleep 39.5'])).code === 1,
      5000,
      'spawned sleep killed',
    )
  })
})

describe('files over SFTP', () => {
  it('writes and reads back a file whose name has spaces, quotes and unicode, keeping its mode', async () => {
    const host = makeHost()
    const path = `/home/${sshd.user}/it's a "file" é 日本 🙂.conf`
    await host.writeFile(path, 'first\n', { mode: 0o640 })
    await host.writeFile(path, Buffer.from('second ünïcode\n'))
    expect((await host.readFile(path)).toString()).toBe('second ünïcode\n')
    const listing = await host.exec('stat', ['-c', '%a', path])
    expect(listing.stdout).toBe('640\n')
    const leftovers = await host.exec('sh', ['-c', 'ls -A "$HOME" | grep -c virtdeck- || true'])
    expect(leftovers.stdout.trim()).toBe('0')
    await host.exec('rm', ['-f', path])
  })

  it('says NOT_FOUND and PERMISSION_DENIED', async () => {
    const host = makeHost()
    await expect(host.readFile(`/home/${sshd.user}/missing file`)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
    await expect(host.readFile('/etc/shadow')).rejects.toMatchObject({ code: 'PERMISSION_DENIED' })
    await expect(host.writeFile('/root/virtdeck-test', 'x')).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
    })
  })
})

describe('privileged over SSH (sudo with a password)', () => {
  it('asks through the prompter with the reason and runs as root', async () => {
    const asked: Parameters<PasswordPrompter>[0][] = []
    const host = makeHost({
      prompter: async (request) => {
        asked.push(request)
        return sshd.password
      },
    })
    const result = await host.privileged('sh', ['-c', 'id -u; cat'], {
      reason: 'Check root access',
      input: 'stdin after sudo\n',
    })
    expect(result).toEqual({ stdout: '0\nstdin after sudo\n', stderr: '', code: 0 })
    expect(asked).toHaveLength(1)
    expect(asked[0]).toMatchObject({ hostId: host.id, kind: 'sudo', reason: 'Check root access' })
    expect(asked[0]?.prompt).toContain(sshd.user)
  })

  it('gives up with AUTH_FAILED after three wrong passwords', { timeout: 20_000 }, async () => {
    let calls = 0
    const host = makeHost({
      prompter: async () => {
        calls += 1
        return 'wrong password'
      },
    })
    await expect(host.privileged('id', ['-u'], { reason: 'test' })).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      message: 'sudo refused the password',
    })
    expect(calls).toBe(3)
  })

  it('is CANCELLED when the user closes the prompt', async () => {
    const host = makeHost({ prompter: async () => null })
    await expect(
      host.privileged('touch', ['/root/virtdeck-should-not-exist'], { reason: 'test' }),
    ).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(existsSync('/root/virtdeck-should-not-exist')).toBe(false)
  })
})

describe('connection life', () => {
  it('reconnects after the connection is killed, and calls made meanwhile wait for it', async () => {
    const host = makeHost({ reconnect: { initialDelayMs: 100, maxDelayMs: 400 } })
    const states: HostConnectionState[] = []
    host.onStateChange((state) => states.push(state))
    await host.connect()
    await sshd.killConnections()
    await waitFor(
      () => states.some((s) => s.status === 'connecting' && s.attempt === 1),
      5000,
      'reconnecting state',
    )
    const reconnecting = states.find((s) => s.status === 'connecting' && s.attempt === 1)
    expect(reconnecting?.nextRetryAt).toBeGreaterThan(Date.now() - 1000)
    expect(reconnecting?.reason).toContain('lost')
    // Made while down: waits for the new connection instead of failing.
    const result = await host.exec('echo', ['back'])
    expect(result.stdout).toBe('back\n')
    expect(states.at(-1)).toEqual({ status: 'connected' })
    expect(states.map((s) => s.status)).toEqual(['connecting', 'connected', 'connecting', 'connected'])

    await host.close()
    expect(host.state()).toEqual({ status: 'disconnected' })
    await sshd.killConnections()
    expect(states.at(-1)).toEqual({ status: 'disconnected' })
  })

  it('backs off between reconnect attempts and gives up after maxAttempts', async () => {
    const other = await startSshd()
    try {
      const host = new SshHost({
        id: 'give-up',
        hostname: '127.0.0.1',
        port: other.port,
        username: other.user,
        auth: { method: 'password', password: other.password },
        verifyHostKey: knownHosts({ [`127.0.0.1:${other.port}`]: other.hostKeyFingerprint }).verify,
        connectTimeoutMs: 2000,
        reconnect: { initialDelayMs: 100, maxDelayMs: 150, maxAttempts: 3 },
      })
      hosts.push(host)
      const states: (HostConnectionState & { at: number })[] = []
      host.onStateChange((state) => states.push({ ...state, at: Date.now() }))
      await host.connect()
      await other.stop() // listener and connections gone: every attempt is refused
      await waitFor(() => host.state().status === 'error', 5000, 'gave up')
      const attempts = states.filter((s) => s.status === 'connecting' && s.attempt !== undefined)
      expect(attempts.map((s) => s.attempt)).toEqual([1, 2, 3])
      // 100 ms, then doubled but capped at 150 ms. nextRetryAt is taken just before the state is
      // emitted and `at` in the listener, so the clock may tick once in between (149 for 150).
      const delays = attempts.map((s) => (s.nextRetryAt ?? 0) - s.at)
      ;[100, 150, 150].forEach((wanted, i) => {
        expect(delays[i], `attempt ${i + 1}`).toBeLessThanOrEqual(wanted)
        expect(delays[i], `attempt ${i + 1}`).toBeGreaterThanOrEqual(wanted - 5)
      })
      expect(attempts[1]?.reason).toContain('ECONNREFUSED')
      expect(host.state()).toMatchObject({
        status: 'error',
        code: 'HOST_UNREACHABLE',
        reason: expect.stringContaining('Gave up'),
      })
      await expect(host.exec('true', [], { timeoutMs: 1000 })).rejects.toMatchObject({
        code: 'HOST_UNREACHABLE',
      })
    } finally {
      await other.stop()
    }
  })

  it('refuses a changed host key, runs nothing, and does not retry it', async () => {
    const oldFingerprint = sshd.hostKeyFingerprint
    const connected = makeHost({ reconnect: { initialDelayMs: 50, maxDelayMs: 100 } })
    const states: HostConnectionState[] = []
    connected.onStateChange((state) => states.push(state))
    await connected.connect()

    await sshd.restart({ newHostKey: true })
    expect(sshd.hostKeyFingerprint).not.toBe(oldFingerprint)

    const marker = `/tmp/virtdeck-ran-${process.pid}`
    const fresh = makeHost({ verify: knownHosts({ [address()]: oldFingerprint }).verify })
    const error: unknown = await fresh.exec('touch', [marker]).catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: 'HOST_KEY_CHANGED',
      message: expect.stringContaining('differs from the one you accepted before'),
      detail: expect.stringContaining(sshd.hostKeyFingerprint),
      data: { fingerprint: sshd.hostKeyFingerprint, keyType: 'ssh-ed25519' },
    })
    expect(error).toMatchObject({ detail: expect.stringContaining('forget the stored key') })
    expect(existsSync(marker)).toBe(false)

    // The live connection drops and meets the new key on reconnect: an error, not a retry loop.
    await sshd.killConnections()
    await waitFor(() => connected.state().status === 'error', 5000, 'error state')
    expect(connected.state()).toMatchObject({ status: 'error', code: 'HOST_KEY_CHANGED' })
    const count = states.length
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(states.length).toBe(count)
  })
})

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const info = server.address()
      server.close(() =>
        info !== null && typeof info === 'object' ? resolve(info.port) : reject(new Error('no port')),
      )
    })
  })
}
