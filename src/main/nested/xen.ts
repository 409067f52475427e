import { randomUUID } from 'node:crypto'
import type { Host } from '../host/host.js'
import type { XenNestedPlan } from '@shared/nested.js'
import { xenDomainNameSchema } from '@shared/nested.js'
import { AppError } from '@shared/errors.js'
import { pathExists, readTextOrNull } from '../changes/host-files.js'
import { plannedFile } from './plan.js'
import type { XlConfig, XlValue } from './xl-config.js'
import {
  getXlSetting,
  parseXlConfig,
  setXlValue,
  spliceXlConfig,
  writeXlConfig,
  xlNumber,
  xlString,
} from './xl-config.js'

/**
 * Xen: detect a Xen host and turn on nested HVM for a guest by editing its xl config
 * (/etc/xen/<name>.cfg): `nestedhvm = 1`, `hap = 1`, and a cpuid policy that clears the
 * "running under a hypervisor" bit (CPUID leaf 1, ECX bit 31) so the guest's own hypervisor
 * starts as on bare metal. xl.cfg(5) has two cpuid syntaxes: the libxl string
 * `cpuid = "host,hypervisor=0"` (feature names from cpufeatureset.h) and the xend list
 * `cpuid = [ "1:ecx=0xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" ]` (32 characters per register, bit 31
 * first). An existing setting is merged in its own syntax, never replaced.
 */

export const XEN_CONFIG_DIR = '/etc/xen'

export interface XenInfo {
  isXen: boolean
  /** true in the control domain (dom0), where xl manages guests. null when unknown. */
  dom0: boolean | null
  /** `xl info` as key → value, null when it did not run (it needs root). */
  xlInfo: Record<string, string> | null
  /** From xl info's virt_caps; null when unknown. */
  hap: boolean | null
  evidence: string[]
}

export function parseXlInfo(text: string): Record<string, string> {
  const info: Record<string, string> = {}
  for (const line of text.split('\n')) {
    const m = /^(\w+)\s*:\s?(.*)$/.exec(line)
    if (m?.[1] !== undefined) info[m[1]] = (m[2] ?? '').trim()
  }
  return info
}

/** Xen host detection: /proc/xen (xenfs) or /sys/hypervisor/type, dom0 from /proc/xen/capabilities, and `xl info` when it runs. */
export async function detectXen(host: Host, options: { privileged?: boolean } = {}): Promise<XenInfo> {
  const evidence: string[] = []
  const procXen = await pathExists(host, '/proc/xen', '-d')
  if (procXen) evidence.push('/proc/xen exists.')
  const hypervisorType =
    (await readTextOrNull(host, '/sys/hypervisor/type').catch(() => null))?.trim() ?? null
  if (hypervisorType !== null) evidence.push(`/sys/hypervisor/type: ${hypervisorType}`)
  const capabilities =
    (await readTextOrNull(host, '/proc/xen/capabilities').catch(() => null))?.trim() ?? null
  const dom0 = capabilities === null ? null : capabilities.includes('control_d')
  if (capabilities !== null)
    evidence.push(`/proc/xen/capabilities: ${capabilities || '(empty: not the control domain)'}`)

  let xlInfo: Record<string, string> | null = null
  try {
    const args = ['info']
    const result = options.privileged
      ? await host.privileged('xl', args, { reason: 'Ask Xen about this host (xl info)' })
      : await host.exec('xl', args)
    if (result.code === 0) {
      xlInfo = parseXlInfo(result.stdout)
      evidence.push(
        `xl info: Xen ${xlInfo['xen_version'] ?? 'unknown version'}, virt_caps: ${xlInfo['virt_caps'] ?? 'not shown'}`,
      )
    } else evidence.push(`xl info failed: ${result.stderr.trim() || `exit ${String(result.code)}`}`)
  } catch (error) {
    evidence.push(
      error instanceof AppError && error.code === 'COMMAND_NOT_FOUND'
        ? 'xl is not installed.'
        : `xl info could not run: ${String(error)}`,
    )
  }
  const caps = xlInfo?.['virt_caps']
  return {
    isXen: xlInfo !== null || (procXen && (hypervisorType === 'xen' || capabilities !== null)),
    dom0: xlInfo !== null ? true : dom0,
    xlInfo,
    hap: caps === undefined ? null : /\bhap\b/.test(caps),
    evidence,
  }
}

