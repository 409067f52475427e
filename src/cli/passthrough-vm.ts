import { AppError } from '@shared/errors.js'
import { pciAddressSchema } from '@shared/passthrough.js'
import { PASSTHROUGH_TUNING_RULES } from '@shared/passthrough-vm.js'
import type { PassthroughTuningRule } from '@shared/passthrough-vm.js'
import type { App } from '../main/app.js'
import { targetHost } from './checks.js'
import { confirmed } from './confirm.js'
import { call } from './hosts.js'
import type { Output } from './output.js'

export const VM_USAGE = `  virtdeck passthrough vm --vm NAME --gpu ADDRESS [--code43] [--rom FILE] [--looking-glass WxH]
                          [--tune cpu-mode,cpu-pinning,memory-hugepages] [--yes] [--host NAME] [--json]
  virtdeck passthrough launch --vm NAME [--watch SECONDS] [--host NAME] [--json]
  virtdeck passthrough hooks --vm NAME --gpu ADDRESS [--display-manager UNIT] [--yes] [--host NAME] [--json]

vm gives every function of the card to the VM as one change (XML diff and QEMU line printed first);
launch checks, starts and watches the VM (default 60 s) and says what failed; hooks installs the
single-GPU hook scripts (the host has no display while the VM runs). Undo: virtdeck changes undo ID.`

export interface VmValues {
  host?: string | undefined
  gpu?: string | undefined
  vm?: string | undefined
  yes?: boolean | undefined
  code43?: boolean | undefined
  rom?: string | undefined
  'looking-glass'?: string | undefined
  tune?: string | undefined
  watch?: string | undefined
  'display-manager'?: string | undefined
}

function need(value: string | undefined, what: string, sub: string): string {
  if (value === undefined || value === '')
    throw new AppError('INVALID_INPUT', `passthrough ${sub}: say ${what}`, { detail: VM_USAGE })
  return value
}

function gpuOf(value: string | undefined, sub: string): string {
  const parsed = pciAddressSchema.safeParse(need(value, '--gpu ADDRESS', sub))
  if (!parsed.success)
    throw new AppError('INVALID_INPUT', `"${value ?? ''}" is not a PCI address`, {
      detail: 'Write it like 01:00.0 or 0000:01:00.0.',
    })
  return parsed.data
}

function done(out: Output, change: { id: string; summary: string }): void {
  out.result(
    change,
    () => `Applied: ${change.summary} (change ${change.id}).\nUndo with: virtdeck changes undo ${change.id}`,
  )
}

async function vmCommand(app: App, v: VmValues, out: Output): Promise<void> {
  const view = targetHost(app, v.host)
  const vm = need(v.vm, '--vm NAME', 'vm')
  const gpu = gpuOf(v.gpu, 'vm')
  const report = await call(app, 'passthrough.report', { hostId: view.id })
  const card = report.gpus.find((g) => g.address === gpu)
  if (card === undefined) throw new AppError('NOT_FOUND', `No graphics card at ${gpu} on ${view.name}.`)
  const lg = v['looking-glass']
  const size = lg === undefined ? undefined : /^(\d+)x(\d+)$/.exec(lg)
  if (lg !== undefined && (size === null || size === undefined))
    throw new AppError(
      'INVALID_INPUT',
      `--looking-glass ${lg}: write the guest resolution as WIDTHxHEIGHT, e.g. 2560x1440`,
    )
  const tune = (v.tune ?? '').split(',').filter((t) => t !== '')
  const unknown = tune.filter((t) => !(PASSTHROUGH_TUNING_RULES as readonly string[]).includes(t))
  if (unknown.length > 0)
    throw new AppError('INVALID_INPUT', `--tune: unknown ${unknown.join(', ')}`, {
      detail: `Choose from ${PASSTHROUGH_TUNING_RULES.join(', ')}.`,
    })
  const plan = await call(app, 'passthrough.vmPlan', {
    hostId: view.id,
    vm,
    options: {
      functions: card.functions.map((f) => f.address),
      ...(v.rom === undefined ? {} : { romFile: v.rom }),
      ...(v.code43 === true ? { code43: {} } : {}),
      ...(size?.[1] === undefined || size[2] === undefined
        ? {}
        : { lookingGlass: { width: Number(size[1]), height: Number(size[2]) } }),
    },
    tuning: tune as PassthroughTuningRule[],
  })
  const text = [
    ...plan.problems.map((p) => `Problem: ${p}`),
    plan.xmlDiff,
    ...(plan.qemuLine.available
      ? [
          'QEMU command line:',
          ...plan.qemuLine.removed.map((a) => `- ${a}`),
          ...plan.qemuLine.added.map((a) => `+ ${a}`),
        ]
      : [`QEMU command line not shown: ${plan.qemuLine.reason ?? ''}`]),
    ...plan.files.map((f) => f.diff),
    ...(plan.code43 === undefined ? [] : [`Code 43: ${plan.code43}`]),
    ...plan.notes,
  ].join('\n')
  if (plan.planId === null) {
    if (!plan.valid)
      throw new AppError('CONFLICT', `libvirt does not accept the change of ${vm}; nothing was changed.`, {
        detail: text,
      })
    out.result(plan, () => `${text}\nNothing to apply: ${vm} is already set up this way.`)
    return
  }
  if (!out.json) process.stdout.write(`${text}\n\n`)
  await confirmed(v.yes === true, `Change ${vm} on ${view.name}?`)
  done(out, await call(app, 'passthrough.vmApply', { hostId: view.id, planId: plan.planId }, !out.json))
}

