import { closeSync, constants, existsSync, mkdtempSync, openSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CliRun } from './support/cli.js'
import { runVirtdeck } from './support/cli.js'
import { afterAll, describe, expect, it } from 'vitest'
import type { DoctorReport } from '@shared/checks.js'
import type { NestedStatus } from '@shared/nested.js'

/** `virtdeck doctor` and `virtdeck nested` as child processes, on a temp profile, against this machine. */

const dataDir = mkdtempSync(join(tmpdir(), 'virtdeck-cli-'))
afterAll(() => rm(dataDir, { recursive: true, force: true }))

type Run = CliRun

function virtdeck(args: string[]): Promise<Run> {
  return runVirtdeck(args, dataDir)
}

const kvmOpensHere = ((): boolean => {
  try {
    closeSync(openSync('/dev/kvm', constants.O_RDWR))
    return true
  } catch {
    return false
  }
})()
const EXPECTED = kvmOpensHere
  ? ['Ready for KVM', 'KVM works, nested off', 'KVM works, but libvirt cannot use it']
  : undefined

describe('virtdeck doctor (child process)', () => {
  it('--json prints the report with the verdict for this machine', async () => {
    const run = await virtdeck(['doctor', '--json'])
    expect(run.code, run.stderr).toBe(0)
    const report = JSON.parse(run.stdout) as DoctorReport
    expect(report.hostId).toBe('local')
    expect(report.checks.find((check) => check.id === 'kvm-probe')).toBeDefined()
    if (EXPECTED) expect(EXPECTED, run.stdout).toContain(report.verdict.headline)
    else expect(report.verdict.level).not.toBe('ready')
  }, 60_000)

  it('--markdown prints the report as Markdown, with the same verdict', async () => {
    const run = await virtdeck(['doctor', '--markdown'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/^# VirtDeck host report: This computer\n/)
    const headline = /^## Verdict: (.+)$/m.exec(run.stdout)?.[1]
    if (EXPECTED) expect(EXPECTED).toContain(headline)
    expect(run.stdout).toContain('| Status | Check | Summary |')
  }, 60_000)

  it('prints text by default: the headline first, then a line per check with its status', async () => {
    const run = await virtdeck(['doctor'])
    expect(run.code, run.stderr).toBe(0)
    const [first] = run.stdout.split('\n')
    expect(first).toMatch(/^This computer: /)
    if (EXPECTED) expect(EXPECTED).toContain(first?.slice('This computer: '.length))
    expect(run.stdout).toMatch(/^ {2}(PASS|INFO|WARN|FAIL|\?\?\?\?) {2}KVM actually works \(probe\): /m)
  }, 60_000)

  it('refuses bad usage with one line and exit code 2', async () => {
    const run = await virtdeck(['doctor', '--json', '--markdown'])
    expect(run.code).toBe(2)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'INVALID_INPUT' } })
    const unknown = await virtdeck(['doctor', '--host', 'No such host'])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toMatch(/^virtdeck: No host is called “No such host”/)
  }, 60_000)
})

describe('virtdeck nested (child process)', () => {
  it('status --json describes this machine', async () => {
    const run = await virtdeck(['nested', 'status', '--json'])
    expect(run.code, run.stderr).toBe(0)
    const status = JSON.parse(run.stdout) as NestedStatus
    expect(status.hostId).toBe('local')
    expect(['Y', 'N', 'unknown']).toContain(status.nestedNow)
  }, 60_000)

  it('enable shows the preview, and without a terminal and without --yes changes nothing', async () => {
    const conf = '/etc/modprobe.d/nested_virtualization.conf'
    const existed = existsSync(conf)
    const run = await virtdeck(['nested', 'enable', '--method', 'modprobe'])
    expect(run.stdout).toMatch(/^Enable nested KVM on This computer with the modprobe method/)
    if (/BLOCKED: /.test(run.stdout)) {
      expect(run.code).toBe(1)
    } else {
      expect(run.stdout).toContain(conf)
      expect(run.code).toBe(2)
      expect(run.stderr.trim()).toBe(
        'virtdeck: Nothing was changed: standard input is not a terminal, so confirm with --yes.',
      )
    }
    expect(existsSync(conf)).toBe(existed)
    const changes = await virtdeck(['nested', 'changes', '--json'])
    expect(JSON.parse(changes.stdout)).toEqual([])
  }, 60_000)
})
