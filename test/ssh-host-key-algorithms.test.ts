/**
 * Host-key signatures: a real OpenSSH server that signs its RSA host key only with ssh-rsa (SHA-1)
 * is refused before anything is trusted or sent; the same key signed with rsa-sha2-512 is accepted.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { SshHost } from '../src/main/host/ssh-host.js'
import { loopbackSshHost } from './support/ssh-app.js'
import { startSshd, type TestSshd } from './support/sshd.js'

let sshd: TestSshd | undefined
let host: SshHost | undefined
afterEach(async () => {
  await host?.close()
  await sshd?.stop()
  host = undefined
  sshd = undefined
})

function connectTo(server: TestSshd): Promise<unknown> {
  host = loopbackSshHost(server, {
    id: 'hostkey-alg',
    reconnect: { initialDelayMs: 50, maxDelayMs: 100, maxAttempts: 1 },
  })
  return host.connect()
}

describe('host-key signature algorithms', () => {
  it('refuses a server that signs its host key only with ssh-rsa (SHA-1), and says why', async () => {
    sshd = await startSshd({ hostKeyType: 'rsa', extraConfig: ['HostKeyAlgorithms ssh-rsa'] })
    await expect(connectTo(sshd)).rejects.toMatchObject({
      code: 'HOST_UNREACHABLE',
      message: expect.stringMatching(/ssh-rsa \(SHA-1\)/),
    })
  }, 30_000)

  it('accepts the same kind of key signed with rsa-sha2-512', async () => {
    sshd = await startSshd({ hostKeyType: 'rsa', extraConfig: ['HostKeyAlgorithms rsa-sha2-512'] })
    await connectTo(sshd)
    const result = await host?.exec('echo', ['ok'])
    expect(result?.stdout).toBe('ok\n')
  }, 30_000)
})
