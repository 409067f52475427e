import type { CheckResult } from '@shared/checks.js'
import type { Distro } from './distro.js'
import { installFix } from './distro.js'
import type { HostReader, ListOutcome, ReadOutcome } from './host-io.js'
import { unreadable } from './host-io.js'
import { parseHugepages } from './parsers/meminfo.js'

/** Check 8: hugepages, and UEFI firmware for guests (OVMF), needed for UEFI guests and GPU passthrough. */
export interface ExtrasFacts {
  meminfo: ReadOutcome
  firmwareDirs: { dir: string; listing: ListOutcome }[]
}

/** Where distributions put OVMF: Debian/Ubuntu, Fedora, Arch, older Arch/Gentoo, openSUSE, and QEMU's firmware descriptors. */
export const FIRMWARE_DIRS = [
  '/usr/share/OVMF',
  '/usr/share/edk2/ovmf',
  '/usr/share/edk2/x64',
  '/usr/share/edk2-ovmf',
  '/usr/share/edk2-ovmf/x64',
  '/usr/share/qemu',
  '/usr/share/qemu/firmware',
]

export async function gatherExtras(reader: HostReader): Promise<ExtrasFacts> {
  const [meminfo, ...listings] = await Promise.all([
    reader.read('/proc/meminfo'),
    ...FIRMWARE_DIRS.map((dir) => reader.list(dir)),
  ])
  return {
    meminfo,
    firmwareDirs: FIRMWARE_DIRS.map((dir, index) => ({
      dir,
      listing: listings[index] ?? { ok: false, reason: 'not listed' },
    })),
  }
}

function firmwareFiles(dir: string, names: readonly string[]): string[] {
  if (dir.endsWith('/firmware'))
    return names.filter((name) => name.endsWith('.json')).map((name) => `${dir}/${name}`)
  return names
    .filter((name) => /(ovmf|edk2).*\.(fd|bin)$|^OVMF_.*\.fd$/i.test(name))
    .map((name) => `${dir}/${name}`)
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${bytes / 1024 ** 3} GiB`
  if (bytes >= 1024 ** 2) return `${bytes / 1024 ** 2} MiB`
  return `${bytes / 1024} KiB`
}

export function judgeExtras(facts: ExtrasFacts, distro: Distro): CheckResult[] {
  const hugepages: CheckResult = {
    id: 'hugepages',
    title: 'Hugepages',
    status: 'unknown',
    summary: '',
    evidence: [],
  }
  const pool = facts.meminfo.ok ? parseHugepages(facts.meminfo.text) : undefined
  if (!facts.meminfo.ok) {
    hugepages.summary = 'Could not read /proc/meminfo.'
    hugepages.evidence.push(unreadable('/proc/meminfo', facts.meminfo))
  } else if (pool === undefined) {
    hugepages.summary = 'This kernel shows no hugepage pool (no HugePages_Total in /proc/meminfo).'
    hugepages.evidence.push({ source: '/proc/meminfo', text: 'no HugePages_Total line' })
  } else {
    hugepages.evidence.push({ source: '/proc/meminfo', text: pool.lines.join('\n') })
    const size = pool.size !== undefined ? formatBytes(pool.size) : 'default-size'
    if (pool.total > 0) {
      hugepages.status = 'pass'
      hugepages.summary = `${pool.total} hugepages of ${size} reserved (${pool.size !== undefined ? formatBytes(pool.total * pool.size) : '?'} in all${pool.free !== undefined ? `, ${pool.free} free` : ''}).`
    } else {
      hugepages.status = 'info'
      hugepages.summary = `No hugepages reserved (page size ${size}). Optional: they help large or latency-sensitive VMs (<memoryBacking><hugepages/>).`
      hugepages.fix = {
        text: 'Reserve hugepages for VMs, e.g. 4 GiB of 2 MiB pages (persist with vm.nr_hugepages in /etc/sysctl.d/).',
        commands: ['sudo sysctl vm.nr_hugepages=2048'],
      }
    }
  }

  const found = facts.firmwareDirs.flatMap(({ dir, listing }) =>
    listing.ok ? firmwareFiles(dir, listing.names) : [],
  )
  const ovmf: CheckResult = {
    id: 'ovmf',
    title: 'UEFI firmware for guests (OVMF)',
    status: found.length > 0 ? 'pass' : 'warn',
    summary:
      found.length > 0
        ? `OVMF is installed: ${found.length} firmware file${found.length === 1 ? '' : 's'} or descriptor${found.length === 1 ? '' : 's'}.`
        : 'No OVMF firmware found: UEFI guests (Windows 11, GPU passthrough) cannot boot.',
    evidence: [
      {
        source: FIRMWARE_DIRS.join(', '),
        text:
          found.length > 0
            ? found.slice(0, 20).join('\n') + (found.length > 20 ? `\n… ${found.length - 20} more` : '')
            : 'none of these folders has OVMF files',
      },
    ],
  }
  if (found.length === 0) {
    ovmf.fix = installFix(
      distro,
      { debian: 'ovmf', fedora: 'edk2-ovmf', arch: 'edk2-ovmf', suse: 'qemu-ovmf-x86_64' },
      'OVMF',
      'OVMF (edk2)',
    )
  }
  return [hugepages, ovmf]
}
