/**
 * Real libvirt for tests: tiny diskless QEMU (TCG) domains on the running libvirtd, "someone else"
 * acting through a separate virsh, test-driver node files, the libvirtd restart, and a lock that
 * keeps the restart away from tests using the daemon. No mocks.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { buildElement, createElement, createText } from '../../src/main/libvirt/xml/index.js'

const run = promisify(execFile)

export const SYSTEM_URI = 'qemu:///system'

/** Awkward on purpose: spaces, quotes, shell and virsh metacharacters, XML specials, unicode. */
export const HOSTILE = ` 'q' "dq" $(x) ; & | * ~ #h \\ <x> é日本☃`

/** A unique domain name starting with `prefix`; with `hostile`, followed by HOSTILE. */
export function uniqueName(prefix: string, hostile = false): string {
  return `${prefix}-${randomBytes(3).toString('hex')}${hostile ? HOSTILE : ''}`
}

/** A diskless 64 MiB TCG domain: boots SeaBIOS and idles; VNC on 127.0.0.1. */
export function tinyDomainXml(name: string, options: { memoryMiB?: number } = {}): string {
  const text = (
    tag: string,
    value: string,
    attrs: Record<string, string> = {},
  ): ReturnType<typeof createElement> => createElement(tag, attrs, [createText(value)])
  const domain = createElement('domain', { type: 'qemu' }, [
    text('name', name),
    text('memory', String(options.memoryMiB ?? 64), { unit: 'MiB' }),
    text('vcpu', '1'),
    createElement('os', {}, [text('type', 'hvm', { arch: 'x86_64', machine: 'pc' })]),
    createElement('devices', {}, [
      createElement('graphics', { type: 'vnc', listen: '127.0.0.1', autoport: 'yes' }),
    ]),
  ])
  return `${buildElement(domain)}\n`
}

/** "Someone else": a separate `virsh -c qemu:///system …` (arguments, no shell). */
export async function otherVirsh(args: readonly string[], options: { uri?: string } = {}): Promise<string> {
  try {
    return (await run('virsh', ['-q', '-c', options.uri ?? SYSTEM_URI, ...args], { encoding: 'utf8' })).stdout
  } catch (error) {
    const stderr =
      typeof error === 'object' && error !== null && 'stderr' in error ? String(error.stderr) : String(error)
    throw new Error(`virsh ${args.join(' ')} failed: ${stderr}`)
  }
}

