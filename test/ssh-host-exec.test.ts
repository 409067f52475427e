/**
 * SshHost against a real OpenSSH server on 127.0.0.1 (test/support/sshd.ts): commands (quoting,
 * timeouts, cancel, concurrency, streams), files over SFTP, and sudo with a password. No mocks.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import type { PasswordPrompter } from '../src/main/host/host.js'
import { hostileArgs, splitNul } from './support/hostile-args.js'
import { waitFor } from './support/libvirt.js'
import { sshdForFile } from './support/ssh-app.js'

const ssh = sshdForFile()
const { makeHost } = ssh

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
    await waitFor('timed-out sleep killed', 5000, async () =>
      (await host.exec('pgrep', ['-u', ssh.sshd.user, '-x', '-f', 'sleep 10'])).code === 1 ? true : undefined,
    )

    const controller = new AbortController()
    const running = host.exec('sleep', ['37.5'])
    const cancelled = host.exec('sleep', ['38.5'], { signal: controller.signal })
    await waitFor('remote sleep started', 5000, async () =>
      (await host.exec('pgrep', ['-u', ssh.sshd.user, '-f', 'sleep 38.5'])).code === 0 ? true : undefined,
    )
    controller.abort()
    await expect(cancelled).rejects.toMatchObject({ code: 'CANCELLED' })
    // The remote process is gone, not just the channel.
    await waitFor('remote sleep killed', 5000, async () =>
      (await host.exec('pgrep', ['-u', ssh.sshd.user, '-f', 'sleep 38.5'])).code === 1 ? true : undefined,
    )
    await host.close()
    await expect(running).rejects.toMatchObject({ code: 'HOST_UNREACHABLE' })
    // Like ssh, closing the connection does not stop a command that does not read its input.
    await promisify(execFile)('pkill', ['-u', ssh.sshd.user, '-f', 'sleep 37.5']).catch(() => undefined)
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
    await waitFor('spawned sleep killed', 5000, async () =>
      (await host.exec('pgrep', ['-u', ssh.sshd.user, '-f', 'sleep 39.5'])).code === 1 ? true : undefined,
    )
  })
})

describe('files over SFTP', () => {
  it('writes and reads back a file whose name has spaces, quotes and unicode, keeping its mode', async () => {
    const host = makeHost()
    const path = `/home/${ssh.sshd.user}/it's a "file" é 日本 🙂.conf`
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
    await expect(host.readFile(`/home/${ssh.sshd.user}/missing file`)).rejects.toMatchObject({
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
        return ssh.sshd.password
      },
    })
    const result = await host.privileged('sh', ['-c', 'id -u; cat'], {
      reason: 'Check root access',
      input: 'stdin after sudo\n',
    })
    expect(result).toEqual({ stdout: '0\nstdin after sudo\n', stderr: '', code: 0 })
    expect(asked).toHaveLength(1)
    expect(asked[0]).toMatchObject({ hostId: host.id, kind: 'sudo', reason: 'Check root access' })
    expect(asked[0]?.prompt).toContain(ssh.sshd.user)
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
