/**
 * Quoting for virsh's own command parser (interactive mode). It splits a line like a shell:
 * blanks and ';' separate words, '#' at the start of a word starts a comment, backslash escapes
 * outside single quotes, and inside single quotes nothing is special but the closing quote. So a
 * word with anything but safe characters is single-quoted, a quote inside closed, escaped and
 * reopened: `it's` → `'it'\''s'`. Safe words go bare: readline reads input a byte at a time, so
 * every byte saved counts.
 */
const SAFE_WORD = /^[A-Za-z0-9_@%+,./:=-]+$/

/** Longest command line sent to an interactive virsh; longer ones go another way. */
export const MAX_LINE_CHARS = 100_000

export function quoteVirshArg(arg: string): string {
  if (SAFE_WORD.test(arg)) return arg
  return `'${arg.replaceAll("'", `'\\''`)}'`
}

/** One command line for an interactive virsh. */
export function virshLine(args: readonly string[]): string {
  return args.map(quoteVirshArg).join(' ')
}

/**
 * Whether the words can travel on an interactive virsh's input. A line ends at '\n', and readline
 * (which reads the input) acts on control characters — TAB completes, ^U erases the line — so a word
 * holding one must be passed another way (as a process argument).
 */
export function fitsOnLine(args: readonly string[]): boolean {
  // Far below the terminal width VirtDeck sets (readline echoes a line verbatim while it fits).
  if (args.reduce((n, arg) => n + arg.length + 3, 0) > MAX_LINE_CHARS) return false
  return args.every((arg) => {
    for (let i = 0; i < arg.length; i++) {
      const code = arg.charCodeAt(i)
      if (code < 0x20 || code === 0x7f) return false
    }
    return true
  })
}

/** `--storage` and other list options of virsh split on ','; ',,' stands for a comma. */
export function virshListArg(items: readonly string[]): string {
  return items.map((item) => item.replaceAll(',', ',,')).join(',')
}
