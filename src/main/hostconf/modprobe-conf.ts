import type { Host } from '../host/host.js'
import { listDirectory, readTextOrNull } from '../changes/host-files.js'
import { normalizeParamName } from './kernel-cmdline.js'

/**
 * modprobe.d(5) files — the one parser of them: one command per line, `#` comments, a trailing `\`
 * continues the line. `options MODULE PARAM=VALUE…` lines give module parameters; modprobe reads
 * every *.conf of the configuration directories in file-name order (a name in /etc masks the same
 * name further down), and the kernel keeps the last value a parameter gets. Module and parameter
 * names are compared with dashes as underscores, as the kernel does.
 */

export interface ModprobeOptions {
  /** With dashes as underscores: `options kvm-intel …` and `options kvm_intel …` are the same module. */
  module: string
  params: { name: string; value?: string }[]
  /** 1-based line of the file. */
  line: number
  text: string
}

export interface ModprobeConf {
  options: ModprobeOptions[]
  blacklist: { module: string; line: number; text: string }[]
}

function splitValues(text: string): string[] {
  return text.match(/(?:[^\s"]+|"[^"]*")+/g) ?? []
}

/** Parses a modprobe.d file: `options`, `blacklist`; `#` comments; a trailing `\` joins lines. */
export function parseModprobeConf(text: string): ModprobeConf {
  const conf: ModprobeConf = { options: [], blacklist: [] }
  const physical = text.split(/\r?\n/)
  for (let i = 0; i < physical.length; i += 1) {
    const startLine = i + 1
    let logical = physical[i] ?? ''
    while (logical.endsWith('\\') && i + 1 < physical.length) {
      i += 1
      logical = `${logical.slice(0, -1).trimEnd()} ${(physical[i] ?? '').trimStart()}`
    }
    const trimmed = logical.trim()
    if (trimmed === '' || trimmed.startsWith('#')) continue
    const [command, module, ...rest] = splitValues(trimmed)
    if (module === undefined) continue
    if (command === 'options') {
      const params = rest.map((word) => {
        const unquoted = word.replace(/"/g, '')
        const equals = unquoted.indexOf('=')
        return equals < 0
          ? { name: normalizeParamName(unquoted) }
          : { name: normalizeParamName(unquoted.slice(0, equals)), value: unquoted.slice(equals + 1) }
      })
      conf.options.push({ module: normalizeParamName(module), params, line: startLine, text: trimmed })
    } else if (command === 'blacklist') {
      conf.blacklist.push({ module: normalizeParamName(module), line: startLine, text: trimmed })
    }
  }
  return conf
}

/** One `options` parameter, flattened, for finding a setting across files. */
export interface ModprobeOption {
  /** The module, dashes as underscores. */
  module: string
  name: string
  /** undefined for a bare parameter (a boolean set to true). */
  value: string | undefined
  /** 1-based line where the `options` command starts. */
  line: number
  /** The whole command (continuations joined). */
  text: string
}

/** Every `options` parameter of a modprobe.d file, in order. */
export function modprobeOptions(text: string): ModprobeOption[] {
  return parseModprobeConf(text).options.flatMap((o) =>
    o.params.map((p) => ({ module: o.module, name: p.name, value: p.value, line: o.line, text: o.text })),
  )
}

/** In precedence order: a file here masks a file of the same name in a later directory. */
export const MODPROBE_DIRS = [
  '/etc/modprobe.d',
  '/run/modprobe.d',
  '/usr/local/lib/modprobe.d',
  '/usr/lib/modprobe.d',
  '/lib/modprobe.d',
] as const

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
        // An unreadable file cannot be judged; the caller lists what it could read.
      }
    }
  }
  return modprobeReadOrder(files)
}
