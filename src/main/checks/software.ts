import type { CheckResult, CheckStatus } from '@shared/checks.js'
import type { Distro } from './distro.js'
import { installFix } from './distro.js'
import type { HostReader, RunOutcome } from './host-io.js'
import { commandEvidence } from './host-io.js'
import type { ProbeOutcome } from './kvm-probe.js'
import { parseVersion } from './parsers/versions.js'
import { hardwareVirtualizationLine, parseVirtHostValidate } from './parsers/virt-host-validate.js'
import type { VhvLine } from './parsers/virt-host-validate.js'

/** Check 7: libvirt and QEMU versions, and every line of virt-host-validate. */
export interface SoftwareFacts {
  virsh: RunOutcome
  libvirtd: RunOutcome
  qemu?: { binary: string; outcome: RunOutcome }
  qemuTried: string[]
  validate: RunOutcome
  validateLines?: VhvLine[]
}

export async function gatherSoftware(
  reader: HostReader,
  qemuBinaries: readonly string[],
): Promise<SoftwareFacts> {
  const findQemu = async (): Promise<{
    found?: { binary: string; outcome: RunOutcome }
    tried: string[]
  }> => {
    const tried: string[] = []
    for (const binary of qemuBinaries) {
      const outcome = await reader.run(binary, ['--version'])
      if (!outcome.ok && outcome.notFound) {
        tried.push(binary)
        continue
      }
      return { found: { binary, outcome }, tried }
    }
    return { tried }
  }
  const [virsh, libvirtd, qemu, validate] = await Promise.all([
    reader.run('virsh', ['--version']),
    reader.run('libvirtd', ['--version']),
    findQemu(),
    reader.run('virt-host-validate', [], { timeoutMs: 15_000 }),
  ])
  const facts: SoftwareFacts = { virsh, libvirtd, qemuTried: qemu.tried, validate }
  if (qemu.found !== undefined) facts.qemu = qemu.found
  if (validate.ok && validate.stdout.trim() !== '')
    facts.validateLines = parseVirtHostValidate(validate.stdout)
  return facts
}

function versionOf(outcome: RunOutcome | undefined): string | undefined {
  return outcome !== undefined && outcome.ok && outcome.code === 0 ? parseVersion(outcome.stdout) : undefined
}

const STATUS: Record<string, CheckStatus> = { PASS: 'pass', WARN: 'warn', FAIL: 'fail' }

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/^checking (?:for |if |whether )?/, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'line'
  )
}

export interface SoftwareContext {
  distro: Distro
  kvmUsable?: boolean
  libvirtProbe?: ProbeOutcome
  /** The probe that proved KVM works, to name in the false-alarm note. */
  provenBy?: string
}

