/**
 * The virsh transports against libvirt's test driver (an in-process fake hypervisor inside real
 * libvirt, real virsh): quoting of hostile words, framing, pipelining, batches, errors, timeouts,
 * cancel, restart after the process ends. No mocks.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { LocalHost } from '../src/main/host/local-host.js'
import type { LibvirtTransport } from '../src/main/libvirt/transport.js'
import { VirshExecTransport } from '../src/main/libvirt/virsh-exec.js'
import { fitsOnLine } from '../src/main/libvirt/virsh-quote.js'
import { VirshSession } from '../src/main/libvirt/virsh-session.js'
import { AppError } from '@shared/errors.js'
import { hostileArgs } from './support/hostile-args.js'

const host = new LocalHost()
const sessions: VirshSession[] = []

function session(options: ConstructorParameters<typeof VirshSession>[2] = {}): VirshSession {
  const s = new VirshSession(host, 'test:///default', { where: 'this computer', ...options })
  sessions.push(s)
  return s
}

afterAll(async () => {
  await Promise.all(sessions.map((s) => s.close()))
})

/** `echo --shell` prints each word quoted for sh; `echo` alone joins them with spaces. */
async function roundTrip(transport: LibvirtTransport, word: string): Promise<string> {
  return (await transport.run(['echo', '--', word])).replace(/\n$/, '')
}

describe('VirshSession (one long-lived virsh)', () => {
  it('passes every hostile word through byte for byte', async () => {
    const s = session()
    const words = hostileArgs('virsh-session').args.filter((w) => fitsOnLine([w]))
    for (const word of words) expect(await roundTrip(s, word), JSON.stringify(word)).toBe(word)
    expect(s.processesStarted).toBe(1)
  })

  it('answers pipelined calls in order, each with its own output', async () => {
    const s = session()
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => s.run(['echo', `n${i}`, `'${i}'`])),
    )
    results.forEach((out, i) => expect(out.trim()).toBe(`n${i} '${i}'`))
  })

  it('runs a batch in one round trip, outputs aligned, errors collected', async () => {
    const s = session()
    const batch = await s.runBatch([
      ['dominfo', 'test'],
      ['dominfo', 'nosuch'],
      ['domstate', 'test'],
    ])
    expect(batch.outputs).toHaveLength(3)
    expect(batch.outputs[0]).toMatch(/^Id:\s+1$/m)
    expect(batch.outputs[1]).toBe('')
    expect(batch.outputs[2]?.trim()).toBe('running')
    expect(batch.errors).toEqual(["failed to get domain 'nosuch'"])
  })

  it('maps errors and keeps going', async () => {
    const s = session()
    await expect(s.run(['dominfo', '--domain', 'nosuch'])).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: "failed to get domain 'nosuch'",
    })
    await expect(s.run(['start', '--domain', 'test'])).rejects.toMatchObject({ code: 'CONFLICT' })
    await expect(s.run(['list', '--bogus'])).rejects.toMatchObject({ code: 'UNSUPPORTED' })
    expect((await s.run(['domstate', 'test'])).trim()).toBe('running')
    expect(s.processesStarted).toBe(1)
  })

  it('keeps state between calls (one process: the test driver remembers)', async () => {
    const s = session()
    await s.run(['suspend', 'test'])
    expect((await s.run(['domstate', 'test'])).trim()).toBe('paused')
    await s.run(['resume', 'test'])
  })

  it('fails a hung call with TIMEOUT naming the command, and restarts', async () => {
    const s = session()
    const hung = s.run(['event', '--all', '--loop'], { timeoutMs: 300 })
    const behind = s.run(['uri'])
    const error = await hung.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject({
      code: 'TIMEOUT',
      message: '`virsh event` did not answer within 0.3 s on this computer',
    })
    // Queued behind it, written to the same process: interrupted, with why.
    await expect(behind).rejects.toMatchObject({
      code: 'COMMAND_FAILED',
      detail: expect.stringContaining('did not answer') as unknown,
    })
    expect((await s.run(['uri'])).trim()).toBe('test:///default')
    expect(s.processesStarted).toBe(2)
  })

  it('starts a new virsh when the old one ended', async () => {
    const s = session()
    await s.run(['uri'])
    await expect(s.run(['quit'])).rejects.toMatchObject({
      code: 'COMMAND_FAILED',
      message: expect.stringContaining('virsh ended unexpectedly') as unknown,
    })
    expect((await s.run(['uri'])).trim()).toBe('test:///default')
    expect(s.processesStarted).toBe(2)
  })

  it('cancels a queued or running call', async () => {
    const s = session()
    const controller = new AbortController()
    const running = s.run(['event', '--all', '--loop'], { signal: controller.signal })
    setTimeout(() => controller.abort(), 50)
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' })
    const already = new AbortController()
    already.abort()
    await expect(s.run(['uri'], { signal: already.signal })).rejects.toMatchObject({ code: 'CANCELLED' })
    expect((await s.run(['uri'])).trim()).toBe('test:///default')
  })

  it('refuses words with control characters on the test driver (no other process shares its state)', async () => {
    await expect(session().run(['echo', 'a\tb'])).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  })

  it('reports a URI it cannot open', async () => {
    const s = new VirshSession(host, 'test:///nonexistent/file.xml', { where: 'this computer' })
    sessions.push(s)
    await expect(s.run(['uri'])).rejects.toMatchObject({
      code: expect.stringMatching(/HOST_UNREACHABLE|COMMAND_FAILED/) as unknown,
    })
  })

  it('fails every call once closed', async () => {
    const s = session()
    await s.run(['uri'])
    await s.close()
    await expect(s.run(['uri'])).rejects.toMatchObject({ code: 'CANCELLED' })
  })
})

describe('VirshExecTransport (one virsh per call)', () => {
  const exec = new VirshExecTransport(host, 'test:///default', { where: 'this computer' })

  it('passes hostile words, control characters included', async () => {
    for (const word of [
      'two words',
      "it's",
      '$(touch /tmp/pwned-exec)',
      'tab\there',
      'line1\nline2',
      'é日本🙂',
    ]) {
      expect(await roundTrip(exec, word)).toBe(word)
    }
  })

  it('maps errors the same way', async () => {
    await expect(exec.run(['dominfo', '--domain', 'nosuch'])).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})
