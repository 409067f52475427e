/** A line of generated Ruby: indented with its block, or raw (a heredoc body, kept byte for byte). */
export type Line = string | { raw: string }

export function indent(lines: readonly Line[], by = '  '): Line[] {
  return lines.map((l) => (typeof l === 'string' ? (l === '' ? '' : `${by}${l}`) : l))
}

export function render(lines: readonly Line[]): string {
  return lines.map((l) => (typeof l === 'string' ? l : l.raw)).join('\n')
}
