/**
 * SshHost against a real OpenSSH server on 127.0.0.1 (test/support/sshd.ts): host keys (unknown,
 * other key types, nothing listening) and every auth method. No mocks.
 */
import { execFileSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { knownHosts, sshdForFile } from './support/ssh-app.js'
import { freePort, startSshAgent, startSshd } from './support/sshd.js'

const ssh = sshdForFile()
const { makeHost } = ssh

describe('host keys', () => {
  it('refuses an unknown key with its fingerprint, then connects once the user trusts it', async () => {
    const known = knownHosts()
    const host = makeHost({ verifyHostKey: known.verify })
    const error: unknown = await host.connect().catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: 'HOST_KEY_UNKNOWN',
      message: `The host key of ${ssh.address()} is not known yet`,
      data: { address: ssh.address(), keyType: 'ssh-ed25519', fingerprint: ssh.sshd.hostKeyFingerprint },
    })
    expect(ssh.sshd.hostKeyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/)
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
      const host = makeHost({ verifyHostKey: knownHosts().verify }, other)
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
    const port = await freePort()
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
    const key = makeHost({ auth: { method: 'key', privateKey: await readFile(ssh.sshd.keyPath) } })
    expect((await key.exec('id', ['-un'])).stdout).toBe(`${ssh.sshd.user}\n`)
    const encrypted = makeHost({
      auth: {
        method: 'key',
        privateKey: await readFile(ssh.sshd.encryptedKeyPath),
        passphrase: ssh.sshd.passphrase,
      },
    })
    expect((await encrypted.exec('id', ['-un'])).stdout).toBe(`${ssh.sshd.user}\n`)
  })

  it('asks for the passphrase of an encrypted key given without one, and refuses a wrong one', async () => {
    const privateKey = await readFile(ssh.sshd.encryptedKeyPath)
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
    const path = `${ssh.sshd.dir}/stranger`
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path])
    await expect(
      makeHost({ auth: { method: 'key', privateKey: await readFile(path) } }).connect(),
    ).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      data: { method: 'key' },
    })
  })

  it('logs in through a real ssh-agent', async () => {
    const agent = await startSshAgent(ssh.sshd.keyPath)
    try {
      const host = makeHost({ auth: { method: 'agent', agentSocket: agent.socket } })
      expect((await host.exec('id', ['-un'])).stdout).toBe(`${ssh.sshd.user}\n`)
      await host.close()
    } finally {
      await agent.stop()
    }
    await expect(
      makeHost({ auth: { method: 'agent', agentSocket: agent.socket } }).connect(),
    ).rejects.toMatchObject({ code: 'AUTH_FAILED', data: { method: 'agent' } })
  })
})
