import { AppError } from '@shared/errors.js'

/**
 * Byte-preserving edits of /etc/docker/daemon.json: only the value of one top-level key changes (or
 * the key is added after the opening brace, in the file's own indentation); everything else —
 * order, spacing, a missing final newline — stays as the user wrote it.
 */

interface KeySpan {
  /** Where the value starts and ends (exclusive). */
  valueStart: number
  valueEnd: number
}

/** Skips a JSON string starting at `i` (a quote); returns the index after its closing quote. */
function skipString(text: string, i: number): number {
  let j = i + 1
  while (j < text.length) {
    const c = text[j]
    if (c === '\\') j += 2
    else if (c === '"') return j + 1
    else j++
  }
  throw new AppError('INVALID_INPUT', 'daemon.json has an unterminated string')
}

/** Skips one JSON value starting at `i`; returns the index after it. */
function skipValue(text: string, i: number): number {
  const c = text[i]
  if (c === '"') return skipString(text, i)
  if (c === '{' || c === '[') {
    let depth = 0
    let j = i
    while (j < text.length) {
      const d = text[j]
      if (d === '"') {
        j = skipString(text, j)
        continue
      }
      if (d === '{' || d === '[') depth++
      if (d === '}' || d === ']') {
        depth--
        if (depth === 0) return j + 1
      }
      j++
    }
    throw new AppError('INVALID_INPUT', 'daemon.json has an unclosed object or array')
  }
  const match = /^[^\s,}\]]+/.exec(text.slice(i))
  return i + (match?.[0].length ?? 0)
}

/** The span of a top-level key's value, or undefined. */
function findTopLevelKey(text: string, key: string): KeySpan | undefined {
  const open = text.indexOf('{')
  if (open < 0) return undefined
  let i = open + 1
  while (i < text.length) {
    const c = text[i]
    if (c === '"') {
      const end = skipString(text, i)
      const name = JSON.parse(text.slice(i, end)) as string
      let j = end
      while (/\s/.test(text[j] ?? '')) j++
      if (text[j] !== ':') return undefined
      j++
      while (/\s/.test(text[j] ?? '')) j++
      const valueEnd = skipValue(text, j)
      if (name === key) return { valueStart: j, valueEnd }
      i = valueEnd
      continue
    }
    if (c === '}') return undefined
    i++
  }
  return undefined
}

/** Parses daemon.json as dockerd would (strict JSON); an empty file is `{}`. */
export function parseDaemonJson(text: string): Record<string, unknown> {
  if (text.trim() === '') return {}
  try {
    const value = JSON.parse(text) as unknown
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object')
    return value as Record<string, unknown>
  } catch (error) {
    throw new AppError(
      'INVALID_INPUT',
      '/etc/docker/daemon.json is not valid JSON; Docker itself refuses it',
      {
        detail: `${error instanceof Error ? error.message : String(error)}. Fix the file by hand first.`,
      },
    )
  }
}

/** Sets a top-level key to a JSON value, preserving the rest of the file byte for byte. */
export function setDaemonJsonKey(text: string, key: string, value: unknown): string {
  parseDaemonJson(text)
  const json = JSON.stringify(value)
  if (text.trim() === '') return `{\n  ${JSON.stringify(key)}: ${json}\n}\n`
  const span = findTopLevelKey(text, key)
  if (span !== undefined) return text.slice(0, span.valueStart) + json + text.slice(span.valueEnd)
  const open = text.indexOf('{')
  const rest = text.slice(open + 1)
  const empty = /^\s*\}/.test(rest)
  // The indentation of the first key, else two spaces; one-line files stay on one line.
  const firstKey = /^([ \t]*\n)?([ \t]*)"/.exec(rest)
  const multiline = firstKey?.[1] !== undefined || (empty && text.includes('\n'))
  if (!multiline) {
    const space = /^\s*/.exec(rest)?.[0] ?? ''
    return `${text.slice(0, open + 1)}${space}${JSON.stringify(key)}: ${json}${empty ? '' : ', '}${rest.slice(space.length)}`
  }
  const indent = firstKey?.[2] ?? '  '
  return `${text.slice(0, open + 1)}\n${indent}${JSON.stringify(key)}: ${json}${empty ? '' : ','}${rest}`
}
