import { parseArgs } from 'node:util'
import { AppError } from '@shared/errors.js'
import type { GpuReport, HostPassthroughPlan, PassthroughReport } from '@shared/passthrough.js'
import { pciAddressSchema } from '@shared/passthrough.js'
import type { App } from '../main/app.js'
import { LocalHost } from '../main/host/local-host.js'
import type { Host } from '../main/host/host.js'
import { passthroughParams } from '../main/passthrough/boot-params.js'
import { buildHostPlan } from '../main/passthrough/host-plan.js'
import { readPciInventory } from '../main/passthrough/inventory.js'
import { gatherPlanInput } from '../main/passthrough/plan-facts.js'
import { verifyAfterReboot } from '../main/passthrough/verify.js'
import { judgePassthrough } from '../main/passthrough/viability.js'
import { targetHost } from './checks.js'
import { confirmed } from './confirm.js'
import { call } from './hosts.js'
import type { Output } from './output.js'
import { passthroughVmCommand, VM_USAGE } from './passthrough-vm.js'
import { INPUTS_HELP, INPUTS_USAGE, inputsText } from './passthrough-inputs.js'
import { readInputDevices } from '../main/passthrough/input-devices.js'

export const USAGE = `usage:
  virtdeck passthrough devices [--root PATH] [--host NAME] [--json]
  virtdeck passthrough plan --gpu ADDRESS [--root PATH] [--host NAME] [--json]
  virtdeck passthrough verify --gpu ADDRESS [--root PATH] [--host NAME] [--json]
  virtdeck passthrough apply --gpu ADDRESS [--yes] [--host NAME] [--json]
${INPUTS_USAGE}
${VM_USAGE}

devices lists the graphics cards with their functions, IOMMU groups, whether they can be passed
through and what blocks them. plan prints what preparing the host would change (kernel parameters,
files, commands, blockers) and the rescue note; it changes nothing. verify checks after the reboot
that the IOMMU is on, the parameters are set, the card is on vfio-pci and the host still has a screen. --root reads a copy of a
machine's / (sysfs, /etc) instead of the host itself. apply prints the plan, asks (or --yes), then
makes it as one change (backups, root commands); after the reboot \`virtdeck changes verify ID\` checks it,
and \`virtdeck changes undo ID\` puts every file back.
${INPUTS_HELP}`

function short(address: string): string {
  return address.startsWith('0000:') ? address.slice(5) : address
}

export function gpuText(gpu: GpuReport): string {
  const state = { viable: 'can be passed through', blocked: 'BLOCKED', 'no-iommu': 'no IOMMU' }[gpu.viability]
  const lines = [
    `${short(gpu.address)}  ${gpu.label}  [${state}]${gpu.driver ? `  driver ${gpu.driver}` : ''}`,
  ]
  for (const f of gpu.functions.slice(1))
    lines.push(`    + ${short(f.address)}  ${f.label}${f.driver ? `  (${f.driver})` : ''}`)
  for (const group of gpu.groups) {
    lines.push(`    IOMMU group ${group.id}:`)
    for (const m of group.members)
      lines.push(`      ${m.role === 'other' ? '!' : ' '} ${short(m.address)}  ${m.label}`)
  }
  for (const b of gpu.blockers) lines.push(`    BLOCKER: ${b}`)
  for (const w of gpu.warnings) lines.push(`    warning: ${w}`)
  for (const o of gpu.options) lines.push(`    option: ${o}`)
  return lines.join('\n')
}

export function reportText(name: string, report: PassthroughReport): string {
  const lines = [
    `${name}: ${report.gpus.length} graphics card${report.gpus.length === 1 ? '' : 's'}, IOMMU ${report.iommuEnabled ? 'on' : 'off'}`,
  ]
  for (const note of report.notes) lines.push(`Note: ${note}`)
  for (const gpu of report.gpus) lines.push('', gpuText(gpu))
  return lines.join('\n')
}

export function planText(plan: HostPassthroughPlan): string {
  const lines = [`Prepare the host to pass through ${short(plan.gpu)} (ids ${plan.ids.join(', ')}):`, '']
  lines.push(
    `Kernel parameters to add: ${plan.kernelParams.add.length > 0 ? plan.kernelParams.add.join(' ') : 'none'}${plan.kernelParams.alreadySet.length > 0 ? ` (already set: ${plan.kernelParams.alreadySet.join(' ')})` : ''}`,
  )
  for (const note of plan.kernelParams.notes) lines.push(`  ${note}`)
  lines.push('')
  if (plan.files.length === 0) lines.push('Files: none change.')
  for (const f of plan.files)
    lines.push(`File ${f.path}${f.before === null ? ' (new)' : ''} — ${f.why}:`, f.diff.trimEnd(), '')
  if (plan.commands.length > 0) {
    lines.push('Commands, run as root:')
    for (const c of plan.commands) lines.push(`  $ ${[c.file, ...c.args].join(' ')}    # ${c.why}`)
    lines.push('')
  }
  for (const note of plan.notes) lines.push(`Note: ${note}`)
  for (const blocker of plan.blockers) lines.push(`BLOCKED: ${blocker}`)
  lines.push(`Reboot required: ${plan.rebootRequired ? 'yes' : 'no'}`, '', plan.rescue)
  return lines.join('\n')
}

