import type { HostVmCapabilities, VmCreatePreview, VmCreateResult, VmNameCheck } from '../vm-create.js'
import * as createIn from '../vm-create.js'
import type {
  DeleteResult,
  DeletionPlan,
  DomainDetails,
  DomainSummary,
  LibvirtConnectionState,
  VmDefineResult,
  VmListAll,
  VmXmlPreview,
  XmlHistoryEntry,
} from '../vms.js'
import * as vmIn from '../vms.js'
import { call, none, stream } from './define.js'

/** Virtual machines: list, details, actions, XML, history and creation. */
export const vmsChannels = {
  /** The link to libvirt on the host (opened on first use): connected, or reconnecting and why. */
  'vms.connection': call<LibvirtConnectionState>()(vmIn.vmHostInput),
  'vms.list': call<DomainSummary[]>()(vmIn.vmHostInput),
  /** Every connected host's VMs; a host that fails is reported in its entry, not thrown. */
  'vms.listAll': call<VmListAll>()(none),
  'vms.get': call<DomainSummary>()(vmIn.vmInput),
  'vms.details': call<DomainDetails>()(vmIn.vmInput),
  /** start | shutdown (ACPI) | reboot | destroy (force off) | suspend | resume; returns the VM as it is now. */
  'vms.action': call<DomainSummary>()(vmIn.vmActionInput),
  'vms.setAutostart': call<DomainSummary>()(vmIn.vmAutostartInput),
  'vms.deletionPlan': call<DeletionPlan>()(vmIn.vmInput),
  'vms.delete': call<DeleteResult>()(vmIn.vmDeleteInput),
  /** The persistent definition by default (what define replaces); `inactive: false` for the live one. */
  'vms.xml': call<string>()(vmIn.vmXmlInput),
  'vms.xmlPreview': call<VmXmlPreview>()(vmIn.vmXmlPreviewInput),
  'vms.define': call<VmDefineResult>()(vmIn.vmDefineInput),
  'vms.history': call<XmlHistoryEntry[]>()(vmIn.vmInput),
  'vms.restore': call<VmDefineResult>()(vmIn.vmHistoryRestoreInput),
  'vms.capabilities': call<HostVmCapabilities>()(vmIn.vmHostInput),
  'vms.checkName': call<VmNameCheck>()(createIn.vmNameCheckInput),
  'vms.createPreview': call<VmCreatePreview>()(createIn.vmCreatePreviewInput),
  /** Creates the disk (progress, cancel), defines the VM, optionally starts it. */
  'vms.create': stream<VmCreateResult>()(createIn.vmCreateInput),
} as const