async function launchCommand(app: App, v: VmValues, out: Output): Promise<void> {
  const view = targetHost(app, v.host)
  const watch = Number(v.watch ?? '60')
  if (!Number.isInteger(watch) || watch < 1 || watch > 300)
    throw new AppError('INVALID_INPUT', '--watch: seconds from 1 to 300')
  const report = await call(
    app,
    'passthrough.launch',
    { hostId: view.id, vm: need(v.vm, '--vm NAME', 'launch'), watchSeconds: watch },
    !out.json,
  )
  out.result(report, () =>
    [
      ...report.preflight.map((c) => `${c.ok ? 'PASS' : 'FAIL'}  ${c.label}\n      ${c.evidence}`),
      ...(report.states.length > 0
        ? [`States: ${report.states.map((s) => `${s.state} (${s.afterSeconds} s)`).join(' → ')}`]
        : []),
      ...report.problems.map((p) => `Log: ${p.line}`),
      report.verdict,
    ].join('\n'),
  )
  if (!report.ok) process.exitCode = 1
}

async function hooksCommand(app: App, v: VmValues, out: Output): Promise<void> {
  const view = targetHost(app, v.host)
  const plan = await call(app, 'passthrough.hooksPlan', {
    hostId: view.id,
    vm: need(v.vm, '--vm NAME', 'hooks'),
    gpu: gpuOf(v.gpu, 'hooks'),
    ...(v['display-manager'] === undefined ? {} : { displayManager: v['display-manager'] }),
  })
  const text = [
    ...plan.warnings.map((w) => `WARNING: ${w}`),
    ...plan.blockers.map((b) => `BLOCKER: ${b}`),
    ...plan.files.map((f) => `${f.diff}(mode ${f.mode})`),
  ].join('\n')
  if (plan.planId === null) {
    if (plan.blockers.length > 0)
      throw new AppError('CONFLICT', 'The hook scripts cannot be installed; nothing was changed.', {
        detail: text,
      })
    out.result(plan, () => `${text}\nNothing to install: the scripts are in place.`)
    return
  }
  if (!out.json) process.stdout.write(`${text}\n\n`)
  await confirmed(v.yes === true, `Install the single-GPU hook scripts for ${plan.vm} on ${view.name}?`)
  done(out, await call(app, 'passthrough.hooksApply', { hostId: view.id, planId: plan.planId }, !out.json))
}

/** vm | launch | hooks; false when `sub` is none of them. */
export async function passthroughVmCommand(
  app: App,
  sub: string | undefined,
  v: VmValues,
  out: Output,
): Promise<boolean> {
  if (sub === 'vm') await vmCommand(app, v, out)
  else if (sub === 'launch') await launchCommand(app, v, out)
  else if (sub === 'hooks') await hooksCommand(app, v, out)
  else return false
  return true
}
