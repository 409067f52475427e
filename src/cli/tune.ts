import { parseArgs } from 'node:util'
import { AppError } from '@shared/errors.js'
import type { HostView } from '@shared/hosts.js'
import type {
  HostTuningReport,
  TuningFinding,
  TuningPreview,
  TuningReport,
  TuningVerdict,
} from '@shared/tuning.js'
import type { App } from '../main/app.js'
import { targetHost } from './checks.js'
import { call } from './hosts.js'
import { confirmed } from './confirm.js'
import type { Output } from './output.js'
import { table } from './output.js'

export const USAGE = `usage:
  virtdeck tune VM [--host NAME] [--json]                     what is slow in a VM, why, and the fix
  virtdeck tune VM --preview RULE[,RULE…]|all [--host NAME] [--json]
  virtdeck tune VM --apply RULE[,RULE…]|all [--yes] [--host NAME] [--json]
  virtdeck tune VM --convert IMAGE [--yes] [--host NAME] [--json]   qcow2 with metadata preallocation (VM shut off)
                                                              the fixes as one definition: XML diff,
                                                              libvirt's verdict, QEMU command-line change
  virtdeck tune VM --measure [--host NAME] [--json]          qemu-img bench beside the VM's disk, without
                                                              and with qcow2 metadata preallocation
  virtdeck tune --all [--host NAME] [--json]                  every VM of the host, lowest score first

Only --apply changes the VM (one change on the Changes page, undone with virtdeck changes undo); the report and the preview only read; --measure writes two scratch images beside
the VM's disk and removes them.`

const WORD: Record<TuningVerdict, string> = {
  risky: 'RISKY  ',
  improve: 'IMPROVE',
  ok: 'ok     ',
  'not-applicable': 'n/a    ',
}

function findingLines(f: TuningFinding): string[] {
  const lines = [`  ${WORD[f.verdict]}  ${f.title} [${f.rule}]`]
  if (f.verdict === 'ok' || f.verdict === 'not-applicable') {
    lines.push(`           ${f.evidence.join('; ')}`)
    return lines
  }
  for (const e of f.evidence) lines.push(`           · ${e}`)
  lines.push(`           Why: ${f.explanation}`)
  lines.push(`           Source: ${f.source}`)
  lines.push(
    f.fix === undefined
      ? '           Fix: none offered automatically'
      : `           Fix: ${f.fix.summary}${f.fix.kind === 'job' ? ' (a job)' : ''}${f.fix.nextBoot ? ' — takes effect at next boot' : ''}`,
  )
  lines.push(`           Risk: ${f.risk}`)
  return lines
}

export function reportText(host: HostView, report: TuningReport): string {
  const fixable = report.findings.filter((f) => f.fix?.kind === 'xml').map((f) => f.rule)
  return [
    `${report.vm} on ${host.name}: tuning score ${report.score}/100${report.running ? ' (running: fixes take effect at next boot)' : ''}`,
    ...report.findings.flatMap(findingLines),
    '',
    fixable.length === 0
      ? 'No XML fix to preview.'
      : `Preview the fixes: virtdeck tune ${JSON.stringify(report.vm)} --preview ${fixable.join(',')}${host.id === 'local' ? '' : ` --host ${JSON.stringify(host.name)}`}`,
  ].join('\n')
}

export function previewText(preview: TuningPreview): string {
  const lines = [
    `${preview.vm}: ${preview.applied.length} fix(es) as one definition (${preview.applied.join(', ') || 'none'})`,
  ]
  for (const s of preview.skipped) lines.push(`  skipped ${s.rule}: ${s.reason}`)
  for (const n of preview.notes) lines.push(`  · ${n}`)
  if (preview.changed) {
    lines.push('', preview.diff.trimEnd(), '')
    lines.push(
      preview.valid
        ? 'libvirt accepts the new definition.'
        : `libvirt refuses it: ${preview.problems.join(' ')}`,
    )
    if (preview.qemuLine.available) {
      lines.push('QEMU command line:')
      for (const r of preview.qemuLine.removed) lines.push(`  - ${r}`)
      for (const a of preview.qemuLine.added) lines.push(`  + ${a}`)
    } else lines.push(`QEMU command line: not shown (${preview.qemuLine.reason ?? 'unavailable'})`)
    if (preview.takesEffectAtNextBoot)
      lines.push('The VM is running: the change takes effect at its next boot.')
  } else lines.push('Nothing to change.')
  return lines.join('\n')
}

