import { normalizeParamName } from './kernel-cmdline.js'

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
