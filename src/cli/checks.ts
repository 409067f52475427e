import { parseArgs } from 'node:util'
import type { CheckResult, CheckStatus, DoctorReport } from '@shared/checks.js'
import { AppError } from '@shared/errors.js'
import type { HostView } from '@shared/hosts.js'
import type { App } from '../main/app.js'
import { call } from './hosts.js'
import type { Output } from './output.js'

export const USAGE = `usage:
  virtdeck checks [--host NAME] [--json | --markdown]     (also: virtdeck doctor)

Checks whether the host is ready for fast VMs (KVM, nested, IOMMU, libvirt, QEMU, OVMF) and says
why. Text by default; --json and --markdown print the whole report for asking for help.`

const STATUS_WORD: Record<CheckStatus, string> = {
  pass: 'PASS',
  warn: 'WARN',
  fail: 'FAIL',
  unknown: '????',
  info: 'INFO',
}

/** The host a command works on: --host NAME, else "This computer" (or the first local host). */
export function targetHost(app: App, name: string | undefined): HostView {
  if (name !== undefined) return app.hosts.resolve(name)
  const hosts = app.hosts.list()
  const local = hosts.find((host) => host.id === 'local') ?? hosts.find((host) => host.kind === 'local')
  if (local === undefined) {
    throw new AppError('NOT_FOUND', 'There is no local host; name one with --host NAME.', {
      detail: 'List the hosts with: virtdeck hosts list',
    })
  }
  return local
}

function checkLines(check: CheckResult): string[] {
  const lines = [`  ${STATUS_WORD[check.status]}  ${check.title}: ${check.summary}`]
  if (check.fix !== undefined) {
    lines.push(`        Fix: ${check.fix.text}`)
    for (const command of check.fix.commands ?? []) lines.push(`          $ ${command}`)
  }
  return lines
}

/** The report as text: verdict headline and explanation, disagreeing signals, then a line per check. */
function doctorText(hostName: string, report: DoctorReport): string {
  const { verdict } = report
  const lines = [`${hostName}: ${verdict.headline}`, '', verdict.explanation]
  if (verdict.signalsDisagree !== undefined) {
    lines.push('', 'Signals that disagree:')
    for (const signal of verdict.signalsDisagree.signals) lines.push(`  - ${signal}`)
    lines.push(`  Trusted: ${verdict.signalsDisagree.trusted}. ${verdict.signalsDisagree.why}`)
  }
  lines.push('', 'Checks:')
  for (const check of report.checks) lines.push(...checkLines(check))
  lines.push(
    '',
    `Checked in ${(report.durationMs / 1000).toFixed(1)} s. Full report: virtdeck doctor --markdown`,
  )
  return lines.join('\n')
}

export async function checksCommand(app: App, argv: string[], out: Output): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      host: { type: 'string' },
      json: { type: 'boolean' },
      markdown: { type: 'boolean' },
      verbose: { type: 'boolean', short: 'v' },
    },
  })
  if (positionals.length > 0)
    throw new AppError('INVALID_INPUT', `doctor: unexpected argument ${positionals[0] ?? ''}`, {
      detail: USAGE,
    })
  if (values.json === true && values.markdown === true)
    throw new AppError('INVALID_INPUT', 'doctor: choose --json or --markdown, not both', { detail: USAGE })
  const host = targetHost(app, values.host)
  const run = await call(app, 'checks.run', { hostId: host.id }, values.verbose === true)
  if (values.markdown === true) {
    process.stdout.write(run.markdown.endsWith('\n') ? run.markdown : `${run.markdown}\n`)
    return
  }
  if (out.json) {
    process.stdout.write(run.json)
    return
  }
  out.result(run.report, () => doctorText(host.name, run.report))
}
