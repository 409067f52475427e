/**
 * Ruby literals for generated Vagrantfiles. Every value the user typed is data: it is written so
 * that Ruby reads back exactly the same characters and nothing in it is ever evaluated (`#{…}`,
 * `#@var`, backslashes, quotes, newlines).
 */

// C0 and C1 controls, DEL, and the Unicode line/paragraph separators: never raw inside a literal.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/

/**
 * A Ruby string literal for `value`. Printable text becomes a single-quoted literal (only `\` and
 * `'` are special there, and nothing interpolates); text with control characters becomes a
 * double-quoted one in which `#` is escaped too, so `#{` never starts an interpolation.
 */
export function rubyString(value: string): string {
  if (!CONTROL.test(value)) return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`
  let out = '"'
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0
    if (char === '\\' || char === '"' || char === '#') out += `\\${char}`
    else if (char === '\n') out += '\\n'
    else if (char === '\t') out += '\\t'
    else if (char === '\r') out += '\\r'
    else if (CONTROL.test(char)) out += `\\u{${code.toString(16)}}`
    else out += char
  }
  return `${out}"`
}

/** A Ruby array of string literals. */
export function rubyStringArray(values: readonly string[]): string {
  return `[${values.map(rubyString).join(', ')}]`
}

/** A Ruby hash with string keys and values, `{ 'k' => 'v' }`. */
export function rubyStringHash(values: Readonly<Record<string, string>>): string {
  const entries = Object.entries(values)
  if (entries.length === 0) return '{}'
  return `{ ${entries.map(([k, v]) => `${rubyString(k)} => ${rubyString(v)}`).join(', ')} }`
}

const HEREDOC_UNSAFE_LINE = /^(?:__END__|=begin|=end)(?:\s|$)/

/**
 * A long script as a single-quoted heredoc (`<<-'SHELL'`: no interpolation, no escapes, the body
 * kept byte for byte) when it can be one: it ends with a newline, holds no control character but
 * tab, and no line of it would end the heredoc early. Otherwise a string literal.
 * Returns the opening token, the body lines that follow the opening line, and the terminator.
 */
export function rubyText(value: string, tag = 'SCRIPT'): { head: string; body: string[]; end?: string } {
  const lines = value.split('\n')
  const usable =
    value.includes('\n') &&
    value.endsWith('\n') &&
    // eslint-disable-next-line no-control-regex -- as above
    !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/.test(value) &&
    !lines.some((l) => HEREDOC_UNSAFE_LINE.test(l))
  if (!usable) return { head: rubyString(value), body: [] }
  let terminator = tag
  for (let n = 2; lines.some((l) => l.trim() === terminator); n++) terminator = `${tag}${n}`
  lines.pop() // the text after the final newline, which is empty
  return { head: `<<-'${terminator}'`, body: lines, end: terminator }
}

const RUBY_KEYWORDS = new Set(
  'BEGIN END alias and begin break case class def defined do else elsif end ensure false for if in module next nil not or redo rescue retry return self super then true undef unless until when while yield config vagrant'.split(
    ' ',
  ),
)

/** A block variable named after a machine (`web` for "web"), or `machine` when the name is no identifier. */
export function rubyIdentifier(name: string): string {
  const id = name
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
  if (!/^[a-z][a-z0-9_]*$/.test(id) || RUBY_KEYWORDS.has(id) || id.length > 40) return 'machine'
  return id
}
