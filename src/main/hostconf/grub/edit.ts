import { AppError } from '@shared/errors.js'
import { paramName, sameSetting } from '../kernel-cmdline.js'

/**
 * Edits the kernel parameters in /etc/default/grub, a shell fragment that grub-mkconfig sources.
 * Only the value of the last `GRUB_CMDLINE_LINUX=` (the one the shell keeps) is touched, inside its
 * own quotes; every other byte of the file stays as it was: other parameters, the quoting style,
 * comments, other variables, a missing final newline.
 */

export type CmdlineVariable = 'GRUB_CMDLINE_LINUX' | 'GRUB_CMDLINE_LINUX_DEFAULT'

/** One quoted or bare piece of a shell word; `start`/`end` include the quotes. */
export interface ShellSegment {
  kind: 'double' | 'single' | 'bare'
  start: number
  end: number
}

export interface CmdlineAssignment {
  name: CmdlineVariable
  /** Offset of the first character of the value (just after `=`). */
  valueStart: number
  valueEnd: number
  segments: ShellSegment[]
  /** The value as the shell sees it (quotes removed, no expansion), split on whitespace. */
  params: string[]
}

export interface CmdlineEdit {
  text: string
  changed: boolean
  notes: string[]
}

const ASSIGNMENT = /^[ \t]*(?:export[ \t]+)?(GRUB_CMDLINE_LINUX(?:_DEFAULT)?)=/gm
const WORD_END = /[\s;&|<>()`]/
const SAFE_PARAM = /^[A-Za-z0-9_.-]+(?:=[A-Za-z0-9_.,:+/-]*)?$/

function unsupported(message: string): AppError {
  return new AppError('UNSUPPORTED', message, {
    detail:
      'VirtDeck edits GRUB_CMDLINE_LINUX only when its value is plain quoted or bare text. Add the parameter by hand, or use the modprobe method.',
  })
}

/** Scans one shell word (an assignment's value) from `pos`: quoted and bare pieces until unquoted whitespace. */
function scanWord(text: string, pos: number): { segments: ShellSegment[]; end: number } {
  const segments: ShellSegment[] = []
  let i = pos
  while (i < text.length) {
    const c = text[i] ?? ''
    if (c === '"') {
      let j = i + 1
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1
      if (j >= text.length) throw unsupported('A double quote in /etc/default/grub is never closed.')
      segments.push({ kind: 'double', start: i, end: j + 1 })
      i = j + 1
    } else if (c === "'") {
      const j = text.indexOf("'", i + 1)
      if (j < 0) throw unsupported('A single quote in /etc/default/grub is never closed.')
      segments.push({ kind: 'single', start: i, end: j + 1 })
      i = j + 1
    } else if (WORD_END.test(c)) {
      break
    } else {
      let j = i
      while (j < text.length && !WORD_END.test(text[j] ?? '') && text[j] !== '"' && text[j] !== "'")
        j += text[j] === '\\' ? 2 : 1
      segments.push({ kind: 'bare', start: i, end: Math.min(j, text.length) })
      i = Math.min(j, text.length)
    }
  }
  const next = text[i]
  if (next !== undefined && !/[ \t\r\n;]/.test(next))
    throw unsupported(
      `The kernel command line in /etc/default/grub uses shell syntax VirtDeck does not edit ("${next}").`,
    )
  return { segments, end: i }
}

/** The literal text of a segment as the shell reads it, without expanding `$…`. */
function segmentValue(text: string, segment: ShellSegment): string {
  const raw = text.slice(segment.start, segment.end)
  if (segment.kind === 'single') return raw.slice(1, -1)
  if (segment.kind === 'double')
    return raw.slice(1, -1).replace(/\\([$`"\\\n])/g, (_m, ch: string) => (ch === '\n' ? '' : ch))
  return raw.replace(/\\(\n|.)/g, (_m, ch: string) => (ch === '\n' ? '' : ch))
}

/** Every GRUB_CMDLINE_LINUX / _DEFAULT assignment, in file order (commented-out lines are not assignments). */
export function findCmdlineAssignments(text: string): CmdlineAssignment[] {
  const found: CmdlineAssignment[] = []
  let coveredUntil = 0
  for (const match of text.matchAll(ASSIGNMENT)) {
    if (match.index < coveredUntil) continue // inside the previous value (a multi-line string)
    const valueStart = match.index + match[0].length
    const { segments, end } = scanWord(text, valueStart)
    const value = segments.map((s) => segmentValue(text, s)).join('')
    found.push({
      name: match[1] as CmdlineVariable,
      valueStart,
      valueEnd: end,
      segments,
      params: value.split(/\s+/).filter((p) => p !== ''),
    })
    coveredUntil = end
  }
  return found
}

