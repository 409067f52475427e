import type { Host } from '../host/host.js'
import type { CpuVendor } from '../../shared/nested.js'
import { listDirectory, readTextOrNull } from '../changes/host-files.js'
import { kvmModule, normalizeModuleName, parseKernelBool } from './kvm-module.js'

/**
 * modprobe.d(5) files: one command per line, `#` comments, a trailing `\` continues the line.
 * `options MODULE PARAM=VALUE…` lines give module parameters; modprobe reads every *.conf of the
 * configuration directories in file-name order (a name in /etc masks the same name further down),
 * and the kernel keeps the last value a parameter gets.
 */

export const NESTED_CONF_PATH = '/etc/modprobe.d/nested_virtualization.conf'

/** In precedence order: a file here masks a file of the same name in a later directory. */
export const MODPROBE_DIRS = [
  '/etc/modprobe.d',
  '/run/modprobe.d',
  '/usr/local/lib/modprobe.d',
  '/usr/lib/modprobe.d',
  '/lib/modprobe.d',
] as const

export interface ModprobeOption {
  /** The module as written (kvm-intel or kvm_intel). */
  module: string
  name: string
  /** null for a bare parameter (a boolean set to true). */
  value: string | null
  /** 1-based line where the `options` command starts. */
  line: number
  /** The whole command as written (continuations joined). */
  text: string
}

/** Every `options` parameter in a modprobe.d file. */
export function parseModprobeOptions(text: string): ModprobeOption[] {
  const options: ModprobeOption[] = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const startLine = i + 1
    let command = lines[i] ?? ''
    while (command.endsWith('\\') && i + 1 < lines.length) command = command.slice(0, -1) + (lines[++i] ?? '')
    const words = command.trim().split(/\s+/)
    if (words[0] !== 'options' || words.length < 3) continue
    const module = words[1] ?? ''
    // kmod passes the rest of the line to the module as is: an inline `#` is not a comment there.
    for (const word of words.slice(2)) {
      const eq = word.indexOf('=')
      options.push({
        module,
        name: eq < 0 ? word : word.slice(0, eq),
        value: eq < 0 ? null : word.slice(eq + 1),
        line: startLine,
        text: command.trim(),
      })
    }
  }
  return options
}

/** The `nested` options for the vendor's module, either spelling. */
export function nestedOptions(text: string, vendor: CpuVendor): ModprobeOption[] {
  const module = kvmModule(vendor)
  return parseModprobeOptions(text).filter(
    (o) => normalizeModuleName(o.module) === module && o.name === 'nested',
  )
}

export function optionEnables(option: ModprobeOption): boolean {
  return option.value === null || parseKernelBool(option.value) === true
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

export interface ModprobeFile {
  path: string
  /** The directory it comes from (one of MODPROBE_DIRS). */
  dir: string
  content: string
}

/** The *.conf files modprobe reads, in the order it reads them (masked files left out). */
export function modprobeReadOrder(files: readonly ModprobeFile[]): ModprobeFile[] {
  const byName = new Map<string, ModprobeFile>()
  for (const dir of MODPROBE_DIRS) {
    for (const file of files.filter((f) => f.dir === dir)) {
      const name = file.path.slice(dir.length + 1)
      if (!byName.has(name)) byName.set(name, file)
    }
  }
  return [...byName.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, file]) => file)
}

/** Reads every modprobe.d *.conf on the host that modprobe would read, in reading order. */
export async function readModprobeFiles(host: Host): Promise<ModprobeFile[]> {
  const files: ModprobeFile[] = []
  for (const dir of MODPROBE_DIRS) {
    const names = await listDirectory(host, dir)
    for (const name of (names ?? []).filter((n) => n.endsWith('.conf'))) {
      const path = `${dir}/${name}`
      try {
        const content = await readTextOrNull(host, path)
        if (content !== null) files.push({ path, dir, content })
      } catch {
        // An unreadable file cannot be judged; the plan lists what it could read.
      }
    }
  }
  return modprobeReadOrder(files)
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
