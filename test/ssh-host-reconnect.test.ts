/**
 * SshHost's connection over time against a real OpenSSH server on 127.0.0.1 (test/support/sshd.ts):
 * reconnect after a drop, backoff and giving up, and a host key that changed meanwhile. No mocks.
 */
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { HostConnectionState } from '@shared/hosts.js'
import { waitFor } from './support/libvirt.js'
import { knownHosts, sshdForFile } from './support/ssh-app.js'
import { startSshd } from './support/sshd.js'

const ssh = sshdForFile()
const { makeHost } = ssh

describe('connection life', () => {
  it('reconnects after the connection is killed, and calls made meanwhile wait for it', async () => {
    const host = makeHost({ reconnect: { initialDelayMs: 100, maxDelayMs: 400 } })
    const states: HostConnectionState[] = []
    host.onStateChange((state) => states.push(state))
    await host.connect()
    await ssh.sshd.killConnections()
    const reconnecting = await waitFor('reconnecting state', 5000, () =>
      states.find((s) => s.status === 'connecting' && s.attempt === 1),
    )
    expect(reconnecting.nextRetryAt).toBeGreaterThan(Date.now() - 1000)
    expect(reconnecting.reason).toContain('lost')
    // Made while down: waits for the new connection instead of failing.
    const result = await host.exec('echo', ['back'])
    expect(result.stdout).toBe('back\n')
    expect(states.at(-1)).toEqual({ status: 'connected' })
    expect(states.map((s) => s.status)).toEqual(['connecting', 'connected', 'connecting', 'connected'])

    await host.close()
    expect(host.state()).toEqual({ status: 'disconnected' })
    await ssh.sshd.killConnections()
    expect(states.at(-1)).toEqual({ status: 'disconnected' })
  })

  it('backs off between reconnect attempts and gives up after maxAttempts', async () => {
    const other = await startSshd()
    try {
      const host = makeHost(
        {
          id: 'give-up',
          connectTimeoutMs: 2000,
          reconnect: { initialDelayMs: 100, maxDelayMs: 150, maxAttempts: 3 },
        },
        other,
      )
      const states: (HostConnectionState & { at: number })[] = []
      host.onStateChange((state) => states.push({ ...state, at: Date.now() }))
      await host.connect()
      await other.stop() // listener and connections gone: every attempt is refused
      await waitFor('gave up', 5000, () => (host.state().status === 'error' ? true : undefined))
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
    const oldFingerprint = ssh.sshd.hostKeyFingerprint
    const connected = makeHost({ reconnect: { initialDelayMs: 50, maxDelayMs: 100 } })
    const states: HostConnectionState[] = []
    connected.onStateChange((state) => states.push(state))
    await connected.connect()

    await ssh.sshd.restart({ newHostKey: true })
    expect(ssh.sshd.hostKeyFingerprint).not.toBe(oldFingerprint)

    const marker = `/tmp/virtdeck-ran-${process.pid}`
    const fresh = makeHost({ verifyHostKey: knownHosts({ [ssh.address()]: oldFingerprint }).verify })
    const error: unknown = await fresh.exec('touch', [marker]).catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: 'HOST_KEY_CHANGED',
      message: expect.stringContaining('differs from the one you accepted before'),
      detail: expect.stringContaining(ssh.sshd.hostKeyFingerprint),
      data: { fingerprint: ssh.sshd.hostKeyFingerprint, keyType: 'ssh-ed25519' },
    })
    expect(error).toMatchObject({ detail: expect.stringContaining('forget the stored key') })
    expect(existsSync(marker)).toBe(false)

    // The live connection drops and meets the new key on reconnect: an error, not a retry loop.
    await ssh.sshd.killConnections()
    await waitFor('error state', 5000, () => (connected.state().status === 'error' ? true : undefined))
    expect(connected.state()).toMatchObject({ status: 'error', code: 'HOST_KEY_CHANGED' })
    const count = states.length
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(states.length).toBe(count)
  })
})
