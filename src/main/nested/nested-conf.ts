import type { CpuVendor } from '@shared/nested.js'
import { modprobeOptions } from '../hostconf/modprobe-conf.js'
import type { ModprobeFile, ModprobeOption } from '../hostconf/modprobe-conf.js'
import { parseModuleBoolean } from '../hostconf/module-params.js'
import { kvmModule, normalizeModuleName } from './kvm-module.js'

/**
 * The nested-KVM setting in modprobe.d: finding it across the files modprobe reads (parsed by
 * hostconf/modprobe-conf.ts) and writing it, keeping every other byte of an existing file.
 */

export const NESTED_CONF_PATH = '/etc/modprobe.d/nested_virtualization.conf'

/** The `nested` options for the vendor's module, either spelling. */
export function nestedOptions(text: string, vendor: CpuVendor): ModprobeOption[] {
  const module = kvmModule(vendor)
  return modprobeOptions(text).filter((o) => o.module === module && o.name === 'nested')
}

export function optionEnables(option: ModprobeOption): boolean {
  return option.value === undefined || parseModuleBoolean(option.value) === true
}

/** The line VirtDeck writes: modprobe's own documentation spells it with a dash. */
export function nestedOptionLine(vendor: CpuVendor): string {
  return `options ${vendor === 'intel' ? 'kvm-intel' : 'kvm-amd'} nested=1`
}

export function renderNestedConf(vendor: CpuVendor): string {
  return `# Nested virtualization for KVM, written by VirtDeck.\n${nestedOptionLine(vendor)}\n`
}

/**
 * The file with nesting on: a new file when there is none; otherwise the existing `nested=` values
 * of the module set to 1 in place (spelling and other parameters kept), or the option line
 * appended. Unchanged when the last value already enables it.
 */
export function setNestedOption(text: string | null, vendor: CpuVendor): string {
  if (text === null) return renderNestedConf(vendor)
  const existing = nestedOptions(text, vendor)
  if (existing.length > 0 && existing.every(optionEnables)) return text
  if (existing.length > 0) {
    const module = kvmModule(vendor)
    const lines = text.split('\n')
    for (const line of new Set(existing.map((o) => o.line))) {
      const index = line - 1
      const current = lines[index] ?? ''
      const words = current.trim().split(/\s+/)
      if (words[0] === 'options' && normalizeModuleName(words[1] ?? '') === module) {
        lines[index] = current
          .replace(/(\s)nested=\S*/g, '$1nested=1')
          .replace(/(\s)nested(?=\s|$)/g, '$1nested=1')
      }
    }
    const edited = lines.join('\n')
    // A value on a continuation line is not rewritten above; fall back to appending, which wins by coming last.
    if (nestedOptions(edited, vendor).every(optionEnables)) return edited
    return appendLine(edited, nestedOptionLine(vendor))
  }
  return appendLine(text, nestedOptionLine(vendor))
}

function appendLine(text: string, line: string): string {
  if (text === '' || text.endsWith('\n')) return `${text}${line}\n`
  return `${text}\n${line}\n`
}

export interface NestedOptionHit extends ModprobeOption {
  path: string
  enables: boolean
}

/** Every `nested` option for the vendor's module across modprobe.d, in reading order (the last one wins). */
export function findNestedOptions(files: readonly ModprobeFile[], vendor: CpuVendor): NestedOptionHit[] {
  return files.flatMap((file) =>
    nestedOptions(file.content, vendor).map((o) => ({ ...o, path: file.path, enables: optionEnables(o) })),
  )
}
