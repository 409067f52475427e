import { parseKernelCmdline } from '../kernel-cmdline.js'
import type { KernelParam } from '../kernel-cmdline.js'

export interface GrubAssignment {
  name: string
  /** The value after shell quoting is removed and `$VAR` / `${VAR}` of earlier assignments expanded. */
  value: string
  /** The source text of the assignment (one line, or more for a quoted value spanning lines). */
  text: string
  /** 1-based line where it starts. */
  line: number
  /** It contains a command substitution (`` `…` `` or `$(…)`) that was left as written. */
  hasCommandSubstitution: boolean
}

export interface GrubDefaults {
  assignments: GrubAssignment[]
  /** The effective GRUB_CMDLINE_LINUX (the last assignment wins). */
  cmdlineLinux?: GrubAssignment
  cmdlineLinuxDefault?: GrubAssignment
}

const NAME = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=/

/**
 * Reads one shell word starting at `start`: '…' is literal, "…" expands $VAR and honours \" \\ \$ \`,
 * unquoted text expands $VAR and ends at a blank. A quoted value may span lines.
 */
function readWord(
  text: string,
  start: number,
  vars: ReadonlyMap<string, string>,
): { value: string; end: number; substituted: boolean } {
  let value = ''
  let substituted = false
  let i = start
  const expand = (): void => {
    const rest = text.slice(i)
    const braced = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(rest)
    const plain = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(rest)
    const match = braced ?? plain
    if (match !== null) {
      value += vars.get(match[1] ?? '') ?? ''
      i += match[0].length
      return
    }
    if (rest.startsWith('$(')) substituted = true
    value += '$'
    i += 1
  }
  while (i < text.length) {
    const char = text[i] ?? ''
    if (char === "'") {
      const close = text.indexOf("'", i + 1)
      const end = close < 0 ? text.length : close
      value += text.slice(i + 1, end)
      i = end + 1
    } else if (char === '"') {
      i += 1
      while (i < text.length && text[i] !== '"') {
        const inner = text[i] ?? ''
        if (inner === '\\' && /["\\$`]/.test(text[i + 1] ?? '')) {
          value += text[i + 1] ?? ''
          i += 2
        } else if (inner === '\\' && text[i + 1] === '\n') {
          i += 2
        } else if (inner === '$') expand()
        else {
          if (inner === '`') substituted = true
          value += inner
          i += 1
        }
      }
      i += 1
    } else if (char === '\\' && i + 1 < text.length) {
      if (text[i + 1] !== '\n') value += text[i + 1] ?? ''
      i += 2
    } else if (/\s/.test(char) || char === ';' || char === '#') {
      break
    } else if (char === '$') expand()
    else {
      if (char === '`') substituted = true
      value += char
      i += 1
    }
  }
  return { value, end: i, substituted }
}

/** Parses /etc/default/grub (or `grep GRUB_CMDLINE` output of it) as the shell that sources it would. */
export function parseGrubDefaults(text: string): GrubDefaults {
  const assignments: GrubAssignment[] = []
  const vars = new Map<string, string>()
  let position = 0
  let line = 1
  while (position < text.length) {
    const lineEnd = text.indexOf('\n', position)
    const rest = text.slice(position, lineEnd < 0 ? text.length : lineEnd)
    const leading = rest.length - rest.trimStart().length
    const match = NAME.exec(rest.trimStart())
    let next = lineEnd < 0 ? text.length : lineEnd + 1
    if (match !== null && !rest.trimStart().startsWith('#')) {
      const name = match[1] ?? ''
      const start = position + leading + match[0].length
      const word = readWord(text, start, vars)
      const endOfLine = text.indexOf('\n', word.end)
      next = endOfLine < 0 ? text.length : endOfLine + 1
      const source = text.slice(position, endOfLine < 0 ? text.length : endOfLine)
      vars.set(name, word.value)
      assignments.push({
        name,
        value: word.value,
        text: source.trim(),
        line,
        hasCommandSubstitution: word.substituted,
      })
    }
    line += (text.slice(position, next).match(/\n/g) ?? []).length
    position = next
  }
  const last = (name: string): GrubAssignment | undefined => assignments.filter((a) => a.name === name).at(-1)
  const result: GrubDefaults = { assignments }
  const linux = last('GRUB_CMDLINE_LINUX')
  const linuxDefault = last('GRUB_CMDLINE_LINUX_DEFAULT')
  if (linux !== undefined) result.cmdlineLinux = linux
  if (linuxDefault !== undefined) result.cmdlineLinuxDefault = linuxDefault
  return result
}

/** The kernel parameters GRUB adds to a normal boot entry: GRUB_CMDLINE_LINUX, then GRUB_CMDLINE_LINUX_DEFAULT. */
export function grubKernelParams(defaults: GrubDefaults): KernelParam[] {
  const text = [defaults.cmdlineLinux?.value ?? '', defaults.cmdlineLinuxDefault?.value ?? ''].join(' ')
  return parseKernelCmdline(text).params
}
