import type { HardwareView, HostDevice, HwApplyResult, HwPreview, HwResizeResult } from '../vm-hardware.js'
import {
  hwApplyInput,
  hwHostDevicesInput,
  hwPreviewInput,
  hwResizeInput,
  hwViewInput,
} from '../vm-hardware.js'
import { call, stream } from './define.js'

/** The Hardware tab: view, preview, apply, host devices, disk resize. */
export const vmhwChannels = {
  /** A VM's hardware (definition and, when it runs, what waits for the next boot) and the host's choices. */
  'vmhw.view': call<HardwareView>()(hwViewInput),
  /** One Hardware-tab edit previewed: XML diff, libvirt's verdict, live steps, restart needed; nothing changed. */
  'vmhw.preview': call<HwPreview>()(hwPreviewInput),
  /** Applies a previewed edit as one change (XML history, Changes page, undo), then the live steps. */
  'vmhw.apply': stream<HwApplyResult>()(hwApplyInput),
  /** The host's USB devices and PCI functions (GPUs flagged: they go through passthrough). */
  'vmhw.hostDevices': call<HostDevice[]>()(hwHostDevicesInput),
  /** Grows a disk (blockresize while running, vol-resize otherwise); never shrinks. */
  'vmhw.resize': call<HwResizeResult>()(hwResizeInput),
} as const
