/**
 * A boolean module parameter as sysfs shows it: `kvm_intel` prints `Y`/`N`, `kvm_amd` prints
 * `1`/`0`. Undefined for anything else (the text is kept as evidence by the caller).
 */
export function parseModuleBoolean(text: string): boolean | undefined {
  const value = text.trim()
  if (/^(y|yes|1|on|true)$/i.test(value)) return true
  if (/^(n|no|0|off|false)$/i.test(value)) return false
  return undefined
}

export interface ModinfoParam {
  name: string
  /** After the name: a type (`bool`, `int`) or a description with the type in parentheses. */
  description: string
}

/** `parm:` lines of `modinfo MODULE` (or of `modinfo MODULE | grep nested`). */
export function parseModinfoParams(text: string): ModinfoParam[] {
  const params: ModinfoParam[] = []
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*parm:\s*([^:\s]+):?(.*)$/.exec(line)
    if (match !== null) params.push({ name: match[1] ?? '', description: (match[2] ?? '').trim() })
  }
  return params
}
