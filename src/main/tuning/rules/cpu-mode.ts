import { attr, child } from '../../libvirt/xml/index.js'
import { cpuToHostPassthrough } from '../../nested/cpu-passthrough.js'
import type { TuningRule } from '../rule.js'
import { notApplicable, xmlFix } from '../rule.js'
import { domainType, isQemu } from './domain.js'

/** Give the guest the host's CPU: `host-passthrough`, or `host-model` where live migration matters. */
export const cpuMode: TuningRule = {
  id: 'cpu-mode',
  area: 'cpu',
  title: 'CPU model: the host CPU',
  explanation:
    "Without <cpu mode='host-passthrough'/> QEMU shows the guest a generic CPU (qemu64 by default) that lacks " +
    'AVX, AES-NI and most instructions added since 2004, so software inside runs slower code paths. ' +
    'host-passthrough gives the guest the host CPU exactly; host-model gives a named model close to it that ' +
    'libvirt can keep identical on another host — choose host-model only if the VM migrates live between ' +
    'hosts with different CPUs.',
  source:
    'https://www.linux-kvm.org/page/Tuning_KVM · https://libvirt.org/formatdomain.html#cpu-model-and-topology',
  risk:
    'A VM with host-passthrough cannot migrate live to a host with a different CPU; the guest sees a new CPU ' +
    'once (Windows may ask for reactivation after a large CPU change).',
  weight: 20,
  check(ctx) {
    const { domain } = ctx
    if (!isQemu(domain)) return notApplicable(`domain type '${domainType(domain)}'`)
    const cpu = child(domain, 'cpu')
    const mode = cpu === undefined ? undefined : (attr(cpu, 'mode') ?? 'custom')
    const model = cpu === undefined ? undefined : child(cpu, 'model')
    const shown =
      mode === undefined
        ? 'no <cpu> (QEMU default qemu64)'
        : `mode ${mode}${
            model === undefined
              ? ''
              : ` (${model.children
                  .map((n) => (n.type === 'text' ? n.value : ''))
                  .join('')
                  .trim()})`
          }`
    const evidence = [`domain XML: CPU ${shown}`]
    if (domainType(domain) !== 'kvm')
      return {
        verdict: 'not-applicable',
        evidence: [...evidence, "domain type 'qemu' (TCG emulation): host-passthrough needs type='kvm'"],
      }
    if (ctx.domcaps !== undefined) {
      evidence.push(
        `domcapabilities: host-passthrough ${ctx.domcaps.hostPassthrough ? 'supported' : 'not supported'}`,
      )
      if (!ctx.domcaps.hostPassthrough) return { verdict: 'not-applicable', evidence }
    }
    if (mode === 'host-passthrough' || mode === 'maximum') return { verdict: 'ok', evidence }
    if (mode === 'host-model')
      return {
        verdict: 'ok',
        evidence,
        explanation:
          'host-model is a good choice when the VM migrates live between hosts; otherwise host-passthrough ' +
          'also gives the guest the features host-model leaves out.',
      }
    return {
      verdict: 'improve',
      evidence,
      fix: xmlFix("Set <cpu mode='host-passthrough'/> (topology and features kept)"),
    }
  },
  apply(domain, ctx) {
    const check = this.check({ ...ctx, domain })
    if (check.verdict !== 'improve') return []
    return cpuToHostPassthrough(domain)
  },
}
