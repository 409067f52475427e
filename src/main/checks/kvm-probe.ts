import type { CheckResult, Evidence } from '@shared/checks.js'
import type { HostReader } from './host-io.js'
import { commandEvidence, commandLine } from './host-io.js'
import { parseDomainCapabilities } from './parsers/versions.js'

/**
 * The truth about KVM comes from trying it, not from CPU flags: a guest of an outer hypervisor may
 * hide vmx/svm and still run KVM guests (and virt-host-validate, which reads the flags, then says
 * FAIL). Two probes: libvirt's domain capabilities for the kvm type (what VirtDeck's VMs will get),
 * and a QEMU started with `-accel kvm` and no machine, asked over QMP whether KVM is enabled.
 */
export type ProbeState = 'works' | 'fails' | 'unavailable'

export interface ProbeOutcome {
  probe: 'qemu' | 'libvirt'
  state: ProbeState
  /** One line, in the user's words. */
  detail: string
  evidence: Evidence
}

export interface ProbeOptions {
  libvirtUri: string
  qemuTimeoutMs: number
  libvirtTimeoutMs: number
}

const QMP_INPUT = [
  '{"execute":"qmp_capabilities"}',
  '{"execute":"query-kvm"}',
  '{"execute":"quit"}',
  '',
].join('\n')

/** `qemu-system-x86_64` for this machine's architecture, or RHEL's qemu-kvm. */
export async function qemuBinaries(reader: HostReader): Promise<string[]> {
  const uname = await reader.run('uname', ['-m'])
  const machine = uname.ok && uname.code === 0 ? uname.stdout.trim() : 'x86_64'
  const arch =
    machine === 'amd64'
      ? 'x86_64'
      : machine === 'arm64'
        ? 'aarch64'
        : machine.startsWith('ppc64')
          ? 'ppc64'
          : machine
  return [`qemu-system-${arch}`, '/usr/libexec/qemu-kvm', 'qemu-kvm']
}

function lastLine(text: string): string {
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .at(-1) ?? ''
  )
}

export async function probeQemu(reader: HostReader, options: ProbeOptions): Promise<ProbeOutcome> {
  const args = [
    '-accel',
    'kvm',
    '-machine',
    'none',
    '-nodefaults',
    '-no-user-config',
    '-display',
    'none',
    '-S',
    '-qmp',
    'stdio',
  ]
  const tried: string[] = []
  for (const binary of await qemuBinaries(reader)) {
    const outcome = await reader.run(binary, args, { input: QMP_INPUT, timeoutMs: options.qemuTimeoutMs })
    const evidence = commandEvidence(binary, args, outcome, 12)
    evidence.source = `${evidence.source}  <<< qmp_capabilities, query-kvm, quit`
    if (!outcome.ok && outcome.notFound) {
      tried.push(binary)
      continue
    }
    if (!outcome.ok) {
      const detail = outcome.timedOut
        ? `QEMU did not answer within ${options.qemuTimeoutMs / 1000} s`
        : `QEMU could not run: ${outcome.reason}`
      return { probe: 'qemu', state: 'unavailable', detail, evidence }
    }
    const enabled = /"return"\s*:\s*\{[^}]*"enabled"\s*:\s*true/.test(outcome.stdout)
    if (outcome.code === 0 && enabled) {
      return {
        probe: 'qemu',
        state: 'works',
        detail: 'QEMU started with -accel kvm: it created a KVM VM and query-kvm says enabled',
        evidence,
      }
    }
    const reason = lastLine(outcome.stderr) || `exit code ${String(outcome.code)}`
    // Only a failure that names KVM says something about KVM; anything else is QEMU's own trouble.
    if (!/kvm/i.test(outcome.stderr))
      return {
        probe: 'qemu',
        state: 'unavailable',
        detail: `QEMU failed before trying KVM: ${reason}`,
        evidence,
      }
    return { probe: 'qemu', state: 'fails', detail: `QEMU could not use KVM: ${reason}`, evidence }
  }
  return {
    probe: 'qemu',
    state: 'unavailable',
    detail: 'QEMU is not installed',
    evidence: {
      source: commandLine(tried[0] ?? 'qemu-system-x86_64', args),
      text: `not installed (tried ${tried.join(', ')})`,
    },
  }
}

/** libvirt errors that say nothing about KVM itself: the daemon is down, or this user may not use it. */
const UNREACHABLE =
  /failed to connect|connection refused|no such file or directory|authentication (?:failed|unavailable)|polkit|permission denied|cannot recv data|unable to find any emulator/i

