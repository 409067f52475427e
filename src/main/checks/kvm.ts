import type { CheckResult, CpuVendor, Evidence } from '@shared/checks.js'
import type { HostReader, ListOutcome, ReadOutcome, RunOutcome } from './host-io.js'
import { commandEvidence, unreadable } from './host-io.js'

/** Check 5: /dev/kvm, the KVM modules, vhost-net. */
export interface KvmFacts {
  device: RunOutcome
  /** Opening /dev/kvm read-write as the current user: the real test of access (groups, ACLs, device cgroups). */
  open: RunOutcome
  user?: string
  groups?: string[]
  procModules: ReadOutcome
  sysModules: ListOutcome
  vhostDevice: RunOutcome
  /** Module names seen in /proc/modules or /sys/module (built-in modules with parameters appear only there). */
  modules?: Set<string>
  /** `kvm_intel`, `kvm_amd`, `kvm_pvm`, … */
  vendorModule?: string
}

export const DEVICE_ARGS = ['-lLd', '/dev/kvm'] as const
// A fixed script, not built from input: `<>` opens the device O_RDWR, as QEMU does. `<>` would
// also create a missing /dev/kvm as a plain file (as root, in the real /dev), hence the `-c` test.
export const OPEN_ARGS = ['-c', '[ -c /dev/kvm ] || exit 3; exec 3<>/dev/kvm'] as const
const VHOST_ARGS = ['-lLd', '/dev/vhost-net'] as const
const VENDOR_MODULES = ['kvm_intel', 'kvm_amd', 'kvm_pvm', 'kvm_hv', 'kvm_pr']

function trimmed(outcome: RunOutcome): string | undefined {
  return outcome.ok && outcome.code === 0 ? outcome.stdout.trim() : undefined
}

export async function gatherKvm(reader: HostReader): Promise<KvmFacts> {
  const [device, open, user, groups, procModules, sysModules, vhostDevice] = await Promise.all([
    reader.run('ls', [...DEVICE_ARGS]),
    reader.run('sh', [...OPEN_ARGS]),
    reader.run('id', ['-un']),
    reader.run('id', ['-nG']),
    reader.read('/proc/modules'),
    reader.list('/sys/module'),
    reader.run('ls', [...VHOST_ARGS]),
  ])
  const facts: KvmFacts = { device, open, procModules, sysModules, vhostDevice }
  const userName = trimmed(user)
  if (userName !== undefined) facts.user = userName
  const groupNames = trimmed(groups)
  if (groupNames !== undefined) facts.groups = groupNames.split(/\s+/)
  if (procModules.ok || sysModules.ok) {
    const names = new Set<string>()
    if (procModules.ok)
      for (const line of procModules.text.split('\n'))
        if (line.trim() !== '') names.add(line.split(/\s+/)[0] ?? '')
    if (sysModules.ok) for (const name of sysModules.names) names.add(name)
    facts.modules = names
    const vendor = VENDOR_MODULES.find((name) => names.has(name))
    if (vendor !== undefined) facts.vendorModule = vendor
  }
  return facts
}

interface LsLine {
  type: string
  mode: string
  owner: string
  group: string
}

function parseLsLine(outcome: RunOutcome): LsLine | undefined {
  if (!outcome.ok || outcome.code !== 0) return undefined
  const match = /^([-a-z])([-rwxsStT]{9})\S*\s+\d+\s+(\S+)\s+(\S+)/.exec(outcome.stdout.trim())
  if (match === null) return undefined
  return { type: match[1] ?? '', mode: match[2] ?? '', owner: match[3] ?? '', group: match[4] ?? '' }
}

function isMissing(outcome: RunOutcome): boolean {
  return outcome.ok && outcome.code !== 0 && /no such file/i.test(outcome.stderr)
}

export type DeviceState = 'opened' | 'denied' | 'missing' | 'unopenable' | 'unknown'

