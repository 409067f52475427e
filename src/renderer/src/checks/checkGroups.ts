import type { CheckResult } from '@shared/checks.js'

export interface CheckGroup {
  id: string
  title: string
  /** One line under the title: what the group is about. */
  about: string
  checks: CheckResult[]
}

const GROUPS: readonly { id: string; title: string; about: string; match: (id: string) => boolean }[] = [
  {
    id: 'cpu',
    title: 'Processor',
    about:
      'Hardware virtualization (Intel VT-x, AMD-V), the firmware setting, and whether this machine is itself a VM.',
    match: (id) =>
      ['cpu-virtualization', 'hypervisor', 'firmware-virtualization'].includes(id) || id.startsWith('cpu'),
  },
  {
    id: 'kvm',
    title: 'KVM',
    about: 'Whether KVM really works here, the device, the kernel modules, nesting and vhost-net.',
    match: (id) => id.startsWith('kvm') || id === 'nested' || id === 'vhost-net',
  },
  {
    id: 'io',
    title: 'I/O virtualization',
    about: 'The IOMMU (Intel VT-d, AMD-Vi) needed for PCI and GPU passthrough; VT-c for network cards.',
    match: (id) => id.startsWith('iommu') || id === 'vt-c',
  },
  {
    id: 'software',
    title: 'libvirt and QEMU',
    about: 'The versions VirtDeck drives.',
    match: (id) => id.endsWith('-version') || id === 'libvirt' || id === 'qemu',
  },
  {
    id: 'extras',
    title: 'Memory and firmware',
    about: 'Hugepages for large VMs, and OVMF for UEFI guests and GPU passthrough.',
    match: (id) => id === 'hugepages' || id === 'ovmf',
  },
  {
    id: 'virt-host-validate',
    title: 'virt-host-validate',
    about:
      "libvirt's own host check, every line kept with its text. It trusts CPU flags alone; the verdict above weighs it against the KVM probe.",
    match: (id) => id.startsWith('virt-host-validate'),
  },
]

/** The checks in the panel's groups, in report order within each; anything new lands in "Other checks". */
export function groupChecks(checks: readonly CheckResult[]): CheckGroup[] {
  const groups: CheckGroup[] = GROUPS.map(({ id, title, about }) => ({ id, title, about, checks: [] }))
  const other: CheckGroup = { id: 'other', title: 'Other checks', about: 'More about this host.', checks: [] }
  for (const check of checks) {
    const index = GROUPS.findIndex((group) => group.match(check.id))
    ;(index < 0 ? other : (groups[index] ?? other)).checks.push(check)
  }
  return [...groups, other].filter((group) => group.checks.length > 0)
}

/** "virt-host-validate: QEMU: Checking for …" → "QEMU: Checking for …" inside its own group. */
export function shortTitle(check: CheckResult): string {
  return check.id.startsWith('virt-host-validate:')
    ? check.title.replace(/^virt-host-validate:\s*/, '')
    : check.title
}
