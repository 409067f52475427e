import type { XmlElement } from '../../libvirt/xml/index.js'
import { attr, child, children, findAll, insertChild } from '../../libvirt/xml/index.js'
import type { TuningContext, TuningRule } from '../rule.js'
import { notApplicable, xmlFix } from '../rule.js'
import { cpuList } from '../host-caps.js'
import { domainChild, isQemu, textOf, vcpuCount } from './domain.js'

export interface PinPlan {
  vcpus: number[]
  /** Emulator and I/O threads share the host's housekeeping core. */
  housekeeping: number[]
}

function iothreadIds(domain: XmlElement): string[] {
  const ids = findAll(domain, 'iothreadids/iothread').flatMap((t) => attr(t, 'id') ?? [])
  if (ids.length > 0) return ids
  const count = Number(textOf(child(domain, 'iothreads')) ?? '0')
  return Array.from({ length: count }, (_, i) => String(i + 1))
}

/**
 * Whole host cores for the vCPUs, sibling threads next to each other (vCPUs 0,1 on one core's two threads
 * when the guest has threads too), never a thread another VM pins to, and not the core of the lowest
 * thread, which is left to the host, the emulator and I/O threads.
 */
export function pinPlan(ctx: TuningContext, vcpus: number): PinPlan | undefined {
  const threads = [...ctx.caps.threads].sort((a, b) => a.id - b.id)
  const first = threads[0]
  if (first === undefined) return undefined
  const housekeeping = first.siblings
  const cores = new Map<string, number[]>()
  for (const t of threads) {
    if (housekeeping.includes(t.id) || ctx.facts.pinnedByOthers.has(t.id)) continue
    cores.set(t.core, [...(cores.get(t.core) ?? []), t.id])
  }
  const free = [...cores.values()].flat()
  if (free.length < vcpus) return undefined
  return { vcpus: free.slice(0, vcpus), housekeeping }
}

function sharedWithOthers(ctx: TuningContext, domain: XmlElement): string[] {
  const out: string[] = []
  for (const pin of findAll(domain, 'cputune/vcpupin')) {
    for (const thread of cpuList(attr(pin, 'cpuset'))) {
      const others = ctx.facts.pinnedByOthers.get(thread)
      if (others !== undefined)
        out.push(
          `vCPU ${attr(pin, 'vcpu') ?? '?'} on host thread ${thread}, which ${others.join(', ')} also pin(s) to`,
        )
    }
  }
  return out
}

/** vCPUs, the emulator and I/O threads pinned to host threads chosen from the host's topology. */
export const cpuPinning: TuningRule = {
  id: 'cpu-pinning',
  area: 'pinning',
  title: 'vCPUs pinned to host threads',
  explanation:
    'Unpinned vCPUs wander between host threads and lose their caches on every move; a latency-sensitive guest ' +
    '(games, audio, real-time) runs steadier with each vCPU on its own host thread, sibling threads of a host ' +
    'core given to sibling vCPUs, and the emulator and I/O threads kept on a separate core.',
  source: 'https://libvirt.org/formatdomain.html#cpu-tuning',
  risk:
    'Pinned vCPUs no longer move away from a busy host thread: pinning more vCPUs than the host can spare slows ' +
    'the host and other VMs. Never pin two VMs onto one thread without meaning to.',
  weight: 3,
  check(ctx) {
    const { domain } = ctx
    if (!isQemu(domain)) return notApplicable('not a QEMU/KVM domain')
    const vcpus = vcpuCount(domain)
    const existing = findAll(domain, 'cputune/vcpupin')
    const evidence = [
      `domain XML: ${vcpus} vCPU(s), ${existing.length} pinned`,
      `capabilities: ${ctx.caps.threads.length} host thread(s), ${ctx.caps.threadsPerCore} per core`,
    ]
    if (ctx.facts.pinnedByOthers.size > 0)
      evidence.push(
        `other VMs pin to host threads ${[...ctx.facts.pinnedByOthers.keys()].sort((a, b) => a - b).join(',')}`,
      )
    const shared = sharedWithOthers(ctx, domain)
    if (shared.length > 0)
      return {
        verdict: 'risky',
        evidence: [...evidence, ...shared],
        risk: 'Two VMs pinned to one host thread take turns on it: both run at half speed there. Move one of them.',
      }
    if (existing.length > 0) return { verdict: 'ok', evidence }
    const vcpu = child(domain, 'vcpu')
    if (vcpu !== undefined && attr(vcpu, 'placement') === 'auto')
      return {
        verdict: 'not-applicable',
        evidence: [...evidence, "vcpu placement='auto' (numad places the VM)"],
      }
    if (vcpus < 2) return { verdict: 'ok', evidence: [...evidence, 'one vCPU: little to gain'] }
    const plan = pinPlan(ctx, vcpus)
    if (plan === undefined)
      return {
        verdict: 'ok',
        evidence: [...evidence, 'not enough free host threads to pin without sharing: left to the scheduler'],
      }
    return {
      verdict: 'improve',
      evidence,
      fix: xmlFix(
        `Pin vCPUs to host threads ${plan.vcpus.join(',')}; emulator and I/O threads to ${plan.housekeeping.join(',')}`,
      ),
    }
  },
  apply(domain, ctx) {
    if (this.check({ ...ctx, domain }).fix === undefined) return []
    const plan = pinPlan(ctx, vcpuCount(domain))
    if (plan === undefined) return []
    const cputune = domainChild(domain, 'cputune')
    const housekeeping = plan.housekeeping.join(',')
    const before = (name: string): number => {
      const at = children(cputune).findIndex((el) => el.name === name)
      return at === -1 ? Number.MAX_SAFE_INTEGER : at
    }
    plan.vcpus.forEach((thread, vcpu) => {
      insertChild(cputune, before('emulatorpin'), 'vcpupin', { vcpu: String(vcpu), cpuset: String(thread) })
    })
    if (child(cputune, 'emulatorpin') === undefined)
      insertChild(cputune, before('iothreadpin'), 'emulatorpin', { cpuset: housekeeping })
    const pinned = new Set(children(cputune, 'iothreadpin').map((p) => attr(p, 'iothread')))
    for (const id of iothreadIds(domain).filter((i) => !pinned.has(i)))
      insertChild(cputune, Number.MAX_SAFE_INTEGER, 'iothreadpin', { iothread: id, cpuset: housekeeping })
    return [
      `vCPUs 0–${plan.vcpus.length - 1} → host threads ${plan.vcpus.join(',')}; emulator and I/O threads → ${housekeeping}.`,
    ]
  },
}
