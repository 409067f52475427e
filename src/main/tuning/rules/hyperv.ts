import type { XmlElement } from '../../libvirt/xml/index.js'
import { attr, child, children, findAll, insertChild } from '../../libvirt/xml/index.js'
import type { TuningContext, TuningRule } from '../rule.js'
import { notApplicable, xmlFix } from '../rule.js'
import { domainChild, isQemu, windowsEvidence } from './domain.js'

/** The enlightenments Windows profits from, in libvirt's order, with what each needs. */
const WANTED: { name: string; needs: string[]; attrs?: Record<string, string> }[] = [
  { name: 'relaxed', needs: [] },
  { name: 'vapic', needs: [] },
  { name: 'spinlocks', needs: [], attrs: { retries: '8191' } },
  { name: 'vpindex', needs: [] },
  { name: 'runtime', needs: [] },
  { name: 'synic', needs: ['vpindex'] },
  { name: 'stimer', needs: ['synic', 'vpindex', 'timer:hypervclock'] },
  { name: 'reset', needs: [] },
  { name: 'frequencies', needs: [] },
  { name: 'tlbflush', needs: ['vpindex'] },
  { name: 'ipi', needs: ['vpindex'] },
]

function hyperv(domain: XmlElement): XmlElement | undefined {
  const features = child(domain, 'features')
  return features === undefined ? undefined : child(features, 'hyperv')
}

function state(domain: XmlElement, name: string): 'on' | 'off' | undefined {
  const el = hyperv(domain)
  const f = el === undefined ? undefined : child(el, name)
  if (f === undefined) return undefined
  return attr(f, 'state') === 'off' ? 'off' : 'on'
}

function hypervclock(domain: XmlElement): 'yes' | 'no' | undefined {
  const timer = findAll(domain, 'clock/timer').find((t) => attr(t, 'name') === 'hypervclock')
  if (timer === undefined) return undefined
  return attr(timer, 'present') === 'no' ? 'no' : 'yes'
}

function met(domain: XmlElement, need: string, adding: Set<string>): boolean {
  if (need === 'timer:hypervclock') return hypervclock(domain) === 'yes' || adding.has(need)
  return state(domain, need) === 'on' || adding.has(need)
}

interface Plan {
  add: string[]
  broken: string[]
  unsupported: string[]
}

/** What to add: each wanted feature QEMU offers and the user did not switch off, with what it needs. */
function plan(ctx: TuningContext, domain: XmlElement): Plan {
  const offered = ctx.domcaps?.hyperv
  const add = new Set<string>()
  const unsupported: string[] = []
  for (const f of WANTED) {
    if (state(domain, f.name) !== undefined) continue
    if (offered === undefined || !offered.includes(f.name)) {
      unsupported.push(f.name)
      continue
    }
    add.add(f.name)
  }
  // Dependencies: add what a feature needs, or drop the feature when that cannot be.
  for (const f of WANTED) {
    if (!add.has(f.name) && state(domain, f.name) !== 'on') continue
    for (const need of f.needs) {
      if (met(domain, need, add)) continue
      const canAdd =
        need === 'timer:hypervclock'
          ? hypervclock(domain) === undefined
          : state(domain, need) === undefined && (offered?.includes(need) ?? false)
      if (canAdd) add.add(need)
      else add.delete(f.name)
    }
  }
  const broken: string[] = []
  for (const f of WANTED) {
    if (state(domain, f.name) !== 'on') continue
    for (const need of f.needs)
      if (!met(domain, need, new Set()))
        broken.push(`${f.name} needs ${need.replace('timer:', 'the timer ')}`)
  }
  return {
    add: WANTED.map((f) => f.name)
      .filter((n) => add.has(n))
      .concat(add.has('timer:hypervclock') ? ['timer:hypervclock'] : []),
    broken,
    unsupported,
  }
}

