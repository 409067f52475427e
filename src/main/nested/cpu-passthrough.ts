import { GUEST_VERIFY_STEPS } from '@shared/nested.js'
import type { XmlElement } from '../libvirt/xml/index.js'
import {
  attr,
  buildXml,
  child,
  children,
  createElement,
  insertChild,
  parseXml,
  removeAttr,
  removeChild,
  root,
  setAttr,
} from '../libvirt/xml/index.js'

/**
 * Guest side of nested virtualization: give a VM the host's CPU as is
 * (`<cpu mode='host-passthrough' check='none' migratable='on'/>`), so it sees vmx/svm. Edits the
 * domain XML through the lossless XML module: an existing `<cpu>` keeps its position, comments,
 * `<topology>`, `<cache>`, `<numa>`, `<maxphysaddr>` and `<feature>` policies; what host-passthrough
 * does not use (`<model>`, `<vendor>`, `match=`) goes, and so does a feature policy that would
 * hide vmx/svm from the guest. Everything else in the document is untouched.
 */

export interface CpuPassthroughEdit {
  xml: string
  changed: boolean
  /** What changed besides the mode, and anything the user should know. */
  notes: string[]
  /** Why the new definition cannot work (a TCG domain: QEMU refuses host-passthrough); applying is refused. */
  blockers: string[]
}

const WANTED: readonly [string, string][] = [
  ['mode', 'host-passthrough'],
  ['check', 'none'],
  ['migratable', 'on'],
]
/** Only custom-mode CPUs use these; host-passthrough takes the host's. */
const UNUSED_CHILDREN = ['model', 'vendor']
const VIRT_FEATURES = ['vmx', 'svm']

/** Where libvirt puts `<cpu>` among the domain's children: before the first of these. */
const CPU_COMES_BEFORE = ['clock', 'on_poweroff', 'on_reboot', 'on_crash', 'pm', 'perf', 'idmap', 'devices']

function placeNewCpu(domain: XmlElement): XmlElement {
  const cpu = createElement('cpu', Object.fromEntries(WANTED))
  const elements = children(domain)
  const before = elements.findIndex((el) => CPU_COMES_BEFORE.includes(el.name))
  return insertChild(domain, before === -1 ? elements.length : before, cpu)
}

/**
 * The same edit on a parsed domain (for callers that combine several edits into one definition);
 * returns the notes.
 */
export function cpuToHostPassthrough(domain: XmlElement): string[] {
  const notes: string[] = []

  const existing = child(domain, 'cpu')
  if (existing === undefined) {
    placeNewCpu(domain)
    notes.push("Added <cpu mode='host-passthrough' check='none' migratable='on'/>.")
  } else {
    const previousMode = attr(existing, 'mode') ?? 'custom'
    if (previousMode !== 'host-passthrough') setAttr(existing, 'mode', 'host-passthrough')
    if (removeAttr(existing, 'match')) notes.push('Removed match=, which only custom CPU models use.')
    if (previousMode !== 'host-passthrough') notes.push(`CPU mode ${previousMode} → host-passthrough.`)
    keepOrAdd(existing, previousMode, notes)
    for (const el of children(existing).filter((c) => UNUSED_CHILDREN.includes(c.name))) {
      removeChild(existing, el)
      notes.push(`Removed <${el.name}>, which host-passthrough does not use.`)
    }
    for (const feature of children(existing, 'feature')) {
      const name = attr(feature, 'name') ?? ''
      const policy = attr(feature, 'policy') ?? 'require'
      if (VIRT_FEATURES.includes(name) && (policy === 'disable' || policy === 'forbid')) {
        removeChild(existing, feature)
        notes.push(
          `Removed <feature policy='${policy}' name='${name}'/>: it would hide ${name} from the guest.`,
        )
      }
    }
  }
  return notes
}

export function setCpuHostPassthrough(domainXml: string): CpuPassthroughEdit {
  const doc = parseXml(domainXml)
  const blockers: string[] = []
  const type = attr(root(doc), 'type')
  if (type !== undefined && type !== 'kvm') {
    blockers.push(
      `This domain uses type='${type}'; host-passthrough needs KVM (type='kvm'): QEMU refuses to start it this way. Change the domain to type='kvm' first (on a host where KVM works).`,
    )
  }
  const notes = cpuToHostPassthrough(root(doc))
  const xml = buildXml(doc)
  return { xml, changed: xml !== domainXml, notes, blockers }
}

/**
 * The user's own attributes stay: `migratable='off'` (or 'on') is theirs to choose and valid with
 * host-passthrough. Only `check=`, which compared the CPU of the mode being replaced, is reset — and
 * the note says so. Missing attributes get libvirt's values for host-passthrough.
 */
function keepOrAdd(cpu: XmlElement, previousMode: string, notes: string[]): void {
  const check = attr(cpu, 'check')
  if (check === undefined) setAttr(cpu, 'check', 'none')
  else if (check !== 'none' && previousMode !== 'host-passthrough') {
    setAttr(cpu, 'check', 'none')
    notes.push(
      `check='${check}' → 'none': it compared the ${previousMode} CPU, which host-passthrough replaces.`,
    )
  }
  const migratable = attr(cpu, 'migratable')
  if (migratable === undefined) setAttr(cpu, 'migratable', 'on')
  else if (migratable !== 'on') notes.push(`Kept migratable='${migratable}' as set.`)
}

/** How to check inside the guest that nested virtualization reached it, as plain text (CLI, export). */
export function guestVerificationText(): string {
  return [
    'Inside the guest (after it was shut down and started again, not only rebooted):',
    ...GUEST_VERIFY_STEPS.map((step) => `  $ ${step.command}\n    ${step.expect}`),
  ].join('\n')
}