function lastAssignment(
  assignments: CmdlineAssignment[],
  name: CmdlineVariable,
): CmdlineAssignment | undefined {
  return assignments.filter((a) => a.name === name).at(-1)
}

/** The parameters of the effective GRUB_CMDLINE_LINUX and GRUB_CMDLINE_LINUX_DEFAULT; undefined when a variable is not set. */
export function readGrubCmdline(text: string): {
  linux: string[] | undefined
  linuxDefault: string[] | undefined
} {
  const all = findCmdlineAssignments(text)
  return {
    linux: lastAssignment(all, 'GRUB_CMDLINE_LINUX')?.params,
    linuxDefault: lastAssignment(all, 'GRUB_CMDLINE_LINUX_DEFAULT')?.params,
  }
}

interface Splice {
  start: number
  end: number
  text: string
}

function applySplices(text: string, splices: Splice[]): string {
  let out = text
  for (const s of [...splices].sort((x, y) => y.start - x.start))
    out = out.slice(0, s.start) + s.text + out.slice(s.end)
  return out
}

/** Where, inside its segments, each token named `name` sits: the splice that removes it with one adjacent run of blanks. */
function tokenRemovals(
  text: string,
  assignment: CmdlineAssignment,
  name: string,
): { token: string; remove: Splice; start: number; end: number }[] {
  const found: { token: string; remove: Splice; start: number; end: number }[] = []
  for (const seg of assignment.segments) {
    const innerStart = seg.kind === 'bare' ? seg.start : seg.start + 1
    const innerEnd = seg.kind === 'bare' ? seg.end : seg.end - 1
    const inner = text.slice(innerStart, innerEnd)
    for (const m of inner.matchAll(/\S+/g)) {
      if (paramName(m[0]) !== name) continue
      const start = innerStart + m.index
      const end = start + m[0].length
      const before = /\s+$/.exec(inner.slice(0, m.index))?.[0].length ?? 0
      const after = /^\s+/.exec(inner.slice(m.index + m[0].length))?.[0].length ?? 0
      const remove =
        before > 0 ? { start: start - before, end, text: '' } : { start, end: end + after, text: '' }
      found.push({ token: m[0], remove, start, end })
    }
  }
  return found
}

function checkParam(param: string): void {
  if (!SAFE_PARAM.test(param))
    throw new AppError('INVALID_INPUT', `Not a kernel parameter VirtDeck adds: ${param}`)
}