const HYPERVISOR_BIT_OFF = `0${'x'.repeat(31)}`

function truthy(value: XlValue | undefined): boolean {
  const n = value === undefined ? null : xlNumber(value)
  return n !== null && n !== 0
}

/** `host,hypervisor=0` merged into a libxl cpuid string. */
function mergeLibxlCpuid(current: string): string {
  const items = current
    .split(',')
    .map((i) => i.trim())
    .filter((i) => i !== '')
  if (items.length === 0) return 'host,hypervisor=0'
  const at = items.findIndex((i) => i.split('=')[0] === 'hypervisor')
  if (at >= 0) items[at] = 'hypervisor=0'
  else items.push('hypervisor=0')
  return items.join(',')
}

function isLeaf1(leaf: string): boolean {
  if (leaf.includes(',')) return false
  const n = /^0x/i.test(leaf) ? Number.parseInt(leaf, 16) : Number(leaf)
  return n === 1
}

/** A xend "leaf:reg=bits,…" string with ECX bit 31 of leaf 1 cleared, or null when it is another leaf. */
function mergeXendItem(item: string): string | null {
  const colon = item.indexOf(':')
  if (colon < 0 || !isLeaf1(item.slice(0, colon).trim())) return null
  const regs = item.slice(colon + 1).split(',')
  const ecx = regs.findIndex((r) => r.trim().startsWith('ecx='))
  if (ecx < 0) return `${item},ecx=${HYPERVISOR_BIT_OFF}`
  const [name, bits = ''] = (regs[ecx] ?? '').split('=')
  if (bits.length !== 32) throw new AppError('UNSUPPORTED', `cpuid "${item}": ecx must have 32 characters.`)
  regs[ecx] = `${name ?? 'ecx'}=0${bits.slice(1)}`
  return `${item.slice(0, colon + 1)}${regs.join(',')}`
}

function mergeCpuid(config: XlConfig): { config: XlConfig; note: string } {
  const setting = getXlSetting(config, 'cpuid')
  if (setting === undefined)
    return {
      config: setXlValue(config, 'cpuid', xlString('host,hypervisor=0')),
      note: 'Added cpuid = "host,hypervisor=0".',
    }
  const value = setting.value
  if (value.type === 'string') {
    const merged = mergeLibxlCpuid(value.value)
    return {
      config: setXlValue(config, 'cpuid', xlString(merged, value.quote)),
      note: `cpuid "${value.value}" → "${merged}".`,
    }
  }
  if (value.type === 'list') {
    for (const item of value.items) {
      if (item.type !== 'string') continue
      const merged = mergeXendItem(item.value)
      if (merged === null) continue
      return {
        config: spliceXlConfig(config, item.start, item.end, xlString(merged, item.quote)),
        note: `cpuid leaf 1: "${item.value}" → "${merged}".`,
      }
    }
    const text = writeXlConfig(config)
    const added = xlString(
      `1:ecx=${HYPERVISOR_BIT_OFF}`,
      value.items[0]?.type === 'string' ? value.items[0].quote : '"',
    )
    const last = value.items.at(-1)
    if (last === undefined)
      return {
        config: spliceXlConfig(config, value.start + 1, value.end - 1, added),
        note: 'Added leaf 1 to the empty cpuid list.',
      }
    const lineStart = text.lastIndexOf('\n', last.start) + 1
    const gap = text.slice(value.start + 1, last.start)
    const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? ''
    const sep = gap.includes('\n') ? `,\n${indent}` : ', '
    return {
      config: spliceXlConfig(config, last.end, last.end, `${sep}${added}`),
      note: 'Added leaf 1 (hypervisor bit cleared) to the cpuid list.',
    }
  }
  throw new AppError(
    'UNSUPPORTED',
    `cpuid = ${value.raw} is neither a libxl string nor a xend list; set it by hand.`,
  )
}

