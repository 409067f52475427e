import type { Host } from '../host/host.js'
import type { DoctorReport, KvmSummary } from '@shared/checks.js'
import { gatherCpu, judgeCpu } from './cpu.js'
import { readDistro } from './distro.js'
import { judgeExtras, gatherExtras } from './extras.js'
import { dnsmasqPresent, gatherDnsmasq, judgeDnsmasq } from './dnsmasq.js'
import { HostReader } from './host-io.js'
import { gatherIommu, judgeIommu } from './iommu.js'
import {
  FIRMWARE_DISABLED_PATTERN,
  KVM_REFUSED_PATTERN,
  kernelLogEvidence,
  readKernelLog,
} from './kernel-log.js'
import { deviceState, gatherKvm, judgeKvm } from './kvm.js'
import { judgeProbes, kvmUsable, probeLibvirt, probeQemu, qemuBinaries } from './kvm-probe.js'
import type { ProbeOptions } from './kvm-probe.js'
import { gatherNested, judgeNested } from './nested.js'
import { parseModuleBoolean } from '../hostconf/module-params.js'
import { hardwareVirtualizationLine } from './parsers/virt-host-validate.js'
import { gatherSoftware, judgeSoftware } from './software.js'
import { decideVerdict } from './verdict.js'
import type { VerdictInput } from './verdict.js'

export interface DoctorOptions {
  /** The libvirt connection to probe. Default `qemu:///system`. */
  libvirtUri?: string
  /** How long the QEMU probe may take. Default 5 s (it takes a fraction of a second when KVM works). */
  qemuTimeoutMs?: number
  /** How long `virsh domcapabilities` may take. Default 8 s (libvirt's first answer after a start probes QEMU). */
  libvirtTimeoutMs?: number
  /** For tests: the clock. */
  now?: () => Date
}

/**
 * Runs every host check on a Host (local or SSH) and decides the verdict. Reads are shared and run
 * concurrently; the verdict trusts a probe that actually created a KVM VM over any single signal.
 * Never throws for a missing file or command: those checks come back `unknown`, saying what was tried.
 */
export async function runDoctor(host: Host, options: DoctorOptions = {}): Promise<DoctorReport> {
  const now = options.now ?? ((): Date => new Date())
  const started = now()
  const startedMs = Date.now()
  const reader = new HostReader(host)
  const probeOptions: ProbeOptions = {
    libvirtUri: options.libvirtUri ?? 'qemu:///system',
    qemuTimeoutMs: options.qemuTimeoutMs ?? 5_000,
    libvirtTimeoutMs: options.libvirtTimeoutMs ?? 8_000,
  }

  const binaries = qemuBinaries(reader)
  const cpuPromise = gatherCpu(reader)
  const kvmPromise = gatherKvm(reader)
  // Nested needs the vendor and the loaded modules; it starts as soon as those are known.
  const nestedPromise = Promise.all([cpuPromise, kvmPromise]).then(([cpuFacts, kvmFacts]) =>
    gatherNested(reader, cpuFacts.summary.vendor, kvmFacts.modules),
  )
  const [cpu, kvm, nested, qemuProbe, libvirtProbe, log, distro, iommu, software, extras] = await Promise.all(
    [
      cpuPromise,
      kvmPromise,
      nestedPromise,
      probeQemu(reader, probeOptions),
      probeLibvirt(reader, probeOptions),
      readKernelLog(reader),
      readDistro(reader),
      gatherIommu(reader),
      binaries.then((list) => gatherSoftware(reader, list)),
      gatherExtras(reader),
    ],
  )
  const dnsmasq = await gatherDnsmasq(reader)

  const probes = [libvirtProbe, qemuProbe]
  const usable = kvmUsable(probes)
  const firmwareDisabledLog = kernelLogEvidence(log, FIRMWARE_DISABLED_PATTERN, 4)
  const kvmContext = {
    ...(usable !== undefined ? { usable } : {}),
    ...(kvm.vendorModule !== undefined ? { vendorModule: kvm.vendorModule } : {}),
    ...(firmwareDisabledLog !== undefined ? { firmwareDisabledLog } : {}),
  }
  const provenBy = probes.find((probe) => probe.state === 'works')
  const nestedLive =
    kvm.vendorModule === 'kvm_intel' || kvm.vendorModule === 'kvm_amd'
      ? nested.live[kvm.vendorModule]
      : undefined
  const nestedValue = nestedLive?.ok === true ? parseModuleBoolean(nestedLive.text) : undefined

  const checks = [
    ...judgeCpu(cpu, kvmContext),
    judgeProbes(probes),
    ...judgeKvm(kvm, cpu.summary.vendor, usable, kernelLogEvidence(log, KVM_REFUSED_PATTERN, 4)),
    judgeNested(nested, kvm.vendorModule),
    ...judgeIommu(iommu, log, {
      vendor: cpu.summary.vendor,
      ...(cpu.summary.underHypervisor !== undefined ? { underHypervisor: cpu.summary.underHypervisor } : {}),
      distro,
    }),
    ...judgeSoftware(software, {
      distro,
      libvirtProbe,
      ...(usable !== undefined ? { kvmUsable: usable } : {}),
      ...(provenBy !== undefined
        ? { provenBy: provenBy.probe === 'qemu' ? 'the KVM probe (QEMU)' : 'libvirt' }
        : {}),
    }),
    ...judgeExtras(extras, distro),
    judgeDnsmasq(dnsmasq, distro),
  ]

  const vhvHardware =
    software.validateLines !== undefined ? hardwareVirtualizationLine(software.validateLines) : undefined
  const verdictInput: VerdictInput = {
    cpu: cpu.summary,
    probes,
    device: deviceState(kvm),
    lscpuParsed: cpu.lscpuParsed !== undefined,
    ...(kvm.user !== undefined ? { user: kvm.user } : {}),
    ...(kvm.vendorModule !== undefined ? { vendorModule: kvm.vendorModule } : {}),
    ...(nestedValue !== undefined ? { nested: nestedValue } : {}),
    ...(vhvHardware !== undefined ? { vhvHardware } : {}),
    ...(firmwareDisabledLog !== undefined ? { firmwareDisabledLog } : {}),
    ...(dnsmasqPresent(dnsmasq) === false ? { dnsmasqMissing: true } : {}),
  }

  const kvmSummary: KvmSummary = {}
  if (usable !== undefined) kvmSummary.usable = usable
  const decisive = provenBy ?? probes.find((probe) => probe.state === 'fails')
  if (decisive !== undefined) kvmSummary.provenBy = decisive.detail
  if (kvm.vendorModule !== undefined) kvmSummary.vendorModule = kvm.vendorModule
  if (nestedValue !== undefined) kvmSummary.nested = nestedValue

  return {
    hostId: host.id,
    generatedAt: started.toISOString(),
    durationMs: Date.now() - startedMs,
    verdict: decideVerdict(verdictInput),
    cpu: cpu.summary,
    kvm: kvmSummary,
    checks,
  }
}