export function hostReportText(host: HostView, report: HostTuningReport): string {
  const rows = report.vms.map((v) => [String(v.score), v.vm, String(v.risky), String(v.improve)])
  const worst = report.worst
    .slice(0, 20)
    .map(
      (w) =>
        `  ${WORD[w.finding.verdict]}  ${w.vm}: ${w.finding.title} — ${w.finding.fix?.summary ?? 'see the report'}`,
    )
  return [
    `${host.name}: ${report.vms.length} VM(s), lowest score first`,
    table(['SCORE', 'VM', 'RISKY', 'IMPROVE'], rows),
    '',
    worst.length === 0 ? 'Nothing to improve.' : 'Worst findings:',
    ...worst,
    ...report.failed.map((f) => `  could not read ${f.vm}: ${f.error}`),
  ].join('\n')
}

export async function tuneCommand(app: App, argv: string[], out: Output): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      host: { type: 'string' },
      json: { type: 'boolean' },
      all: { type: 'boolean' },
      preview: { type: 'string' },
      apply: { type: 'string' },
      convert: { type: 'string' },
      yes: { type: 'boolean', short: 'y' },
      measure: { type: 'boolean' },
    },
  })
  const host = targetHost(app, values.host)
  if (values.all === true) {
    if (positionals.length > 0)
      throw new AppError('INVALID_INPUT', 'tune --all takes no VM name', { detail: USAGE })
    const report = await call(app, 'tuning.hostReport', { hostId: host.id })
    out.result(report, () => hostReportText(host, report))
    return
  }
  const [vm, ...extra] = positionals
  if (vm === undefined || extra.length > 0)
    throw new AppError('INVALID_INPUT', 'tune: name one VM, or --all', { detail: USAGE })
  if (values.convert !== undefined) {
    const image = values.convert
    if (!out.json)
      process.stdout.write(
        `Convert ${image} to a qcow2 with metadata preallocation beside it, check it, then point ${vm} at it (the original is kept).\n`,
      )
    await confirmed(values.yes === true, `Convert ${image}?`)
    const change = await call(app, 'tuning.convert', { hostId: host.id, vm, image }, !out.json)
    out.result(change, () => `${change.summary}.\nUndo with: virtdeck changes undo ${change.id}`)
    return
  }
  if (values.measure === true) {
    const m = await call(app, 'tuning.measure', { hostId: host.id, vm }, true)
    out.result(m, () =>
      [
        `${vm}: qemu-img bench, ${(m.bytes / 2 ** 20).toFixed(0)} MiB of first writes in ${m.folder}`,
        `  without preallocation   ${m.withoutSeconds.toFixed(3)} s`,
        `  preallocation=metadata  ${m.withSeconds.toFixed(3)} s`,
        `  → ${m.ratio.toFixed(2)}× slower without preallocation on this host`,
        `Disk settings (raw scratch image, ${(m.bytes / 2 ** 20).toFixed(0)} MiB of writes, queue depth 16):`,
        ...m.diskSettings.map(
          (d) => `  ${d.setting.padEnd(26)} ${d.seconds.toFixed(3)} s  ${d.mibPerSecond.toFixed(0)} MiB/s`,
        ),
      ].join('\n'),
    )
    return
  }
  const chosen = values.apply ?? values.preview
  if (chosen !== undefined) {
    let rules = chosen
      .split(',')
      .map((r) => r.trim())
      .filter((r) => r.length > 0)
    if (rules.length === 1 && rules[0] === 'all') {
      const report = await call(app, 'tuning.report', { hostId: host.id, vm })
      rules = report.findings.filter((f) => f.fix?.kind === 'xml').map((f) => f.rule)
      if (rules.length === 0) {
        out.result({ vm, applied: [], changed: false }, () => `${vm}: no XML fix to preview.`)
        return
      }
    }
    const preview = await call(app, 'tuning.preview', { hostId: host.id, vm, rules })
    if (values.apply === undefined) {
      out.result(preview, () => previewText(preview))
      return
    }
    if (preview.planId === undefined) {
      throw new AppError(
        preview.changed ? 'INVALID_INPUT' : 'CONFLICT',
        preview.changed
          ? `libvirt does not accept the tuned definition of ${vm}; nothing was changed.`
          : `${vm} already has these settings; nothing to apply.`,
        { detail: preview.problems.join('\n') || previewText(preview) },
      )
    }
    if (!out.json) process.stdout.write(`${previewText(preview)}\n\n`)
    await confirmed(values.yes === true, `Apply these fixes to ${vm}?`)
    const change = await call(app, 'tuning.apply', { hostId: host.id, planId: preview.planId }, !out.json)
    out.result(change, () =>
      [
        `Applied (change ${change.id}); the previous definition is in ${vm}'s XML history.`,
        `Check: ${change.verification?.status ?? 'not checked'}.${preview.takesEffectAtNextBoot ? ' The VM is running: the new settings take effect at its next boot.' : ''}`,
        `Undo with: virtdeck changes undo ${change.id}`,
      ].join('\n'),
    )
    return
  }
  const report = await call(app, 'tuning.report', { hostId: host.id, vm })
  out.result(report, () => reportText(host, report))
}
