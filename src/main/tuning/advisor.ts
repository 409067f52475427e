import { AppError } from '@shared/errors.js'
import type { TuningFinding, TuningVerdict } from '@shared/tuning.js'
import type { XmlElement } from '../libvirt/xml/index.js'
import { buildXml, parseXml, root } from '../libvirt/xml/index.js'
import type { DomCaps, HostCaps } from './host-caps.js'
import type { HostFacts, TuningContext, TuningRule } from './rule.js'
import { RULES, ruleById } from './rules/index.js'

/** Runs the rules on one domain (a report) and applies a chosen set of fixes as one edited definition. */

export interface HostView {
  caps: HostCaps
  domcaps: DomCaps | undefined
  facts: HostFacts
}

const RANK: Record<TuningVerdict, number> = { risky: 0, improve: 1, ok: 2, 'not-applicable': 3 }
/** A risky finding costs more than the same rule's improvement. */
const RISKY_EXTRA = 5

/** Every rule on one domain: its XML, or its parsed root (only read). */
export function evaluate(
  domainXml: string | XmlElement,
  host: HostView,
  rules: readonly TuningRule[] = RULES,
): TuningFinding[] {
  const domain = typeof domainXml === 'string' ? root(parseXml(domainXml)) : domainXml
  const ctx: TuningContext = { domain, ...host }
  const findings = rules.map((rule): TuningFinding => {
    const check = rule.check(ctx)
    const penalty =
      check.verdict === 'improve' ? rule.weight : check.verdict === 'risky' ? rule.weight + RISKY_EXTRA : 0
    return {
      rule: rule.id,
      area: rule.area,
      title: rule.title,
      verdict: check.verdict,
      evidence: check.evidence,
      explanation: check.explanation ?? rule.explanation,
      source: rule.source,
      ...(check.fix === undefined ? {} : { fix: check.fix }),
      risk: check.risk ?? rule.risk,
      penalty,
    }
  })
  return sortFindings(findings)
}

/** Worst first: risky, improve (by penalty), ok, not applicable; stable within a rank. */
export function sortFindings(findings: TuningFinding[]): TuningFinding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => RANK[a.f.verdict] - RANK[b.f.verdict] || b.f.penalty - a.f.penalty || a.i - b.i)
    .map(({ f }) => f)
}

export function score(findings: readonly TuningFinding[]): number {
  return Math.max(0, 100 - findings.reduce((sum, f) => sum + f.penalty, 0))
}

export interface FixResult {
  xml: string
  changed: boolean
  applied: string[]
  skipped: { rule: string; reason: string }[]
  notes: string[]
}

/**
 * Applies the fixes of `ruleIds` (in the rules' own order, whatever order they were asked in) to one
 * parse of the definition and builds it once. Each fix re-checks the edited tree, so a fix already
 * satisfied changes nothing: applying the same set twice gives the same XML.
 */
export function applyFixes(domainXml: string, ruleIds: readonly string[], host: HostView): FixResult {
  const unknown = ruleIds.filter((id) => ruleById(id) === undefined)
  if (unknown.length > 0)
    throw new AppError('INVALID_INPUT', `Unknown tuning rule(s): ${unknown.join(', ')}`, {
      detail: `Known rules: ${RULES.map((r) => r.id).join(', ')}`,
    })
  const doc = parseXml(domainXml)
  const domain = root(doc)
  const applied: string[] = []
  const skipped: { rule: string; reason: string }[] = []
  const notes: string[] = []
  for (const rule of RULES.filter((r) => ruleIds.includes(r.id))) {
    const ctx: TuningContext = { domain, ...host }
    const check = rule.check(ctx)
    if (rule.apply === undefined || check.fix?.kind !== 'xml') {
      skipped.push({
        rule: rule.id,
        reason:
          check.fix?.kind === 'job'
            ? `${check.fix.summary}: run it as a job`
            : check.verdict === 'ok' || check.verdict === 'not-applicable'
              ? `nothing to change (${check.verdict})`
              : 'no automatic fix: see the finding',
      })
      continue
    }
    const ruleNotes = rule.apply(domain, ctx)
    if (ruleNotes.length === 0) skipped.push({ rule: rule.id, reason: 'nothing to change' })
    else {
      applied.push(rule.id)
      notes.push(...ruleNotes)
    }
  }
  const xml = applied.length === 0 ? domainXml : buildXml(doc)
  return { xml, changed: xml !== domainXml, applied, skipped, notes }
}

/** Every rule whose finding offers an XML fix. */
export function fixableRules(findings: readonly TuningFinding[]): string[] {
  return findings.filter((f) => f.fix?.kind === 'xml').map((f) => f.rule)
}
