import { virshLine } from './virsh-quote.js'

/**
 * Framing of an interactive virsh's output. After a command (or a batch of read-only commands)
 * VirtDeck sends one marker line, `echo --err VD<nonce>''_<n>;echo VD<nonce>''_<n>`, whose two
 * echoes print `error: VD<nonce>_<n>` on stderr and `VD<nonce>_<n>` on stdout, so each stream is cut
 * at its own marker. As printed the marker never appears in the input (there it carries the empty
 * quotes), so readline's echo of the input cannot be mistaken for it.
 *
 * virsh reads its input through readline, which — reading from a pipe — prints its prompt and echoes
 * each line it reads, one byte at a time (~13 µs a byte here: lines are kept short). So the stdout
 * segment of a batch of commands is:
 *   `virsh # <command 1>\n` output 1 `virsh # <command 2>\n` output 2 … `virsh # <marker line>\n`
 * ('>' instead of '#' for some users; a virsh built without readline prints prompts but no echo).
 */

const PROMPTS = ['virsh # ', 'virsh > ']

export interface Frame {
  /** The commands' own lines. */
  lines: string[]
  markerLine: string
  /** The stdout marker as printed. */
  outMarker: string
  /** The stderr marker as printed, with its line end. */
  errMarker: string
}

export function frameFor(commands: readonly (readonly string[])[], nonce: string, seq: number): Frame {
  const word = `VD${nonce}''_${seq}`
  const printed = `VD${nonce}_${seq}`
  return {
    lines: commands.map(virshLine),
    markerLine: `echo --err ${word};echo ${word}`,
    outMarker: printed,
    errMarker: `error: ${printed}\n`,
  }
}

/** What the process should read for one call. */
export function inputFor(frame: Frame): string {
  return `${frame.lines.join('\n')}\n${frame.markerLine}\n`
}

function promptAt(text: string, index: number): number {
  for (const prompt of PROMPTS) if (text.startsWith(prompt, index)) return prompt.length
  return 0
}

/** Where the echo of `line` (prompt, line, line end) starts at or after `from`; -1 when absent. */
function findEcho(text: string, line: string, from: number): { at: number; end: number } {
  for (const prompt of PROMPTS) {
    const echoed = `${prompt}${line}\n`
    const at = text.indexOf(echoed, from)
    if (at !== -1) return { at, end: at + echoed.length }
  }
  return { at: -1, end: -1 }
}

/** The last prompt whose line runs to the end of the text (the marker line's echo, drawn oddly). */
function lastEchoedLine(text: string, from: number): { at: number; end: number } {
  for (const prompt of PROMPTS) {
    const at = text.lastIndexOf(prompt)
    if (at >= from && text.endsWith('\n') && text.indexOf('\n', at) === text.length - 1)
      return { at, end: text.length }
  }
  return { at: -1, end: -1 }
}

/**
 * Each command's output from a stdout segment (everything before the marker), or undefined when the
 * segment does not have the expected shape (the session is out of step; or, for a batch, virsh does
 * not echo its input and the outputs cannot be told apart).
 */
export function unframeStdout(segment: string, frame: Frame): string[] | undefined {
  let start = 0
  // Some builds end `echo`'s output with a line end; tolerate it before the next prompt.
  if (segment.startsWith('\n')) start = 1
  if (promptAt(segment, start) === 0) return undefined

  let tail = findEcho(segment, frame.markerLine, start)
  if (tail.at === -1 || tail.end !== segment.length) tail = lastEchoedLine(segment, start)
  let end: number
  if (tail.at !== -1 && tail.end === segment.length) end = tail.at
  else {
    const bare = PROMPTS.map((p) => `${p}${p}`).find((b) => segment.endsWith(b))
    if (bare === undefined || frame.lines.length > 1) return undefined
    // No echo (virsh without readline): the prompt before the command, the one before the marker line.
    return [segment.slice(start + promptAt(segment, start), segment.length - bare.length)]
  }

  if (frame.lines.length === 1) {
    // One command: its output starts after the echo of its line, whatever the echo looks like.
    const here = findEcho(segment, frame.lines[0] ?? '', start)
    if (here.at === start && here.end <= end) return [segment.slice(here.end, end)]
    const newline = segment.indexOf('\n', start)
    return newline === -1 || newline >= end ? undefined : [segment.slice(newline + 1, end)]
  }
  const outputs: string[] = []
  let cursor = start
  for (let i = 0; i < frame.lines.length; i++) {
    const line = frame.lines[i] ?? ''
    const here = findEcho(segment, line, cursor)
    if (here.at !== cursor) return undefined
    const next = i + 1 < frame.lines.length ? findEcho(segment, frame.lines[i + 1] ?? '', here.end).at : end
    if (next === -1 || next > end) return undefined
    outputs.push(segment.slice(here.end, next))
    cursor = next
  }
  return cursor === end ? outputs : undefined
}

/**
 * Lines virsh prints on its own when the connection drops (from its event thread, at any moment):
 * they belong to no command. Returns the stderr without them, and their text.
 */
export function splitDisconnectNotices(stderr: string): { stderr: string; notices: string[] } {
  if (!stderr.includes('Disconnected from')) return { stderr, notices: [] }
  const notices: string[] = []
  const kept = stderr
    .split(/(?<=\n)/)
    .filter((line) => {
      const match = /^error: (Disconnected from .* due to .*)\n?$/.exec(line)
      if (match?.[1] !== undefined) notices.push(match[1])
      return match === null
    })
    .join('')
  return { stderr: kept, notices }
}
