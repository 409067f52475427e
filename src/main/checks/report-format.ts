import type { CheckResult, CheckStatus, DoctorReport } from '../../shared/checks.js'

const STATUS_LABEL: Record<CheckStatus, string> = {
  pass: '✅ pass',
  warn: '⚠️ warn',
  fail: '❌ fail',
  unknown: '❔ unknown',
  info: 'ℹ️ info',
}
const LEVEL_LABEL: Record<DoctorReport['verdict']['level'], string> = {
  ready: '✅ ready',
  degraded: '⚠️ degraded',
  unusable: '❌ unusable',
}

/** A table cell: one line, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|')
}

/** A fenced block that the text cannot close early (the fence is longer than any backtick run inside). */
function fence(text: string, language = 'text'): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length))
  const marks = '`'.repeat(longest + 1)
  return `${marks}${language}\n${text.replace(/\n+$/, '')}\n${marks}`
}

function details(check: CheckResult): string {
  const parts = [`### ${check.title} — ${STATUS_LABEL[check.status]}`, '', check.summary]
  for (const evidence of check.evidence)
    parts.push('', `Evidence — \`${evidence.source.replace(/`/g, "'")}\`:`, '', fence(evidence.text))
  if (check.fix !== undefined) {
    parts.push('', `**Fix:** ${check.fix.text}`)
    if (check.fix.commands !== undefined && check.fix.commands.length > 0)
      parts.push('', fence(check.fix.commands.join('\n'), 'sh'))
  }
  return parts.join('\n')
}

const VALIDATE_PREFIX = 'virt-host-validate:'

/** Each check's details; virt-host-validate's lines become one section with its whole output, not one per line. */
function detailSections(checks: readonly CheckResult[]): string[] {
  const sections: string[] = []
  const validate = checks.filter((check) => check.id.startsWith(VALIDATE_PREFIX))
  let validateShown = false
  for (const check of checks) {
    if (!check.id.startsWith(VALIDATE_PREFIX)) {
      sections.push(details(check))
      continue
    }
    if (validateShown) continue
    validateShown = true
    const notable = validate.filter((line) => line.status !== 'pass')
    const parts = [`### virt-host-validate (${validate.length} lines, ${notable.length} not PASS)`, '']
    for (const line of notable)
      parts.push(
        `- ${STATUS_LABEL[line.status]} ${line.title.slice(VALIDATE_PREFIX.length).trim()}: ${line.summary}`,
      )
    parts.push(
      '',
      'Output — `$ virt-host-validate`:',
      '',
      fence(validate.map((line) => line.evidence.map((evidence) => evidence.text).join('\n')).join('\n')),
    )
    sections.push(parts.join('\n'))
  }
  return sections
}

/**
 * The whole report as Markdown, to paste into a forum post or an issue: verdict first, then the
 * table of checks, then each check's evidence in code blocks and its fix.
 */
export function toMarkdown(report: DoctorReport): string {
  const { verdict, cpu, kvm } = report
  const lines: string[] = [
    `# VirtDeck host report: ${report.hostId}`,
    '',
    `Generated ${report.generatedAt} in ${(report.durationMs / 1000).toFixed(1)} s.`,
    '',
    `## Verdict: ${verdict.headline}`,
    '',
    `**${LEVEL_LABEL[verdict.level]}** — ${verdict.explanation}`,
  ]
  if (verdict.signalsDisagree !== undefined) {
    lines.push('', '### Signals that disagree', '')
    for (const signal of verdict.signalsDisagree.signals) lines.push(`- ${signal}`)
    lines.push('', `**Trusted:** ${verdict.signalsDisagree.trusted}. ${verdict.signalsDisagree.why}`)
  }
  const yesNo = (value: boolean | undefined): string =>
    value === undefined ? 'unknown' : value ? 'yes' : 'no'
  lines.push(
    '',
    '## Machine',
    '',
    '| | |',
    '|---|---|',
    `| CPU | ${cell(cpu.model ?? 'unknown')} (${cell(cpu.vendorId ?? cpu.vendor)}) |`,
    `| VT-x/AMD-V flag | ${yesNo(cpu.hardwareVirtualizationFlag)}${cpu.lscpuVirtualization !== undefined ? ` (lscpu: ${cell(cpu.lscpuVirtualization)})` : ''} |`,
    `| Under a hypervisor | ${yesNo(cpu.underHypervisor)}${cpu.hypervisorVendor !== undefined ? ` (${cell(cpu.hypervisorVendor)})` : ''} |`,
    `| KVM usable | ${yesNo(kvm.usable)}${kvm.provenBy !== undefined ? ` — ${cell(kvm.provenBy)}` : ''} |`,
    `| KVM module | ${cell(kvm.vendorModule ?? 'unknown')} |`,
    `| Nested | ${kvm.nested === undefined ? 'unknown / not applicable' : kvm.nested ? 'on' : 'off'} |`,
    '',
    '## Checks',
    '',
    '| Status | Check | Summary |',
    '|---|---|---|',
    ...report.checks.map(
      (check) => `| ${STATUS_LABEL[check.status]} | ${cell(check.title)} | ${cell(check.summary)} |`,
    ),
    '',
    '## Details',
    '',
    detailSections(report.checks).join('\n\n'),
    '',
  )
  return lines.join('\n')
}

/** The report as JSON, pretty-printed, with a final newline. */
export function toJson(report: DoctorReport): string {
  return `${JSON.stringify(report, null, 2)}\n`
}
