import type { HostChangeRecord } from '../changes.js'
import { checksHostInput } from '../checks.js'
import type {
  GuestCpuApplyResult,
  GuestCpuPlan,
  NestedApplyResult,
  NestedPlan,
  NestedStatus,
  NestedUndoResult,
  XenNestedPlan,
} from '../nested.js'
import {
  guestCpuPlanInputSchema,
  nestedApplyInputSchema,
  nestedPlanInputSchema,
  nestedUndoInputSchema,
  xenPlanInputSchema,
} from '../nested.js'
import { call, stream } from './define.js'

/** Nested virtualization: status, plans, apply and undo. */
export const nestedChannels = {
  'nested.status': call<NestedStatus>()(checksHostInput),
  /** Previews enabling nested KVM: exact diffs, commands, blockers. Kept in main; apply names it by id. */
  'nested.plan': call<NestedPlan>()(nestedPlanInputSchema),
  /** Previews nested HVM for a Xen guest's xl config; applied with nested.apply. */
  'nested.xenPlan': call<XenNestedPlan>()(xenPlanInputSchema),
  'nested.apply': stream<NestedApplyResult>()(nestedApplyInputSchema),
  'nested.undo': stream<NestedUndoResult>()(nestedUndoInputSchema),
  'nested.changes': call<HostChangeRecord[]>()(checksHostInput),
  'nested.guestCpuPlan': call<GuestCpuPlan>()(guestCpuPlanInputSchema),
  'nested.guestCpuApply': stream<GuestCpuApplyResult>()(nestedApplyInputSchema),
} as const
