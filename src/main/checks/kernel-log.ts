import type { Evidence } from '@shared/checks.js'
import type { HostReader } from './host-io.js'
import { commandLine } from './host-io.js'

export interface KernelLog {
  /** The log's lines; undefined when it could not be read (dmesg_restrict, no journal access). */
  lines?: string[]
  /** Where it came from, or everything that was tried. */
  source: string
  /** Why it could not be read. */
  reason?: string
}

/**
 * The kernel log, from `dmesg`, or from the journal when dmesg is restricted to root. Only read
 * for a few telling lines (DMAR/IVRS, "disabled by BIOS"), so an unreadable log is fine.
 */
export async function readKernelLog(reader: HostReader): Promise<KernelLog> {
  const dmesg = await reader.run('dmesg', [], { timeoutMs: 5_000 })
  if (dmesg.ok && dmesg.code === 0 && dmesg.stdout.trim() !== '')
    return { lines: dmesg.stdout.split('\n'), source: commandLine('dmesg', []) }
  const journalArgs = ['-k', '-b', '-q', '--no-pager', '-o', 'cat']
  const journal = await reader.run('journalctl', journalArgs, { timeoutMs: 5_000 })
  if (journal.ok && journal.code === 0 && journal.stdout.trim() !== '')
    return { lines: journal.stdout.split('\n'), source: commandLine('journalctl', journalArgs) }
  const why = (outcome: typeof dmesg): string =>
    outcome.ok ? outcome.stderr.trim() || `exit code ${String(outcome.code)}` : outcome.reason
  return {
    source: `${commandLine('dmesg', [])}, then ${commandLine('journalctl', journalArgs)}`,
    reason: `dmesg: ${why(dmesg)}; journalctl: ${why(journal)}`,
  }
}

/** The log lines matching a pattern, at most `limit`, as evidence; undefined when none match or the log is unreadable. */
export function kernelLogEvidence(log: KernelLog, pattern: RegExp, limit = 12): Evidence | undefined {
  if (log.lines === undefined) return undefined
  const matching = log.lines.filter((line) => pattern.test(line))
  if (matching.length === 0) return undefined
  const shown =
    matching.length > limit ? [...matching.slice(0, limit), `… ${matching.length - limit} more`] : matching
  return { source: `${log.source} (matching ${pattern.source})`, text: shown.join('\n') }
}

/** Kernel messages that say VT-x/AMD-V is there but switched off in the firmware (old and new kernels' wording). */
export const FIRMWARE_DISABLED_PATTERN = /disabled by bios|\(by BIOS\)/i

/** Kernel messages of kvm_intel/kvm_amd refusing to load: no VT-x/AMD-V, or disabled by the firmware. */
export const KVM_REFUSED_PATTERN =
  /kvm: no hardware support|VMX not supported|SVM not supported|disabled by bios|\(by BIOS\)/i
