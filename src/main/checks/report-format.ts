import type { CheckResult, CheckStatus, DoctorReport } from '@shared/checks.js'

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

/** An XML element with its text (`<domain>kvm</domain>`), or a lone tag (`<cpu mode='host-passthrough'/>`). */
const XML_IN_PROSE = /<([a-z][\w:-]*)(?:\s[^<>]*)?>[^<>]*<\/\1>|<\/?[a-z][\w:-]*(?:\s[^<>]*)?\/?>/gi

/** Prose with XML in it: the XML as code, which Markdown renderers show instead of swallowing it as HTML. */
function prose(text: string): string {
  return text.replace(XML_IN_PROSE, (xml, ...rest) => {
    const at = rest[rest.length - 2] as number
    const whole = rest[rest.length - 1] as string
    // Already in a code span.
    if (whole[at - 1] === '`' && whole[at + xml.length] === '`') return xml
    return `\`${xml.replace(/`/g, "'")}\``
  })
}

/** A table cell: one line, pipes escaped, XML as code. */
function cell(text: string): string {
  return prose(text.replace(/\r?\n/g, ' ')).replace(/\|/g, '\\|')
}

/** A fenced block that the text cannot close early (the fence is longer than any backtick run inside). */
function fence(text: string, language = 'text'): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length))
  const marks = '`'.repeat(longest + 1)
  return `${marks}${language}\n${text.replace(/\n+$/, '')}\n${marks}`
}

function details(check: CheckResult): string {
  const parts = [`### ${prose(check.title)} — ${STATUS_LABEL[check.status]}`, '', prose(check.summary)]
  for (const evidence of check.evidence)
    parts.push('', `Evidence — \`${evidence.source.replace(/`/g, "'")}\`:`, '', fence(evidence.text))
  if (check.fix !== undefined) {
    parts.push('', `**Fix:** ${prose(check.fix.text)}`)
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
        `- ${STATUS_LABEL[line.status]} ${prose(line.title.slice(VALIDATE_PREFIX.length).trim())}: ${prose(line.summary)}`,
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
export function toMarkdown(report: DoctorReport, options: { hostName?: string } = {}): string {
  const { verdict, cpu, kvm } = report
  const lines: string[] = [
    `# VirtDeck host report: ${prose(options.hostName ?? report.hostId)}`,
    '',
    `Generated ${report.generatedAt} in ${(report.durationMs / 1000).toFixed(1)} s.`,
    '',
    `## Verdict: ${prose(verdict.headline)}`,
    '',
    `**${LEVEL_LABEL[verdict.level]}** — ${prose(verdict.explanation)}`,
  ]
  if (verdict.signalsDisagree !== undefined) {
    lines.push('', '### Signals that disagree', '')
    for (const signal of verdict.signalsDisagree.signals) lines.push(`- ${prose(signal)}`)
    lines.push(
      '',
      `**Trusted:** ${prose(verdict.signalsDisagree.trusted)}. ${prose(verdict.signalsDisagree.why)}`,
    )
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
