import type { CallContext } from '../ipc/router.js'
import type { Host } from '../host/host.js'
import type { HostTestReport } from '@shared/hosts.js'
import { AppError } from '@shared/errors.js'

function osName(osRelease: string): string | undefined {
  const line = osRelease.split('\n').find((l) => l.startsWith('PRETTY_NAME='))
  return line?.slice('PRETTY_NAME='.length).replace(/^["']|["']$/g, '')
}

/** `virsh version` prints "Using library: libvirt 9.0.0" and "Running hypervisor: QEMU 7.2.0". */
export function parseVirshVersion(text: string): { libvirt?: string; hypervisor?: string } {
  const result: { libvirt?: string; hypervisor?: string } = {}
  const library = /Using library: libvirt ([\d.]+)/.exec(text)
  if (library?.[1]) result.libvirt = library[1]
  const hypervisor = /Running hypervisor: QEMU ([\d.]+)/.exec(text)
  if (hypervisor?.[1]) result.hypervisor = hypervisor[1]
  return result
}

/** Explains why libvirt could not be reached, and what to do, from virsh's error text. */
export function explainLibvirtFailure(
  uri: string,
  stderr: string,
  hostLabel: string,
): { problem: string; suggestedUri?: string } {
  const text = stderr.trim()
  // Socket permissions, or polkit (which needs the system D-Bus) refusing or unreachable.
  if (
    /Permission denied|authentication unavailable|access denied|not authorized|polkit|system bus connection/i.test(
      text,
    ) &&
    uri.endsWith('/system')
  ) {
    return {
      problem: `Your user on ${hostLabel} may not manage the system libvirt instance (${uri}): ${text}. Add the user to the libvirt group (sudo usermod -aG libvirt $USER, then log in again), or use qemu:///session, which runs VMs as your user with fewer features (no bridged networking by default).`,
      suggestedUri: uri.replace(/\/system$/, '/session'),
    }
  }
  if (/No such file or directory|Connection refused|Failed to connect socket/i.test(text)) {
    return {
      problem: `libvirt is not running on ${hostLabel} (${uri}): ${text}. Start it with: sudo systemctl start libvirtd (or virtqemud).`,
    }
  }
  return {
    problem: `Could not reach libvirt at ${uri} on ${hostLabel}: ${text || 'virsh failed without a message'}`,
  }
}

/** What "Test connection" shows: who the machine is, and whether libvirt and QEMU answer. */
export async function probeHost(
  host: Host,
  libvirtUri: string,
  label: string,
  context: CallContext,
  now = (): number => Date.now(),
): Promise<HostTestReport> {
  const started = now()
  const options = { signal: context.signal, timeoutMs: 20_000 }
  context.progress({ message: `Connecting to ${label}…`, fraction: 0.1 })
  const uname = await host.exec('uname', ['-n', '-r'], options)
  if (uname.code !== 0)
    throw new AppError('COMMAND_FAILED', `uname failed on ${label}`, { detail: uname.stderr })
  const latencyMs = now() - started
  const [hostname = '', kernel = ''] = uname.stdout.trim().split(/\s+/)
  context.progress({ message: 'Reading the operating system…', fraction: 0.3 })
  let os = 'unknown Linux'
  try {
    os = osName((await host.readFile('/etc/os-release')).toString('utf8')) ?? os
  } catch {
    // Not every system has /etc/os-release; the rest of the report still helps.
  }
  const report: HostTestReport = { hostname, os, kernel, libvirtUri, latencyMs }
  context.progress({ message: `Asking libvirt (${libvirtUri})…`, fraction: 0.6 })
  try {
    const virsh = await host.exec('virsh', ['-c', libvirtUri, 'version'], options)
    if (virsh.code === 0) {
      const versions = parseVirshVersion(virsh.stdout)
      if (versions.libvirt) report.libvirtVersion = versions.libvirt
      if (versions.hypervisor) report.qemuVersion = versions.hypervisor
    } else {
      const explained = explainLibvirtFailure(libvirtUri, virsh.stderr, label)
      report.libvirtProblem = explained.problem
      if (explained.suggestedUri) report.suggestedUri = explained.suggestedUri
    }
  } catch (error) {
    if (error instanceof AppError && error.code === 'COMMAND_NOT_FOUND') {
      report.libvirtProblem = `virsh is not installed on ${label}. Install libvirt's client tools (Debian/Ubuntu: libvirt-clients; Fedora: libvirt-client).`
    } else throw error
  }
  if (!report.qemuVersion) {
    context.progress({ message: 'Asking QEMU for its version…', fraction: 0.85 })
    try {
      const qemu = await host.exec('qemu-system-x86_64', ['--version'], options)
      const match = /version ([\d.]+)/.exec(qemu.stdout)
      if (qemu.code === 0 && match?.[1]) report.qemuVersion = match[1]
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'COMMAND_NOT_FOUND')) throw error
    }
  }
  context.progress({ message: 'Done', fraction: 1 })
  return report
}