/** Defines a tiny domain as someone else would; returns its UUID. */
export async function defineTiny(name: string, uri = SYSTEM_URI): Promise<string> {
  // Through a file: a Node child's stdin is a socket, which /dev/stdin cannot open.
  const dir = await mkdtemp(join(tmpdir(), 'virtdeck-define-'))
  try {
    await writeFile(join(dir, 'domain.xml'), tinyDomainXml(name))
    await otherVirsh(['define', '--file', join(dir, 'domain.xml')], { uri })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
  return (await otherVirsh(['domuuid', '--domain', name], { uri })).trim()
}

/** Forces off and undefines, ignoring "not running" and "no such domain". */
export async function removeDomain(uuid: string, uri = SYSTEM_URI): Promise<void> {
  await otherVirsh(['destroy', '--domain', uuid], { uri }).catch(() => undefined)
  await otherVirsh(['undefine', '--domain', uuid, '--nvram'], { uri }).catch(() =>
    otherVirsh(['undefine', '--domain', uuid], { uri }).catch(() => undefined),
  )
}

/** Polls `check` every 20 ms until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  check: () => T | undefined | Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** Test driver node XML with `count` domains (every third shut off), or the given names. */
export function nodeXml(count: number, options: { names?: string[]; osId?: string } = {}): string {
  const domains: string[] = []
  const names = options.names ?? Array.from({ length: count }, (_, i) => `vm-${String(i).padStart(4, '0')}`)
  names.forEach((name, i) => {
    const children = [
      createElement('name', {}, [createText(name)]),
      createElement('memory', { unit: 'KiB' }, [createText(String(((i % 8) + 1) * 262144))]),
      createElement('currentMemory', { unit: 'KiB' }, [createText(String(((i % 8) + 1) * 131072))]),
      createElement('vcpu', {}, [createText(String((i % 4) + 1))]),
      createElement('os', {}, [createElement('type', {}, [createText('hvm')])]),
    ]
    if (options.osId !== undefined && i % 2 === 0) {
      children.splice(
        1,
        0,
        createElement('metadata', {}, [
          createElement(
            'libosinfo:libosinfo',
            { 'xmlns:libosinfo': 'http://libosinfo.org/xmlns/libvirt/domain/1.0' },
            [createElement('libosinfo:os', { id: options.osId })],
          ),
        ]),
      )
    }
    if (i % 3 === 0) children.push(createElement('test:runstate', {}, [createText('5')]))
    domains.push(
      buildElement(
        createElement(
          'domain',
          { type: 'test', 'xmlns:test': 'http://libvirt.org/schemas/domain/test/1.0' },
          children,
        ),
      ),
    )
  })
  return `<node>\n${domains.join('\n')}\n</node>\n`
}

/** Puts `user` in the libvirt group (the testbed lets that group use qemu:///system). Idempotent. */
export async function ensureLibvirtGroup(user: string): Promise<void> {
  const { stdout } = await run('id', ['-nG', user])
  if (stdout.split(/\s+/).includes('libvirt')) return
  await run('flock', ['/run/lock/virtdeck-test-account.lock', 'usermod', '-aG', 'libvirt', user])
}

/**
 * A lock between test files that use libvirtd (shared) and the test that restarts it (exclusive),
 * held by a `flock` child process for as long as the returned release function is not called.
 */
export async function lockLibvirtd(
  mode: 'shared' | 'exclusive',
  timeoutMs = 90_000,
): Promise<() => Promise<void>> {
  const child: ChildProcess = spawn(
    'flock',
    [
      mode === 'shared' ? '--shared' : '--exclusive',
      '--timeout',
      String(Math.ceil(timeoutMs / 1000)),
      '/run/lock/virtdeck-libvirtd.lock',
      'sh',
      '-c',
      'echo locked; exec cat',
    ],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  )
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve())
    child.once('exit', (code) =>
      reject(new Error(`flock exited (${String(code)}) before taking the libvirtd lock`)),
    )
  })
  return async () => {
    if (child.exitCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.stdin?.end()
    await exited
  }
}

/** Whether libvirtd answers on qemu:///system. */
export async function libvirtdAnswers(): Promise<boolean> {
  try {
    await run('virsh', ['-q', '-c', SYSTEM_URI, 'uri'], { timeout: 5000 })
    return true
  } catch {
    return false
  }
}

/**
 * Stops libvirtd (by the pid in its pid file, checked to be libvirtd) and starts it again the way
 * the testbed does (`libvirtd -d`); resolves once virsh answers again. Running QEMU processes survive.
 */
export async function restartLibvirtd(options: { whileDown?: () => Promise<void> } = {}): Promise<void> {
  const pid = Number((await readFile('/run/libvirtd.pid', 'utf8')).trim())
  const comm = (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim()
  if (!Number.isInteger(pid) || comm !== 'libvirtd')
    throw new Error(`/run/libvirtd.pid names ${pid} (${comm || 'gone'}), not libvirtd`)
  process.kill(pid, 'SIGTERM')
  await waitFor('libvirtd to stop', 30_000, async () =>
    (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim() === 'libvirtd' ? undefined : true,
  )
  try {
    if (options.whileDown !== undefined) await options.whileDown()
  } finally {
    await startLibvirtd()
  }
}

/** `libvirtd -d` until it answers (a daemon started while the old one still held its pid file gives up). */
async function startLibvirtd(): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await run('libvirtd', ['-d'])
    try {
      await waitFor('libvirtd to answer', 15_000, async () => ((await libvirtdAnswers()) ? true : undefined))
      return
    } catch (error) {
      if (attempt === 3) throw error
    }
  }
}