export function judgeSoftware(facts: SoftwareFacts, context: SoftwareContext): CheckResult[] {
  const results: CheckResult[] = []
  const virshVersion = versionOf(facts.virsh)
  const daemonVersion = versionOf(facts.libvirtd)
  const libvirt: CheckResult = {
    id: 'libvirt-version',
    title: 'libvirt',
    status: 'unknown',
    summary: '',
    evidence: [
      commandEvidence('virsh', ['--version'], facts.virsh, 3),
      commandEvidence('libvirtd', ['--version'], facts.libvirtd, 3),
    ],
  }
  const probe = context.libvirtProbe
  if (virshVersion === undefined && daemonVersion === undefined) {
    libvirt.status = 'warn'
    libvirt.summary =
      'libvirt is not installed (or virsh/libvirtd are not in PATH): VirtDeck manages VMs through it.'
    libvirt.fix = installFix(
      context.distro,
      {
        debian: 'libvirt-daemon-system libvirt-clients',
        fedora: 'libvirt',
        arch: 'libvirt',
        suse: 'libvirt',
      },
      'libvirt',
    )
  } else {
    const parts = [
      virshVersion !== undefined ? `virsh ${virshVersion}` : undefined,
      daemonVersion !== undefined ? `libvirtd ${daemonVersion}` : 'no libvirtd (modular daemons?)',
    ]
    libvirt.status = 'pass'
    libvirt.summary = `libvirt ${virshVersion ?? daemonVersion ?? ''} (${parts.filter((part) => part !== undefined).join(', ')}).`
    if (probe !== undefined && probe.state === 'unavailable' && /not reachable/.test(probe.detail)) {
      libvirt.status = 'warn'
      libvirt.summary += ` But ${probe.detail}.`
      libvirt.fix = {
        text: 'Start the libvirt daemon (and have it start at boot).',
        commands: ['sudo systemctl enable --now libvirtd'],
      }
    }
  }
  results.push(libvirt)

  const qemuVersion = versionOf(facts.qemu?.outcome)
  const qemu: CheckResult = {
    id: 'qemu-version',
    title: 'QEMU',
    status: 'unknown',
    summary: '',
    evidence: [],
  }
  if (facts.qemu !== undefined)
    qemu.evidence.push(commandEvidence(facts.qemu.binary, ['--version'], facts.qemu.outcome, 2))
  if (facts.qemu === undefined) {
    qemu.status = 'warn'
    qemu.summary = `QEMU is not installed (tried ${facts.qemuTried.join(', ')}).`
    qemu.evidence.push({
      source: facts.qemuTried.map((binary) => `$ ${binary} --version`).join(', '),
      text: 'not installed',
    })
    qemu.fix = installFix(
      context.distro,
      { debian: 'qemu-system-x86', fedora: 'qemu-kvm', arch: 'qemu-full', suse: 'qemu-x86' },
      'QEMU',
    )
  } else if (qemuVersion !== undefined) {
    qemu.status = 'pass'
    qemu.summary = `QEMU ${qemuVersion} (${facts.qemu.binary}).`
  } else {
    qemu.summary = `Could not read QEMU's version from ${facts.qemu.binary}.`
  }
  results.push(qemu)

  if (facts.validateLines === undefined) {
    results.push({
      id: 'virt-host-validate',
      title: 'virt-host-validate',
      status: 'unknown',
      summary:
        !facts.validate.ok && facts.validate.notFound
          ? 'virt-host-validate is not installed (it comes with libvirt).'
          : 'virt-host-validate gave no output.',
      evidence: [commandEvidence('virt-host-validate', [], facts.validate, 10)],
    })
    return results
  }
  const hardware = hardwareVirtualizationLine(facts.validateLines)
  const seen = new Map<string, number>()
  for (const line of facts.validateLines) {
    const base = `virt-host-validate:${(line.driver ?? 'other').toLowerCase()}:${line.check !== undefined ? slug(line.check) : 'unlabelled'}`
    const count = (seen.get(base) ?? 0) + 1
    seen.set(base, count)
    const title = `virt-host-validate: ${line.driver ?? '?'}: ${line.check ?? (line.status !== undefined ? '(check name missing from the output)' : line.raw.trim())}`
    const result: CheckResult = {
      id: count === 1 ? base : `${base}-${count}`,
      title,
      status:
        line.status !== undefined
          ? (STATUS[line.status] ?? 'unknown')
          : line.check !== undefined
            ? 'unknown'
            : 'info',
      summary:
        line.status !== undefined
          ? `${line.status}${line.note !== undefined ? ` (${line.note})` : ''}`
          : line.check !== undefined
            ? 'no status printed'
            : line.raw.trim(),
      evidence: [{ source: '$ virt-host-validate', text: line.raw }],
    }
    if (line === hardware && line.status !== 'PASS' && context.kvmUsable === true) {
      result.status = 'info'
      result.summary += ` — a false alarm here: virt-host-validate only looks at the CPU flags, and ${context.provenBy ?? 'the KVM probe'} shows KVM works.`
    }
    results.push(result)
  }
  return results
}