/** The splice that appends `param` to an assignment's value, keeping its quoting style where the shell allows. */
function appendSplice(text: string, assignment: CmdlineAssignment, param: string): Splice {
  const last = assignment.segments.at(-1)
  if (last === undefined) return { start: assignment.valueStart, end: assignment.valueStart, text: param } // `X=` stays unquoted
  if (last.kind !== 'bare') {
    const inner = text.slice(last.start + 1, last.end - 1)
    const sep = inner === '' || /\s$/.test(inner) ? '' : ' '
    return { start: last.end - 1, end: last.end - 1, text: `${sep}${param}` }
  }
  const raw = text.slice(last.start, last.end)
  if (assignment.segments.length === 1 && !/[\\"'`]/.test(raw)) {
    // A bare value cannot hold a space: quote it. In an assignment "…" changes nothing else ($ still expands, no globbing).
    return { start: last.start, end: last.end, text: `"${raw} ${param}"` }
  }
  return { start: assignment.valueEnd, end: assignment.valueEnd, text: `" ${param}"` }
}

function lineEndAfter(text: string, pos: number): number {
  const nl = text.indexOf('\n', pos)
  return nl < 0 ? text.length : nl + 1
}

/**
 * Makes GRUB_CMDLINE_LINUX carry `param` (e.g. `kvm-intel.nested=1`): replaces another value of the
 * same parameter (`kvm_intel.nested=0`), leaves it alone when already there, adds the variable
 * when the file has none (after GRUB_CMDLINE_LINUX_DEFAULT, in its quoting style). A conflicting value in
 * GRUB_CMDLINE_LINUX_DEFAULT (which comes later on the kernel command line, so wins) is removed.
 */
export function setKernelParam(text: string, param: string): CmdlineEdit {
  checkParam(param)
  const name = paramName(param)
  const all = findCmdlineAssignments(text)
  const linux = lastAssignment(all, 'GRUB_CMDLINE_LINUX')
  const linuxDefault = lastAssignment(all, 'GRUB_CMDLINE_LINUX_DEFAULT')
  const splices: Splice[] = []
  const notes: string[] = []

  if (linux === undefined) {
    const quote = linuxDefault?.segments[0]?.kind === 'single' ? "'" : '"'
    const line = `GRUB_CMDLINE_LINUX=${quote}${param}${quote}`
    if (linuxDefault !== undefined) {
      const at = lineEndAfter(text, linuxDefault.valueEnd)
      const endsWithNewline = at > 0 && text[at - 1] === '\n'
      splices.push({ start: at, end: at, text: endsWithNewline ? `${line}\n` : `\n${line}` })
    } else if (text === '' || text.endsWith('\n')) {
      splices.push({ start: text.length, end: text.length, text: `${line}\n` })
    } else {
      splices.push({ start: text.length, end: text.length, text: `\n${line}` })
    }
    notes.push(`GRUB_CMDLINE_LINUX was not set; added it with ${param}.`)
  } else {
    const tokens = tokenRemovals(text, linux, name)
    const matching = linux.params.filter((p) => paramName(p) === name)
    if (tokens.length !== matching.length)
      throw unsupported(`${name} is split across quotes in GRUB_CMDLINE_LINUX.`)
    const lastToken = tokens.at(-1)
    if (lastToken !== undefined && sameSetting(lastToken.token, param)) {
      // Already set (the last occurrence wins); drop earlier contradicting copies only.
      for (const t of tokens.slice(0, -1)) if (!sameSetting(t.token, param)) splices.push(t.remove)
    } else if (lastToken !== undefined) {
      splices.push({ start: lastToken.start, end: lastToken.end, text: param })
      for (const t of tokens.slice(0, -1)) splices.push(t.remove)
      notes.push(`Replaced ${lastToken.token} with ${param} in GRUB_CMDLINE_LINUX.`)
    } else {
      splices.push(appendSplice(text, linux, param))
    }
  }

  if (linuxDefault !== undefined) {
    const conflicting = tokenRemovals(text, linuxDefault, name).filter((t) => !sameSetting(t.token, param))
    for (const t of conflicting) {
      splices.push(t.remove)
      notes.push(
        `Removed ${t.token} from GRUB_CMDLINE_LINUX_DEFAULT: it comes later on the kernel command line and would override ${param}.`,
      )
    }
  }
  const out = applySplices(text, splices)
  return { text: out, changed: out !== text, notes }
}

/** Removes every occurrence of the parameter named like `param` (any value) from both variables. */
export function removeKernelParam(text: string, param: string): CmdlineEdit {
  checkParam(param)
  const name = paramName(param)
  const all = findCmdlineAssignments(text)
  const splices: Splice[] = []
  const notes: string[] = []
  for (const variable of ['GRUB_CMDLINE_LINUX', 'GRUB_CMDLINE_LINUX_DEFAULT'] as const) {
    const assignment = lastAssignment(all, variable)
    if (assignment === undefined) continue
    const tokens = tokenRemovals(text, assignment, name)
    if (tokens.length !== assignment.params.filter((p) => paramName(p) === name).length)
      throw unsupported(`${name} is split across quotes in ${variable}.`)
    for (const t of tokens) {
      splices.push(t.remove)
      notes.push(`Removed ${t.token} from ${variable}.`)
    }
  }
  const out = applySplices(text, splices)
  return { text: out, changed: out !== text, notes }
}

/**
 * Whether the kernel command line GRUB generates sets `param`'s parameter, and to what: the
 * parameters of GRUB_CMDLINE_LINUX then GRUB_CMDLINE_LINUX_DEFAULT, the last one winning.
 */
export function effectiveParam(
  text: string,
  param: string,
): { token: string; variable: CmdlineVariable } | undefined {
  const { linux, linuxDefault } = readGrubCmdline(text)
  const name = paramName(param)
  const fromDefault = (linuxDefault ?? []).filter((p) => paramName(p) === name).at(-1)
  if (fromDefault !== undefined) return { token: fromDefault, variable: 'GRUB_CMDLINE_LINUX_DEFAULT' }
  const fromLinux = (linux ?? []).filter((p) => paramName(p) === name).at(-1)
  return fromLinux === undefined ? undefined : { token: fromLinux, variable: 'GRUB_CMDLINE_LINUX' }
}

/**
 * What a file sourced after /etc/default/grub (the /etc/default/grub.d/*.cfg drop-ins, e.g. Ubuntu
 * cloud images') does to `param`: replacing GRUB_CMDLINE_LINUX without `$GRUB_CMDLINE_LINUX` drops
 * the edit, and a contradicting value of the parameter overrides it. Empty when harmless.
 */
export function dropInOverrides(text: string, param: string): string[] {
  const problems: string[] = []
  const name = paramName(param)
  for (const assignment of findCmdlineAssignments(text)) {
    const keeps = assignment.params.some((p) => /\$\{?GRUB_CMDLINE_LINUX\}?(?![A-Z_])/.test(p))
    if (assignment.name === 'GRUB_CMDLINE_LINUX' && !keeps) problems.push('replaces GRUB_CMDLINE_LINUX')
    for (const p of assignment.params) {
      if (paramName(p) === name && !sameSetting(p, param)) problems.push(`sets ${p} in ${assignment.name}`)
    }
  }
  return problems
}
