import type { XmlElement } from '../../libvirt/xml/index.js'
import { attr, child, children, insertChild, setAttr } from '../../libvirt/xml/index.js'
import type { TuningContext, TuningRule } from '../rule.js'
import { notApplicable, xmlFix } from '../rule.js'
import { domainChild, isQemu, vcpuCount } from './domain.js'

interface Topology {
  sockets: number
  dies: number
  cores: number
  threads: number
}

/** One socket whose cores have as many threads as the host's (when the count divides), else one thread each. */
function wanted(vcpus: number, hostThreads: number): Topology {
  const threads = hostThreads > 1 && vcpus % hostThreads === 0 ? hostThreads : 1
  return { sockets: 1, dies: 1, cores: vcpus / threads, threads }
}

function current(cpu: XmlElement | undefined): Topology | undefined {
  const t = cpu === undefined ? undefined : child(cpu, 'topology')
  if (t === undefined) return undefined
  const n = (name: string): number => Number(attr(t, name) ?? '1') || 1
  return { sockets: n('sockets'), dies: n('dies'), cores: n('cores'), threads: n('threads') }
}

function label(t: Topology): string {
  return `${t.sockets} socket(s) × ${t.dies} die(s) × ${t.cores} core(s) × ${t.threads} thread(s)`
}

function needsTopoext(ctx: TuningContext, cpu: XmlElement | undefined, threads: number): boolean {
  if (ctx.caps.vendor !== 'AMD' || threads < 2 || cpu === undefined) return false
  const mode = attr(cpu, 'mode') ?? 'custom'
  if (mode === 'custom' && child(cpu, 'model') === undefined) return false
  return !children(cpu, 'feature').some((f) => attr(f, 'name') === 'topoext')
}

/** vCPUs laid out as the host's cores and threads, one socket; `topoext` on AMD so the guest sees the threads. */
export const cpuTopology: TuningRule = {
  id: 'cpu-topology',
  area: 'cpu',
  title: 'CPU topology matches the host',
  explanation:
    'Without <topology>, libvirt shows each vCPU as its own socket. Windows client editions use at most two ' +
    'sockets (the other vCPUs sit idle), and no guest can tell which vCPUs share a core. One socket with ' +
    "cores × threads like the host's lets the guest schedule well; on AMD hosts the guest sees threads only " +
    'with the topoext feature.',
  source: 'https://libvirt.org/formatdomain.html#cpu-model-and-topology',
  risk: 'The guest sees a different CPU layout at next boot; licensing tied to sockets or cores may count differently.',
  weight: 8,
  check(ctx) {
    const { domain } = ctx
    if (!isQemu(domain)) return notApplicable('not a QEMU/KVM domain')
    const vcpus = vcpuCount(domain)
    const cpu = child(domain, 'cpu')
    const have = current(cpu)
    const want = wanted(vcpus, ctx.caps.threadsPerCore)
    const evidence = [
      `domain XML: ${vcpus} vCPU(s), topology ${have === undefined ? 'not set' : label(have)}`,
      `capabilities: host ${ctx.caps.threadsPerCore} thread(s) per core${ctx.caps.vendor === undefined ? '' : `, ${ctx.caps.vendor}`}`,
    ]
    if (cpu !== undefined && child(cpu, 'numa') !== undefined && have === undefined)
      return { verdict: 'ok', evidence: [...evidence, 'guest NUMA cells set: topology left to you'] }
    if (vcpus === 1) return { verdict: 'ok', evidence }
    if (have === undefined)
      return { verdict: 'improve', evidence, fix: xmlFix(`Set <topology> to ${label(want)}`) }
    if (have.sockets * have.dies * have.cores * have.threads !== vcpus)
      return {
        verdict: 'risky',
        evidence: [
          ...evidence,
          `the topology holds ${have.sockets * have.dies * have.cores * have.threads} vCPUs, not ${vcpus}`,
        ],
        risk: 'libvirt refuses a topology that does not add up to the vCPU count; fix the numbers by hand.',
      }
    if (have.threads > 1 && ctx.caps.threadsPerCore === 1)
      return {
        verdict: 'improve',
        evidence: [...evidence, 'the guest is told vCPUs share cores the host does not have'],
        fix: xmlFix(`Set <topology> to ${label(want)}`),
      }
    if (needsTopoext(ctx, cpu, have.threads))
      return {
        verdict: 'improve',
        evidence: [...evidence, 'AMD host, threads > 1, no topoext feature: the guest sees no SMT'],
        fix: xmlFix("Add <feature policy='require' name='topoext'/>"),
      }
    return { verdict: 'ok', evidence }
  },
  apply(domain, ctx) {
    const check = this.check({ ...ctx, domain })
    if (check.verdict !== 'improve') return []
    const vcpus = vcpuCount(domain)
    const cpu = domainChild(domain, 'cpu')
    const want = wanted(vcpus, ctx.caps.threadsPerCore)
    const have = current(cpu)
    const notes: string[] = []
    if (have === undefined || (have.threads > 1 && ctx.caps.threadsPerCore === 1)) {
      let topology = child(cpu, 'topology')
      if (topology === undefined) {
        const after = children(cpu).findIndex((el) =>
          ['cache', 'feature', 'numa', 'maxphysaddr'].includes(el.name),
        )
        topology = insertChild(cpu, after === -1 ? Number.MAX_SAFE_INTEGER : after, 'topology')
      }
      for (const [name, value] of Object.entries(want)) setAttr(topology, name, String(value))
      notes.push(`CPU topology: ${label(want)}.`)
    }
    if (needsTopoext(ctx, cpu, want.threads)) {
      insertChild(cpu, Number.MAX_SAFE_INTEGER, 'feature', { policy: 'require', name: 'topoext' })
      notes.push('Added topoext so the guest sees the AMD threads.')
    }
    return notes
  },
}
