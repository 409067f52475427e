import type { TuningArea, TuningFix, TuningVerdict } from '@shared/tuning.js'
import type { XmlElement } from '../libvirt/xml/index.js'
import type { DomCaps, HostCaps } from './host-caps.js'

/** One qcow2/raw image as `qemu-img info` and `qemu-img map` saw it. */
export interface ImageFacts {
  path: string
  format: string
  virtualSize: number
  /** Bytes of the image whose clusters are not allocated (`present: false` in `qemu-img map`). */
  unallocatedBytes: number
  /** The image's `preallocation` creation option when qemu-img shows it (it usually does not). */
  error?: string
}

/** What the rules know of the host besides libvirt's capabilities. */
export interface HostFacts {
  /** Linux bridges on the host (`ip -j link show type bridge`), libvirt's own (virbr*) included. */
  bridges: string[]
  /** libvirt virtual networks by name. */
  networks: string[]
  /** `/dev/vhost-net` exists; undefined when not checked. */
  vhostNet: boolean | undefined
  /** Images of the VM's disks, by path; a path missing here was not probed. */
  images: Map<string, ImageFacts>
  /** Host threads other VMs pin vCPUs to: thread → VM names. */
  pinnedByOthers: Map<number, string[]>
  /** Host network cards and NVMe drives (from `virsh nodedev-dumpxml`); absent when not read. */
  pciDevices?: HostPciDevice[]
}

export interface HostPciDevice {
  /** e.g. pci_0000_03_00_0 */
  name: string
  kind: 'nic' | 'nvme'
  /** The host driver bound to it (vfio-pci: ready to pass through). */
  driver: string | undefined
  /** Other VMs whose definitions pass it through. */
  assignedTo?: string[]
}

export interface TuningContext {
  /** The domain's root element: read it, never edit it in `check`. */
  domain: XmlElement
  caps: HostCaps
  /** Undefined where libvirt has no domcapabilities (the test driver) or it failed. */
  domcaps: DomCaps | undefined
  facts: HostFacts
}

export interface RuleCheck {
  verdict: TuningVerdict
  evidence: string[]
  /** Replaces the rule's general explanation when the finding needs its own words. */
  explanation?: string
  /** Replaces the rule's general risk text. */
  risk?: string
  /** Offered only when the rule can fix this finding. */
  fix?: TuningFix
}

export interface TuningRule {
  id: string
  area: TuningArea
  title: string
  explanation: string
  source: string
  risk: string
  /** Penalty of an `improve` verdict (risky costs more). */
  weight: number
  check(ctx: TuningContext): RuleCheck
  /**
   * Edits the domain in place so the rule is satisfied; returns notes for the diff (what changed
   * beyond the obvious, what was kept and why). Changes nothing when there is nothing to do.
   */
  apply?(domain: XmlElement, ctx: TuningContext): string[]
}

export function xmlFix(summary: string): TuningFix {
  return { summary, kind: 'xml', nextBoot: true }
}

export function notApplicable(evidence: string): RuleCheck {
  return { verdict: 'not-applicable', evidence: [evidence] }
}