async function hostFor(
  app: App,
  name: string | undefined,
  root: string | undefined,
): Promise<{ host: Host; label: string }> {
  if (name === undefined && root !== undefined) return { host: new LocalHost(), label: root }
  const view = targetHost(app, name)
  return {
    host: await app.registry.get(view.id),
    label: root === undefined ? view.name : `${view.name}:${root}`,
  }
}

async function applyCommand(
  app: App,
  values: { host?: string | undefined; gpu?: string | undefined; yes?: boolean | undefined },
  out: Output,
): Promise<void> {
  if (values.gpu === undefined)
    throw new AppError('INVALID_INPUT', 'passthrough apply: say --gpu ADDRESS', { detail: USAGE })
  const parsed = pciAddressSchema.safeParse(values.gpu)
  if (!parsed.success)
    throw new AppError('INVALID_INPUT', `"${values.gpu}" is not a PCI address`, {
      detail: 'Write it like 01:00.0 or 0000:01:00.0.',
    })
  const view = targetHost(app, values.host)
  const plan = await call(app, 'passthrough.plan', { hostId: view.id, gpu: parsed.data })
  if (plan.planId === null) {
    if (plan.blockers.length > 0)
      throw new AppError(
        'CONFLICT',
        `The host cannot be prepared for ${short(plan.gpu)}; nothing was changed.`,
        {
          detail: planText(plan),
        },
      )
    out.result(plan, () => `${planText(plan)}\n\nNothing to apply: the host is already prepared.`)
    return
  }
  if (!out.json) process.stdout.write(`${planText(plan)}\n\n`)
  await confirmed(values.yes === true, `Prepare ${view.name} to pass through ${short(plan.gpu)}?`)
  const change = await call(app, 'passthrough.apply', { hostId: view.id, planId: plan.planId }, !out.json)
  out.result(change, () =>
    [
      `Applied (change ${change.id}); the originals are in ${change.backupFolder ?? 'the backup folder'}.`,
      `Check: ${change.verification?.status ?? 'not checked'}. Reboot, then: virtdeck changes verify ${change.id}`,
      `Undo with: virtdeck changes undo ${change.id}`,
    ].join('\n'),
  )
}

export async function passthroughCommand(app: App, argv: string[], out: Output): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      host: { type: 'string' },
      root: { type: 'string' },
      gpu: { type: 'string' },
      json: { type: 'boolean' },
      yes: { type: 'boolean' },
      vm: { type: 'string' },
      code43: { type: 'boolean' },
      rom: { type: 'string' },
      'looking-glass': { type: 'string' },
      tune: { type: 'string' },
      watch: { type: 'string' },
      'display-manager': { type: 'string' },
    },
  })
  const [sub, extra] = positionals
  if (extra !== undefined)
    throw new AppError('INVALID_INPUT', `passthrough: unexpected argument ${extra}`, { detail: USAGE })
  if (values.root === undefined && (await passthroughVmCommand(app, sub, values, out))) return
  if (sub === 'apply') {
    if (values.root !== undefined)
      throw new AppError('INVALID_INPUT', 'passthrough apply changes a host, not a copy: drop --root', {
        detail: USAGE,
      })
    await applyCommand(app, values, out)
    return
  }
  const root = values.root ?? '/'
  if (!root.startsWith('/'))
    throw new AppError('INVALID_INPUT', '--root must be an absolute path', { detail: USAGE })
  const { host, label } = await hostFor(app, values.host, values.root)
  switch (sub) {
    case 'inputs': {
      const list = await readInputDevices(host, root)
      out.result(list, () => inputsText(label, list))
      return
    }
    case 'devices': {
      const report = judgePassthrough(host.id, await readPciInventory(host, root))
      out.result(report, () => reportText(label, report))
      return
    }
    case 'verify':
    case 'plan': {
      if (values.gpu === undefined)
        throw new AppError('INVALID_INPUT', `passthrough ${sub}: say --gpu ADDRESS`, { detail: USAGE })
      const parsed = pciAddressSchema.safeParse(values.gpu)
      if (!parsed.success)
        throw new AppError('INVALID_INPUT', `"${values.gpu}" is not a PCI address`, {
          detail: 'Write it like 01:00.0 or 0000:01:00.0.',
        })
      const inventory = await readPciInventory(host, root)
      const report = judgePassthrough(host.id, inventory)
      const gpu = report.gpus.find((g) => g.address === parsed.data)
      if (gpu === undefined)
        throw new AppError('NOT_FOUND', `No graphics card at ${parsed.data} on ${label}.`, {
          detail: `Graphics cards: ${report.gpus.map((g) => short(g.address)).join(', ') || 'none'}. List them with: virtdeck passthrough devices`,
        })
      if (sub === 'verify') {
        const points = verifyAfterReboot(
          inventory,
          gpu.address,
          passthroughParams(inventory.cpuVendor).params,
        )
        out.result(points, () =>
          points.map((p) => `${p.pass ? 'PASS' : 'FAIL'}  ${p.title}\n      ${p.evidence}`).join('\n'),
        )
        if (points.some((p) => !p.pass)) process.exitCode = 1
        return
      }
      const plan = buildHostPlan(await gatherPlanInput(host, root, inventory, gpu))
      out.result(plan, () => planText(plan))
      return
    }
    default:
      throw new AppError(
        'INVALID_INPUT',
        sub ? `Unknown command: passthrough ${sub}` : 'passthrough: say what to do',
        {
          detail: USAGE,
        },
      )
  }
}