export interface XlNestedEdit {
  text: string
  changed: boolean
  notes: string[]
  /** From `type` (or the older `builder`): nested HVM needs an HVM guest. null when neither is set (xl's default is PV). */
  guestType: string | null
}

/** The config with nestedhvm=1, hap=1 and the hypervisor bit hidden; every other byte kept. */
export function enableNestedHvm(text: string): XlNestedEdit {
  let config = parseXlConfig(text)
  const notes: string[] = []
  const type = getXlSetting(config, 'type')?.value ?? getXlSetting(config, 'builder')?.value
  const guestType = type?.type === 'string' ? type.value : null
  if (!truthy(getXlSetting(config, 'nestedhvm')?.value)) {
    config = setXlValue(config, 'nestedhvm', '1')
    notes.push('nestedhvm = 1')
  }
  if (!truthy(getXlSetting(config, 'hap')?.value)) {
    const had = getXlSetting(config, 'hap') !== undefined
    config = setXlValue(config, 'hap', '1')
    notes.push(had ? 'hap was off; nested HVM needs hardware-assisted paging: hap = 1' : 'hap = 1')
  }
  const before = writeXlConfig(config)
  const cpuid = mergeCpuid(config)
  if (writeXlConfig(cpuid.config) !== before) {
    config = cpuid.config
    notes.push(cpuid.note)
  }
  const out = writeXlConfig(config)
  return { text: out, changed: out !== text, notes, guestType }
}

export interface BuildXenPlanOptions {
  now?: () => Date
  newId?: () => string
}

export async function buildXenNestedPlan(
  host: Host,
  domain: string,
  options: BuildXenPlanOptions = {},
): Promise<XenNestedPlan> {
  const name = xenDomainNameSchema.safeParse(domain)
  if (!name.success) throw new AppError('INVALID_INPUT', `Not a Xen domain name: ${domain.slice(0, 100)}`)
  const path = `${XEN_CONFIG_DIR}/${name.data}.cfg`
  const blockers: string[] = []
  const notes: string[] = []
  const xen = await detectXen(host)
  if (!xen.isXen) blockers.push('This host does not run Xen (no /proc/xen, xl info does not answer).')
  if (xen.hap === false)
    blockers.push('Xen reports no hardware-assisted paging (virt_caps without hap); nested HVM needs it.')
  const before = await readTextOrNull(host, path, { reason: `Read ${path}` })
  if (before === null) throw new AppError('NOT_FOUND', `${path} does not exist.`)
  const files = []
  try {
    const edit = enableNestedHvm(before)
    if (edit.guestType !== 'hvm') {
      blockers.push(
        `${name.data} is not an HVM guest (type ${edit.guestType ?? 'not set, so PV'}); nested HVM applies to HVM guests (type = "hvm").`,
      )
    }
    notes.push(...edit.notes)
    if (edit.changed) files.push(plannedFile(path, before, edit.text))
    else notes.push(`${path} already enables nested HVM.`)
  } catch (error) {
    if (!(error instanceof AppError) || (error.code !== 'UNSUPPORTED' && error.code !== 'INVALID_INPUT'))
      throw error
    blockers.push(error.message)
  }
  notes.push(
    `The guest picks the change up the next time it is created: xl shutdown ${name.data}, then xl create ${path}. A reboot from inside the guest keeps the old settings.`,
  )
  notes.push(...xen.evidence)
  return {
    id: (options.newId ?? randomUUID)(),
    hostId: host.id,
    createdAt: (options.now?.() ?? new Date()).toISOString(),
    method: 'xl',
    domain: name.data,
    files,
    commands: [],
    rebootRequired: false,
    blockers,
    notes,
  }
}
