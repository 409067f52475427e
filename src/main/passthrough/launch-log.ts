/**
 * What went wrong when a passthrough VM started, read from the domain's log
 * (/var/log/libvirt/qemu/<vm>.log) or the kernel's: each known vfio failure with the line it came
 * from, what it means and what to do, in words. Pure: the patterns come from real reports (see
 * test/fixtures/passthrough-logs/SOURCES.md).
 */

export type LaunchProblemId =
  | 'group-not-viable'
  | 'container-setup'
  | 'no-vfio-node'
  | 'reset-failed'
  | 'bar-reserve'
  | 'dma-map'
  | 'hugepages-memory'
  | 'backing-store-denied'
  | 'no-vfio-host'

export interface LaunchProblem {
  id: LaunchProblemId
  /** The log line it was recognised in. */
  line: string
  /** What happened, in words. */
  what: string
  /** What to do. */
  todo: string
}

interface Pattern {
  id: LaunchProblemId
  test: RegExp
  what(m: RegExpMatchArray): string
  todo: string
}

const PATTERNS: Pattern[] = [
  {
    id: 'no-vfio-host',
    test: /host doesn't support VFIO PCI passthrough/i,
    what: () =>
      'libvirt finds no VFIO on this host: the IOMMU is off or the vfio-pci module is not loaded, so no card can be passed through.',
    todo: 'Apply the host plan (IOMMU and vfio-pci at boot) and reboot; the verification after the reboot must pass before the VM can start.',
  },
  {
    id: 'group-not-viable',
    test: /vfio(?: error:)? ([0-9a-f:.]+|[0-9a-f-]{36}): (?:group (\d+) is not viable|error getting device from group (\d+))/i,
    what: (m) =>
      `IOMMU group ${m[2] ?? m[3] ?? '?'} of ${m[1] ?? 'the device'} is not viable: another device in the group is still on a host driver, or already in use.`,
    todo: 'Bind every device of the group to vfio-pci (bridges excepted) — the host plan does this at boot — or pass the whole group to the VM. Check with: virtdeck passthrough devices.',
  },
  {
    id: 'container-setup',
    test: /failed to setup container for group (\d+)(?:: (.*))?/i,
    what: (m) =>
      `QEMU could not attach IOMMU group ${m[1] ?? '?'} to its VFIO container${m[2] === undefined ? '' : ` (${m[2].trim()})`}: the IOMMU refused the group.`,
    todo: 'Make sure the IOMMU is really on (intel_iommu=on on Intel, IOMMU enabled in the firmware) and that no other VM holds a device of this group; on some boards only the ACS override splits the group (a security cost).',
  },
  {
    id: 'no-vfio-node',
    test: /failed to open \/dev\/vfio\/(\d+): No such file or directory/i,
    what: (m) =>
      `/dev/vfio/${m[1] ?? '?'} does not exist: the card is not bound to vfio-pci (or the vfio-pci module is not loaded).`,
    todo: 'Apply the host plan and reboot; after the reboot the verification must show every function on vfio-pci. Until then: sudo modprobe vfio-pci.',
  },
  {
    id: 'reset-failed',
    test: /Cannot reset device ([0-9a-f:.]+)(?:, (.*))?/i,
    what: (m) =>
      `The host could not reset ${m[1] ?? 'the device'}${m[2] === undefined ? '' : ` (${m[2].replace(/\.$/, '')})`}; the card may keep its old state or hang the guest.`,
    todo: 'Pass every function of the card together (they reset as one), let the card be reset at boot by giving it to vfio-pci early, or — for AMD cards with the reset bug — use the vendor-reset module. A host reboot clears a stuck card.',
  },
  {
    id: 'bar-reserve',
    test: /vfio-pci ([0-9a-f:.]+): BAR (\d+): can't reserve/i,
    what: (m) =>
      `The kernel could not reserve BAR ${m[2] ?? '?'} of ${m[1] ?? 'the card'}: the host framebuffer (efifb/simplefb/vesafb) still holds the card's memory.`,
    todo: 'The host is using this card for its console: pass through a card the host does not boot on, or add video=efifb:off (or initcall_blacklist=sysfb_init) to the kernel command line.',
  },
  {
    id: 'dma-map',
    test: /VFIO_MAP_DMA failed: (.*)$/i,
    what: (m) => `QEMU could not map guest memory for the device (VFIO_MAP_DMA: ${(m[1] ?? '').trim()}).`,
    todo: 'Usually too little locked memory or an address the IOMMU cannot reach: give the VM less memory to test, check that libvirt runs the VM with memory locking (managed hostdevs do), and on large VMs set the host-phys-bits CPU option.',
  },
  {
    id: 'hugepages-memory',
    test: /unable to map backing store for guest RAM: Cannot allocate memory/i,
    what: () => 'The VM asked for hugepages, and not enough are reserved on the host.',
    todo: 'Reserve enough hugepages for the VM’s memory (vm.nr_hugepages, or hugepages= on the kernel command line) or turn hugepages off for this VM.',
  },
  {
    id: 'backing-store-denied',
    test: /can't open backing store (\S+) for guest RAM: Permission denied/i,
    what: (m) => `QEMU may not open ${m[1] ?? 'its memory backing file'}.`,
    todo: 'For /dev/shm/looking-glass: the tmpfiles.d file must make it group kvm and 0660 (the VM change writes it; run systemd-tmpfiles --create once). For hugepages: restart libvirtd after mounting hugetlbfs so it can label the folder.',
  },
]

/** Every known problem in a log, in the order the lines appear; one entry per problem kind. */
export function recognizeLaunchLog(text: string): LaunchProblem[] {
  const found = new Map<LaunchProblemId, LaunchProblem>()
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (line === '') continue
    for (const p of PATTERNS) {
      if (found.has(p.id)) continue
      const m = line.match(p.test)
      if (m !== null) found.set(p.id, { id: p.id, line, what: p.what(m), todo: p.todo })
    }
  }
  return [...found.values()]
}
