import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hostileArgs, splitNul } from '../../../test/support/hostile-args.js'
import { ensureTestAccount, TEST_PASSWORD, TEST_USER } from '../../../test/support/sshd.js'
import { LocalHost } from './local-host.js'
import { commandNotFound } from './missing-command.js'

const run = promisify(execFile)
const host = new LocalHost()
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'virtdeck-local-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('LocalHost.exec', () => {
  it('passes hostile arguments through unchanged and runs none of them', async () => {
    const { args, pwnedPath } = hostileArgs(`local-${process.pid}`)
    const result = await host.exec('printf', ['%s\\0', ...args])
    expect(result.code).toBe(0)
    expect(splitNul(result.stdout)).toEqual(args)
    expect(existsSync(pwnedPath)).toBe(false)
  })

  it('returns exit code, stdout and stderr; feeds input; adds env', async () => {
    const result = await host.exec('sh', ['-c', 'cat; echo "$VD_X" >&2; exit 3'], {
      input: 'hé 日本\n',
      env: { VD_X: 'from env' },
    })
    expect(result).toEqual({ stdout: 'hé 日本\n', stderr: 'from env\n', code: 3 })
  })

  it('decodes UTF-8 that arrives split across chunks', async () => {
    const text = '日本🙂é'.repeat(50_000)
    const result = await host.exec('cat', [], { input: text })
    expect(result.stdout).toBe(text)
  })

  it('rejects COMMAND_NOT_FOUND for a missing program, saying what to install when known', async () => {
    await expect(host.exec('virtdeck-no-such-program', ['x'])).rejects.toMatchObject({
      code: 'COMMAND_NOT_FOUND',
      message: 'virtdeck-no-such-program is not installed on this computer',
    })
    const hint = commandNotFound('virsh', 'this computer')
    expect(hint.message).toBe('virsh is not installed on this computer')
    expect(hint.detail).toContain('libvirt-clients')
  })

  it('stops a command at its timeout with TIMEOUT naming it', async () => {
    const started = Date.now()
    const error: unknown = await host.exec('sleep', ['10'], { timeoutMs: 300 }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'TIMEOUT', message: expect.stringContaining('sleep 10') })
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('cancels through an AbortSignal and kills the process', async () => {
    const controller = new AbortController()
    const marker = `virtdeck-cancel-${process.pid}`
    const running = host.exec('bash', ['-c', `exec -a ${marker} sleep 10`], { signal: controller.signal })
    await waitFor(async () => (await host.exec('pgrep', ['-f', marker])).stdout.trim().length > 0)
    controller.abort()
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' })
    await waitFor(async () => (await host.exec('pgrep', ['-f', marker])).stdout.trim().length === 0)
    await expect(host.exec('true', [], { signal: controller.signal })).rejects.toMatchObject({
      code: 'CANCELLED',
    })
  })

  it('spawns a long-lived process with streams', async () => {
    const proc = await host.spawn('cat', [])
    const chunks: Buffer[] = []
    proc.stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
    proc.stdin.end('streamed\n')
    expect(await proc.exited).toEqual({ code: 0, signal: null })
    expect(Buffer.concat(chunks).toString()).toBe('streamed\n')
    const sleeper = await host.spawn('sleep', ['10'])
    sleeper.kill()
    expect(await sleeper.exited).toEqual({ code: null, signal: 'SIGTERM' })
    await expect(host.spawn('virtdeck-no-such-program', [])).rejects.toMatchObject({
      code: 'COMMAND_NOT_FOUND',
    })
  })
})

describe('LocalHost files', () => {
  it('writes atomically, keeps the mode of the file it replaces, reads back', async () => {
    const path = join(dir, `it's a "file" é 日本.conf`)
    await host.writeFile(path, 'first\n', { mode: 0o640 })
    expect((await stat(path)).mode & 0o7777).toBe(0o640)
    await host.writeFile(path, Buffer.from('second\n'))
    expect((await stat(path)).mode & 0o7777).toBe(0o640)
    expect((await host.readFile(path)).toString()).toBe('second\n')
    expect((await readdir(dir)).filter((name) => name.includes('virtdeck-'))).toEqual([])
  })

  it('says NOT_FOUND for a missing file or folder', async () => {
    await expect(host.readFile(join(dir, 'missing'))).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(host.writeFile(join(dir, 'no-dir', 'f'), 'x')).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})

describe('LocalHost.privileged', () => {
  it('runs directly when VirtDeck already runs as root', async () => {
    if (process.getuid?.() !== 0) return
    const result = await host.privileged('id', ['-u'], { reason: 'test' })
    expect(result.stdout.trim()).toBe('0')
  })

  // The sudo path needs a non-root user: a child node process runs LocalHost as the test account.
  it.runIf(process.getuid?.() === 0)(
    'asks for the sudo password through the prompter when not root',
    { timeout: 30_000 },
    async () => {
      await ensureTestAccount()
      const script = join(dir, 'sudo-child.mts')
      await writeFile(
        script,
        `import { LocalHost } from ${JSON.stringify(resolve('src/main/host/local-host.ts'))}
const answers: (string | null)[] = JSON.parse(process.env.VD_ANSWERS ?? '[]')
const asked: unknown[] = []
const host = new LocalHost({ prompter: async (request) => { asked.push(request); return answers.shift() ?? null } })
const outcome = await host.privileged('sh', ['-c', 'id -u; cat'], { reason: 'Test local sudo', input: 'fed\\n' }).then(
  (result) => ({ result }),
  (error: { code?: string; message?: string }) => ({ error: { code: error.code, message: error.message } }),
)
process.stdout.write(JSON.stringify({ asked, outcome }))
`,
      )
      await run('chmod', ['755', dir])
      await run('chmod', ['644', script])
      const child = async (
        answers: (string | null)[],
      ): Promise<{
        asked: { kind: string; reason: string }[]
        outcome: { result?: { stdout: string; code: number }; error?: { code: string } }
      }> => {
        const { stdout } = await run(
          'runuser',
          ['-u', TEST_USER, '--', process.execPath, '--import', 'tsx', script],
          {
            cwd: process.cwd(),
            env: { ...process.env, VD_ANSWERS: JSON.stringify(answers), HOME: `/home/${TEST_USER}` },
          },
        )
        return JSON.parse(stdout) as never
      }
      const ok = await child([TEST_PASSWORD])
      expect(ok.asked).toHaveLength(1)
      expect(ok.asked[0]).toMatchObject({ kind: 'sudo', reason: 'Test local sudo' })
      expect(ok.outcome.result).toMatchObject({ stdout: '0\nfed\n', code: 0 })
      const cancelled = await child([null])
      expect(cancelled.outcome.error).toMatchObject({ code: 'CANCELLED' })
    },
  )
})

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 20))
  }
}
