/**
 * Commands over SSH reach the remote program byte for byte whatever the user's login shell is:
 * the real sshd on 127.0.0.1 runs each command line through the account's shell, so accounts with
 * fish (whose single quotes treat `\'` as an escape), dash and bash get the same hostile arguments.
 */
import { existsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SshHost } from '../src/main/host/ssh-host.js'
import { hostileArgs, splitNul } from './support/hostile-args.js'
import { loopbackSshHost } from './support/ssh-app.js'
import { ensureShellAccount, startSshd, TEST_USER, type TestSshd } from './support/sshd.js'

const SHELLS = [
  { user: 'vdfish', shell: '/usr/bin/fish' },
  { user: 'vddash', shell: '/bin/dash' },
  { user: TEST_USER, shell: '/bin/bash' },
]

let sshd: TestSshd
const hosts: SshHost[] = []

beforeAll(async () => {
  for (const { user, shell } of SHELLS) if (user !== TEST_USER) await ensureShellAccount(user, shell)
  sshd = await startSshd({ extraUsers: SHELLS.map((s) => s.user).filter((u) => u !== TEST_USER) })
}, 60_000)

afterAll(async () => {
  await Promise.all(hosts.map((host) => host.close()))
  await sshd?.stop()
})

function hostFor(user: string): SshHost {
  const host = loopbackSshHost(sshd, {
    id: `shell-${user}`,
    username: user,
    reconnect: { initialDelayMs: 50, maxDelayMs: 400, maxAttempts: 1 },
  })
  hosts.push(host)
  return host
}

describe.each(SHELLS)('login shell $shell', ({ user, shell }) => {
  it('passes hostile arguments and environment values verbatim and runs none of them', async () => {
    const { args, pwnedPath } = hostileArgs(`shell-${user}-${process.pid}`)
    await rm(pwnedPath, { force: true })
    const more = [
      "a'b",
      "\\'",
      "\\\\'",
      "'\\'",
      `'; touch ${pwnedPath}; echo '`,
      `\\'; touch ${pwnedPath}; echo \\'`,
      `$(touch ${pwnedPath})`,
      `; touch ${pwnedPath}`,
      `\ntouch ${pwnedPath}\n`,
      '(touch /tmp/x)',
      '%self',
      '$status',
      'end',
    ]
    const host = hostFor(user)
    await host.connect()
    const login = await host.exec('sh', ['-c', 'getent passwd "$(id -un)" | cut -d: -f7'])
    expect(login.stdout.trim()).toBe(shell)
    const all = [...args, ...more]
    const result = await host.exec('printf', ['%s\\0', ...all])
    expect(result.stderr).toBe('')
    expect(splitNul(result.stdout)).toEqual(all)
    const env = await host.exec('printenv', ['VD_X'], { env: { VD_X: `\\'; touch ${pwnedPath}; '\n$(x)` } })
    expect(env.stdout).toBe(`\\'; touch ${pwnedPath}; '\n$(x)\n`)
    const missing = await host.exec('virtdeck-no-such-program', []).catch((error: unknown) => error)
    expect(missing).toMatchObject({ code: 'COMMAND_NOT_FOUND' })
    expect(existsSync(pwnedPath)).toBe(false)
  }, 30_000)
})
