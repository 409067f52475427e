import { parseModuleBoolean } from './module-params.js'

/**
 * The kernel command line (/proc/cmdline, a GRUB_CMDLINE_LINUX value, a systemd-boot `options`
 * line): parsing it, and comparing parameters the way the kernel does — dashes and underscores in a
 * name are the same, `=1`, `=Y` and a bare flag all mean "on".
 */

/** One kernel parameter, `name[=value]`, as the kernel reads it. */
export interface KernelParam {
  /** Dashes turned into underscores: the kernel treats `kvm-intel.nested` and `kvm_intel.nested` alike. */
  name: string
  value?: string
  /** As written, quotes included. */
  raw: string
}

export interface KernelCmdline {
  params: KernelParam[]
  /** Words after `--`: passed to init, not parameters of the kernel. */
  initArgs: string[]
}

/** Splits on blanks outside double quotes, the way the kernel does; the quotes themselves are removed. */
function splitWords(text: string): string[] {
  const words: string[] = []
  let word = ''
  let inWord = false
  let quoted = false
  for (const char of text) {
    if (char === '"') {
      quoted = !quoted
      word += char
      inWord = true
    } else if (!quoted && /\s/.test(char)) {
      if (inWord) words.push(word)
      word = ''
      inWord = false
    } else {
      word += char
      inWord = true
    }
  }
  if (inWord) words.push(word)
  return words
}

export function normalizeParamName(name: string): string {
  return name.replace(/-/g, '_')
}

/** Parses /proc/cmdline, or the value of GRUB_CMDLINE_LINUX once the shell quoting is gone. */
export function parseKernelCmdline(text: string): KernelCmdline {
  const params: KernelParam[] = []
  const initArgs: string[] = []
  let afterSeparator = false
  for (const raw of splitWords(text)) {
    if (afterSeparator) {
      initArgs.push(raw.replace(/"/g, ''))
      continue
    }
    if (raw === '--') {
      afterSeparator = true
      continue
    }
    const unquoted = raw.replace(/"/g, '')
    const equals = unquoted.indexOf('=')
    const param: KernelParam =
      equals < 0
        ? { name: normalizeParamName(unquoted), raw }
        : { name: normalizeParamName(unquoted.slice(0, equals)), value: unquoted.slice(equals + 1), raw }
    params.push(param)
  }
  return { params, initArgs }
}

/** The effective value of a parameter: the last one given wins. Dashes and underscores are equivalent. */
export function findParam(params: readonly KernelParam[], name: string): KernelParam | undefined {
  const wanted = normalizeParamName(name)
  for (let i = params.length - 1; i >= 0; i -= 1) {
    const param = params[i]
    if (param !== undefined && param.name === wanted) return param
  }
  return undefined
}

/** The name of a `name[=value]` token, compared as the kernel does (dashes as underscores). */
export function paramName(param: string): string {
  const eq = param.indexOf('=')
  return normalizeParamName(eq < 0 ? param : param.slice(0, eq))
}

/** The value a token sets; undefined for a bare boolean parameter (`kvm-intel.nested`), which means true. */
export function paramValue(param: string): string | undefined {
  const eq = param.indexOf('=')
  return eq < 0 ? undefined : param.slice(eq + 1)
}

/** Whether two tokens set the same value (`=1`, `=Y` and a bare flag are all "on"); names are not compared. */
export function sameSetting(a: string, b: string): boolean {
  const va = paramValue(a)
  const vb = paramValue(b)
  if (va === vb) return true
  const ba = va === undefined ? true : parseModuleBoolean(va)
  const bb = vb === undefined ? true : parseModuleBoolean(vb)
  return ba !== undefined && ba === bb
}

/** Whether two settings of the same parameter agree. */
export function sameParamSetting(a: string, b: string): boolean {
  return paramName(a) === paramName(b) && sameSetting(a, b)
}

/** Whether a kernel command line (e.g. /proc/cmdline) turns the parameter on: its last setting agrees. */
export function cmdlineEnables(cmdline: string, param: string): boolean {
  const name = paramName(param)
  const last = cmdline
    .split(/\s+/)
    .filter((p) => p !== '' && paramName(p) === name)
    .at(-1)
  return last !== undefined && sameSetting(last, param)
}
