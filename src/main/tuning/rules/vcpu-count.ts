import { attr, child, findAll, setAttr, setText } from '../../libvirt/xml/index.js'
import type { TuningRule } from '../rule.js'
import { notApplicable, xmlFix } from '../rule.js'
import { isQemu, vcpuCount } from './domain.js'

/** No more vCPUs than the host has threads. */
export const vcpuLimit: TuningRule = {
  id: 'vcpu-count',
  area: 'cpu',
  title: "vCPUs within the host's threads",
  explanation:
    'A VM with more vCPUs than the host has threads never gets them all running at once: spinlocks inside ' +
    'the guest wait for vCPUs the host has descheduled, and everything slows down (lock-holder preemption).',
  source: 'https://www.linux-kvm.org/page/Tuning_KVM · https://libvirt.org/formatdomain.html#cpu-allocation',
  risk: 'The guest has fewer CPUs at next boot.',
  weight: 15,
  check(ctx) {
    const { domain } = ctx
    if (!isQemu(domain)) return notApplicable('not a QEMU/KVM domain')
    const host = ctx.caps.threads.length
    const vcpus = vcpuCount(domain)
    const evidence = [`domain XML: ${vcpus} vCPU(s)`, `capabilities: ${host} host thread(s)`]
    if (host === 0)
      return { verdict: 'not-applicable', evidence: [...evidence, 'the host topology is not reported'] }
    if (vcpus <= host) return { verdict: 'ok', evidence }
    const cpu = child(domain, 'cpu')
    const pinned = findAll(domain, 'cputune/vcpupin').length > 0 || findAll(domain, 'vcpus/vcpu').length > 0
    if (
      pinned ||
      (cpu !== undefined && (child(cpu, 'numa') !== undefined || child(cpu, 'topology') !== undefined))
    )
      return {
        verdict: 'risky',
        evidence: [...evidence, 'vCPU pins, a topology or NUMA cells refer to the vCPUs'],
        risk: 'Lower the vCPU count by hand together with the topology, pins and NUMA cells that name them.',
      }
    return { verdict: 'risky', evidence, fix: xmlFix(`Set <vcpu> to ${host}`) }
  },
  apply(domain, ctx) {
    const check = this.check({ ...ctx, domain })
    if (check.fix === undefined) return []
    const host = ctx.caps.threads.length
    const vcpu = child(domain, 'vcpu')
    if (vcpu === undefined) return []
    const before = vcpuCount(domain)
    setText(vcpu, String(host))
    const current = Number(attr(vcpu, 'current') ?? '0')
    if (current > host) setAttr(vcpu, 'current', String(host))
    return [`vCPUs ${before} → ${host}.`]
  },
}
