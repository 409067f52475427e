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