/** Hyper-V enlightenments for Windows guests, each checked against domcapabilities, with their dependencies. */
export const hypervEnlightenments: TuningRule = {
  id: 'hyperv',
  area: 'windows',
  title: 'Hyper-V enlightenments (Windows)',
  explanation:
    'Windows runs faster when told it is virtualized: relaxed timing, a virtual APIC, paravirtual spinlocks, ' +
    'synthetic timers and TLB flush/IPI hypercalls save many exits. They depend on each other: synic needs ' +
    'vpindex; stimer needs synic and the hypervclock timer; tlbflush and ipi need vpindex; evmcs exists only on ' +
    'Intel hosts. Each is offered only where this QEMU reports it (domcapabilities).',
  source:
    'https://libvirt.org/formatdomain.html#hypervisor-features · https://www.qemu.org/docs/master/system/i386/hyperv.html',
  risk: 'Windows sees new virtual hardware features at next boot; a feature the host lacks stops the VM from starting (hence the domcapabilities check).',
  weight: 10,
  check(ctx) {
    const { domain } = ctx
    if (!isQemu(domain)) return notApplicable('not a QEMU/KVM domain')
    const windows = windowsEvidence(domain)
    if (windows === undefined) return notApplicable('not a Windows guest (libosinfo OS, Hyper-V features)')
    const el = hyperv(domain)
    const on =
      el === undefined
        ? []
        : children(el)
            .filter((f) => attr(f, 'state') !== 'off')
            .map((f) => f.name)
    const evidence = [
      `Windows guest (${windows})`,
      `domain XML: hyperv ${el === undefined ? 'none' : `mode ${attr(el, 'mode') ?? 'custom'}: ${on.join(', ') || 'nothing on'}`}`,
      ctx.domcaps?.hyperv === undefined
        ? 'domcapabilities: Hyper-V features not reported'
        : `domcapabilities: offers ${ctx.domcaps.hyperv.join(', ')}`,
    ]
    if (el !== undefined && attr(el, 'mode') === 'passthrough') return { verdict: 'ok', evidence }
    if (state(domain, 'evmcs') === 'on' && ctx.caps.vendor === 'AMD')
      return {
        verdict: 'risky',
        evidence: [...evidence, 'evmcs is on, but it exists only on Intel hosts'],
        risk: 'Remove <evmcs/> by hand: QEMU refuses it on AMD.',
      }
    const p = plan(ctx, domain)
    const fix =
      p.add.length > 0
        ? xmlFix(`Add ${p.add.map((n) => n.replace('timer:', 'timer ')).join(', ')}`)
        : undefined
    const more = [
      ...(p.broken.length > 0 ? [`dependencies missing: ${p.broken.join('; ')}`] : []),
      ...(p.unsupported.length > 0 ? [`not offered here: ${p.unsupported.join(', ')}`] : []),
    ]
    if (p.add.length === 0 && p.broken.length === 0)
      return { verdict: 'ok', evidence: [...evidence, ...more] }
    return {
      verdict: p.broken.length > 0 ? 'risky' : 'improve',
      evidence: [...evidence, ...more],
      ...(fix === undefined ? {} : { fix }),
    }
  },
  apply(domain, ctx) {
    if (this.check({ ...ctx, domain }).fix === undefined) return []
    const p = plan(ctx, domain)
    const features = domainChild(domain, 'features')
    const el =
      child(features, 'hyperv') ??
      insertChild(features, Number.MAX_SAFE_INTEGER, 'hyperv', { mode: 'custom' })
    const notes: string[] = []
    for (const name of p.add) {
      if (name === 'timer:hypervclock') {
        const clock = domainChild(domain, 'clock', { offset: 'utc' })
        insertChild(clock, Number.MAX_SAFE_INTEGER, 'timer', { name: 'hypervclock', present: 'yes' })
        notes.push("Added <timer name='hypervclock' present='yes'/> (stimer needs it).")
        continue
      }
      const f = WANTED.find((w) => w.name === name)
      insertChild(el, Number.MAX_SAFE_INTEGER, name, { state: 'on', ...(f?.attrs ?? {}) })
    }
    notes.unshift(`Hyper-V: ${p.add.filter((n) => !n.startsWith('timer:')).join(', ')} on.`)
    return notes
  },
}
