/**
 * The Vagrant runner on this computer with real vagrant: output reaches the caller within 100 ms
 * of Vagrant writing it, and a cancel leaves no process of the run behind (checked with pgrep).
 */
import { execFileSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LocalHost } from '../src/main/host/local-host.js'
import { runVagrant } from '../src/main/vagrant/runner.js'
import type { VagrantSandbox } from './support/vagrant.js'
import { vagrantSandbox } from './support/vagrant.js'

let sandbox: VagrantSandbox
const host = new LocalHost()

beforeAll(() => {
  sandbox = vagrantSandbox()
})
afterAll(() => sandbox.close())

/** Processes of a process group, from pgrep (empty when none is left). */
function groupMembers(pgid: number): string[] {
  try {
    return execFileSync('pgrep', ['-a', '-g', String(pgid)], { encoding: 'utf8' })
      .trim()
      .split('\n')
  } catch {
    return []
  }
}

// vagrant starts slowly (1–3 s, more on a busy machine).
describe('vagrant runner', { timeout: 60_000 }, () => {
  it('streams each line to the caller within 100 ms of Vagrant writing it', async () => {
    // A Vagrantfile is Ruby run by Vagrant: these lines are written by the vagrant process itself,
    // stamped with the time of writing, 300 ms apart.
    const vagrantfile = [
      '5.times do |i|',
      '  $stdout.write("#{Time.now.to_i},,ui,info,probe #{i} #{(Time.now.to_f * 1000).round}\\n")',
      '  sleep 0.3',
      'end',
      'Vagrant.configure("2") { |config| config.vm.box = "local/none" }',
      '',
    ].join('\n')
    const dir = sandbox.project('latency', vagrantfile)
    const delays: number[] = []
    const outcome = await runVagrant(host, {
      cwd: dir,
      args: ['status'],
      env: sandbox.env({ VAGRANT_DEFAULT_PROVIDER: 'docker' }),
      onLine: (line) => {
        if (line.kind !== 'record' || !(line.data[1] ?? '').startsWith('probe ')) return
        delays.push(Date.now() - Number(line.data[1]?.split(' ')[2]))
      },
    })
    expect(outcome.code).toBe(0)
    expect(delays).toHaveLength(5)
    expect(Math.max(...delays)).toBeLessThan(100)
    expect(outcome.lines.some((l) => l.kind === 'record' && l.type === 'state')).toBe(true)
  })

  it('cancel stops Vagrant and everything it started; no process of the group remains', async () => {
    // Vagrant starts a child that ignores Ctrl-C, then keeps busy: the runner must escalate.
    const vagrantfile = [
      "Process.spawn('sh', '-c', 'trap \"\" INT; sleep 300')",
      '$stdout.write("#{Time.now.to_i},,ui,info,busy\\n")',
      'sleep 120',
      'Vagrant.configure("2") { |config| config.vm.box = "local/none" }',
      '',
    ].join('\n')
    const dir = sandbox.project('cancel', vagrantfile)
    const controller = new AbortController()
    const started = Date.now()
    let pgid = 0
    let members: string[] = []
    const outcome = await runVagrant(host, {
      cwd: dir,
      args: ['status'],
      env: sandbox.env({ VAGRANT_DEFAULT_PROVIDER: 'docker' }),
      signal: controller.signal,
      graceMs: 1500,
      onStart: (id) => (pgid = id),
      onLine: (line) => {
        if (line.kind === 'record' && line.data[1] === 'busy')
          setTimeout(() => {
            members = groupMembers(pgid)
            controller.abort()
          }, 200)
      },
    })
    expect(outcome.cancelled).toBe(true)
    expect(outcome.pgid).toBe(pgid)
    expect(pgid).toBeGreaterThan(1)
    expect(Date.now() - started).toBeLessThan(15_000)
    expect(groupMembers(outcome.pgid ?? 0)).toEqual([])
    expect(members.join('\n')).toContain('sleep 300')
  })
})