export async function probeLibvirt(reader: HostReader, options: ProbeOptions): Promise<ProbeOutcome> {
  const args = ['-c', options.libvirtUri, 'domcapabilities', '--virttype', 'kvm']
  const outcome = await reader.run('virsh', args, { timeoutMs: options.libvirtTimeoutMs })
  const evidence = commandEvidence('virsh', args, outcome, 6)
  if (!outcome.ok) {
    const detail = outcome.notFound
      ? 'virsh is not installed'
      : outcome.timedOut
        ? `libvirt did not answer within ${options.libvirtTimeoutMs / 1000} s`
        : `virsh could not run: ${outcome.reason}`
    return { probe: 'libvirt', state: 'unavailable', detail, evidence }
  }
  if (outcome.code === 0) {
    const caps = parseDomainCapabilities(outcome.stdout)
    const domainLine = outcome.stdout.split('\n').find((line) => line.includes('<domain>'))
    evidence.text = [outcome.stdout.split('\n').find((line) => line.includes('<path>')), domainLine]
      .filter((l) => l !== undefined)
      .map((l) => l.trim())
      .join('\n')
    if (caps.domain === 'kvm') {
      return {
        probe: 'libvirt',
        state: 'works',
        detail: `libvirt (${options.libvirtUri}) offers KVM guests: domcapabilities says <domain>kvm</domain>${caps.emulator !== undefined ? ` for ${caps.emulator}` : ''}`,
        evidence,
      }
    }
    return {
      probe: 'libvirt',
      state: 'fails',
      detail: `libvirt answered with <domain>${caps.domain ?? '?'}</domain>, not kvm`,
      evidence,
    }
  }
  const message = lastLine(outcome.stderr) || lastLine(outcome.stdout)
  // libvirt 9: "the accel 'kvm' is not supported by '/usr/bin/qemu-system-x86_64' on this host";
  // older: "Emulator '/usr/bin/qemu-system-x86_64' does not support virt type 'kvm'".
  const unsupported = outcome.stderr
    .split('\n')
    .find((line) => /does not support virt type|accel '?kvm'? is not supported/i.test(line))
  if (unsupported !== undefined) {
    return {
      probe: 'libvirt',
      state: 'fails',
      detail: `libvirt cannot run KVM guests: ${unsupported.trim().replace(/^error:\s*/i, '')}`,
      evidence,
    }
  }
  const detail = UNREACHABLE.test(outcome.stderr)
    ? `libvirt is not reachable at ${options.libvirtUri}: ${message.replace(/^error:\s*/i, '')}`
    : `libvirt gave no answer about KVM: ${message.replace(/^error:\s*/i, '')}`
  return { probe: 'libvirt', state: 'unavailable', detail, evidence }
}

/** true when a probe proved KVM works, false when the probes that ran all failed, undefined when none could run. */
export function kvmUsable(probes: readonly ProbeOutcome[]): boolean | undefined {
  if (probes.some((probe) => probe.state === 'works')) return true
  if (probes.some((probe) => probe.state === 'fails')) return false
  return undefined
}

export function judgeProbes(probes: readonly ProbeOutcome[]): CheckResult {
  const usable = kvmUsable(probes)
  const result: CheckResult = {
    id: 'kvm-probe',
    title: 'KVM actually works (probe)',
    status: usable === true ? 'pass' : usable === false ? 'fail' : 'unknown',
    summary: '',
    evidence: probes.map((probe) => probe.evidence),
  }
  const works = probes.filter((probe) => probe.state === 'works')
  const fails = probes.filter((probe) => probe.state === 'fails')
  if (usable === true) {
    result.summary = `KVM works: ${works.map((probe) => probe.detail).join('; ')}.`
    if (fails.length > 0) {
      result.status = 'warn'
      result.summary += ` But ${fails.map((probe) => probe.detail).join('; ')}.`
      result.fix = {
        text: 'libvirt runs QEMU as its own user and caches what QEMU can do: give /dev/kvm the usual root:kvm 0660 permissions, then restart libvirtd so that it probes QEMU again.',
        commands: [
          'sudo chown root:kvm /dev/kvm',
          'sudo chmod 0660 /dev/kvm',
          'sudo systemctl restart libvirtd',
        ],
      }
    }
  } else if (usable === false) {
    result.summary = `KVM does not work: ${fails.map((probe) => probe.detail).join('; ')}.`
  } else {
    result.summary = `Could not test KVM: ${probes.map((probe) => probe.detail).join('; ')}.`
    result.fix = { text: 'Install QEMU (and libvirt) so that KVM can be tested, then run the checks again.' }
  }
  return result
}
