import type { HostChangeRecord } from '../changes.js'
import type { PassthroughPlanPreview } from '../passthrough-change.js'
import { passthroughApplyInput, passthroughPlanInput, passthroughReportInput } from '../passthrough-change.js'
import type { PassthroughHooksPreview } from '../passthrough-hooks.js'
import { passthroughHooksApplyInput, passthroughHooksPlanInput } from '../passthrough-hooks.js'
import type { PassthroughLaunchReport, PassthroughVmPreview } from '../passthrough-vm.js'
import { passthroughLaunchInput, passthroughVmApplyInput, passthroughVmPlanInput } from '../passthrough-vm.js'
import type { PassthroughReport } from '../passthrough.js'
import type { HostInputDevices } from '../passthrough-inputs.js'
import { passthroughInputDevicesInput } from '../passthrough-inputs.js'
import { call, stream } from './define.js'

/** GPU passthrough: host plan, report, VM configuration, launch, hooks. */
export const passthroughChannels = {
  /** What preparing the host for one GPU would change (files, commands, blockers, reboot); nothing is changed. */
  'passthrough.plan': call<PassthroughPlanPreview>()(passthroughPlanInput),
  /** Applies a previewed host plan as one change (backups, Changes page, verify after the reboot, undo). */
  'passthrough.apply': stream<HostChangeRecord>()(passthroughApplyInput),
  /** Every graphics card: functions, IOMMU groups, viability and blockers in words, the host's display. */
  'passthrough.report': call<PassthroughReport>()(passthroughReportInput),
  /** One VM's passthrough configuration previewed: XML diff, QEMU line, tmpfiles.d file; nothing is changed. */
  'passthrough.vmPlan': call<PassthroughVmPreview>()(passthroughVmPlanInput),
  /** Applies a previewed VM configuration as one change (definition + host file), undone from the Changes page. */
  'passthrough.vmApply': stream<HostChangeRecord>()(passthroughVmApplyInput),
  /** Start gaming VM: pre-flight, start, the first minute watched (state + log), the verdict in words. */
  'passthrough.launch': stream<PassthroughLaunchReport>()(passthroughLaunchInput),
  /** Single-GPU hook scripts for one VM previewed (every file, folders, warnings); nothing is changed. */
  'passthrough.hooksPlan': call<PassthroughHooksPreview>()(passthroughHooksPlanInput),
  /** Installs previewed hook scripts as one change (0755, folders created), undone byte for byte. */
  'passthrough.hooksApply': stream<HostChangeRecord>()(passthroughHooksApplyInput),
  /** The host's keyboards and mice for evdev: /dev/input/by-id event links, their nodes, kinds and names. */
  'passthrough.inputDevices': call<HostInputDevices>()(passthroughInputDevicesInput),
} as const