/** /dev/kvm as the current user meets it. */
export function deviceState(facts: KvmFacts): DeviceState {
  if (isMissing(facts.device)) return 'missing'
  if (parseLsLine(facts.device) === undefined) return 'unknown'
  if (facts.open.ok && facts.open.code === 0) return 'opened'
  if (facts.open.ok && /permission denied|operation not permitted/i.test(facts.open.stderr)) return 'denied'
  return facts.open.ok ? 'unopenable' : 'unknown'
}

export function judgeKvm(
  facts: KvmFacts,
  vendor: CpuVendor,
  usable: boolean | undefined,
  /** Kernel log lines of kvm_intel/kvm_amd refusing to load, shown when the modules are missing. */
  refusedLog?: Evidence,
): CheckResult[] {
  const vendorModule =
    vendor === 'amd' ? 'kvm_amd' : vendor === 'intel' ? 'kvm_intel' : 'kvm_intel (Intel) or kvm_amd (AMD)'
  const loadFix = {
    text: `Load the KVM modules. If loading fails, \`dmesg\` says why (often: virtualization disabled in the firmware).`,
    commands: [
      `sudo modprobe ${vendor === 'amd' ? 'kvm_amd' : vendor === 'intel' ? 'kvm_intel' : 'kvm_intel   # or kvm_amd'}`,
    ],
  }
  const user = facts.user ?? 'the current user'

  const device: CheckResult = {
    id: 'kvm-device',
    title: '/dev/kvm present and accessible',
    status: 'unknown',
    summary: '',
    evidence: [commandEvidence('ls', DEVICE_ARGS, facts.device, 2)],
  }
  const ls = parseLsLine(facts.device)
  if (ls !== undefined) device.evidence.push(commandEvidence('sh', OPEN_ARGS, facts.open, 3))
  if (facts.groups !== undefined) device.evidence.push({ source: '$ id -nG', text: facts.groups.join(' ') })
  const state = deviceState(facts)
  if (state === 'missing') {
    device.status = 'fail'
    device.summary =
      '/dev/kvm does not exist: the KVM modules are not loaded, or KVM cannot start on this CPU.'
    device.fix = loadFix
  } else if (ls === undefined) {
    device.summary = 'Could not look at /dev/kvm.'
  } else if (state === 'opened') {
    const groupRw = ls.mode.slice(3, 5) === 'rw'
    const otherRw = ls.mode.slice(6, 8) === 'rw'
    const shared = otherRw || (groupRw && ls.group !== 'root')
    device.status = shared ? 'pass' : 'warn'
    device.summary = `/dev/kvm (${ls.owner}:${ls.group}, ${ls.type}${ls.mode}) opens read-write for ${user}.`
    if (!shared) {
      device.summary += ` But only ${ls.owner} may use it: libvirt's QEMU (user libvirt-qemu or qemu) cannot, and libvirt then probes QEMU again on every call.`
      device.fix = {
        text: 'Give /dev/kvm the usual permissions now, and keep them across reboots with a udev rule.',
        commands: [
          'sudo chown root:kvm /dev/kvm',
          'sudo chmod 0660 /dev/kvm',
          `echo 'KERNEL=="kvm", GROUP="kvm", MODE="0660"' | sudo tee /etc/udev/rules.d/65-kvm.rules`,
        ],
      }
    }
  } else if (state === 'denied') {
    device.status = usable === true ? 'warn' : 'fail'
    device.summary = `/dev/kvm (${ls.owner}:${ls.group}, ${ls.type}${ls.mode}) exists but ${user} cannot open it${usable === true ? ' (libvirt can: VMs it runs use KVM)' : ''}.`
    device.fix = {
      text: `Add ${user} to the ${ls.group === 'root' ? 'kvm' : ls.group} group, then log out and back in.`,
      commands: [`sudo usermod -aG ${ls.group === 'root' ? 'kvm' : ls.group} ${facts.user ?? '$USER'}`],
    }
  } else {
    device.status = 'warn'
    device.summary = `/dev/kvm exists but could not be opened: ${facts.open.ok ? facts.open.stderr.trim() : facts.open.reason}.`
  }

  const modules: CheckResult = {
    id: 'kvm-modules',
    title: 'KVM kernel modules',
    status: 'unknown',
    summary: '',
    evidence: [],
  }
  modules.evidence.push(kvmModuleEvidence(facts))
  if (facts.modules === undefined) {
    modules.summary = 'Could not list the kernel modules: tried /proc/modules and /sys/module.'
  } else if (facts.modules.has('kvm') && facts.vendorModule !== undefined) {
    modules.status = 'pass'
    const builtIn =
      !facts.procModules.ok ||
      !facts.procModules.text.split('\n').some((line) => line.startsWith(`${facts.vendorModule ?? ''} `))
    modules.summary = `kvm and ${facts.vendorModule} are loaded${builtIn ? ' (built into the kernel)' : ''}.`
    if (facts.vendorModule === 'kvm_pvm')
      modules.summary +=
        ' kvm_pvm is PVM, a KVM backend that runs guests without VT-x/AMD-V (for guests of an outer hypervisor).'
  } else {
    modules.status = usable === true ? 'info' : 'fail'
    modules.summary = facts.modules.has('kvm')
      ? `kvm is loaded, but not ${vendorModule}.`
      : `Neither kvm nor ${vendorModule} is loaded.`
    if (usable !== true) modules.fix = loadFix
    if (refusedLog !== undefined) modules.evidence.push(refusedLog)
  }

  const vhost: CheckResult = {
    id: 'vhost-net',
    title: 'vhost-net (fast virtio networking)',
    status: 'unknown',
    summary: '',
    evidence: [commandEvidence('ls', VHOST_ARGS, facts.vhostDevice, 2)],
  }
  if (parseLsLine(facts.vhostDevice) !== undefined || facts.modules?.has('vhost_net') === true) {
    vhost.status = 'pass'
    vhost.summary = 'vhost-net is available: virtio network traffic is handled in the kernel.'
  } else if (isMissing(facts.vhostDevice)) {
    vhost.status = 'warn'
    vhost.summary = 'vhost-net is not available: virtio networking will run in QEMU, slower.'
    vhost.fix = facts.procModules.ok
      ? {
          text: 'Load the vhost_net module now and at every boot.',
          commands: [
            'sudo modprobe vhost_net',
            'echo vhost_net | sudo tee /etc/modules-load.d/vhost_net.conf',
          ],
        }
      : {
          text: 'This kernel cannot load modules (/proc/modules is missing): vhost_net would have to be built into it.',
        }
  } else {
    vhost.summary = 'Could not look at /dev/vhost-net.'
  }
  return [device, modules, vhost]
}

function kvmModuleEvidence(facts: KvmFacts): Evidence {
  if (facts.modules === undefined) {
    const proc = facts.procModules.ok ? '' : unreadable('/proc/modules', facts.procModules).text
    const sys = facts.sysModules.ok ? '' : `/sys/module: ${facts.sysModules.reason}`
    return {
      source: '/proc/modules, /sys/module',
      text: [proc, sys].filter((text) => text !== '').join('\n'),
    }
  }
  const relevant = [...facts.modules].filter((name) => /^(kvm|kvm_\w+|vhost\w*|irqbypass)$/.test(name)).sort()
  const procLines = facts.procModules.ok
    ? facts.procModules.text.split('\n').filter((line) => /^(kvm\w*|vhost\w*|irqbypass) /.test(line))
    : []
  const text = [
    procLines.length > 0
      ? procLines.join('\n')
      : facts.procModules.ok
        ? '/proc/modules: no kvm entries'
        : `/proc/modules: ${facts.procModules.reason}`,
    `/sys/module: ${relevant.length > 0 ? relevant.join(' ') : 'no kvm entries'}`,
  ].join('\n')
  return { source: '/proc/modules, /sys/module', text }
}
