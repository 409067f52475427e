import { diffLines, formatUnifiedDiff } from '../libvirt/xml/index.js'

/**
 * The preview diff of a file a plan changes: the unified line diff of the libvirt XML module
 * (Myers, with `\ No newline at end of file`), labelled like `diff -u a/… b/…`, with
 * `--- /dev/null` for a file that does not exist yet. Empty when nothing changes.
 */
export function formatFileDiff(path: string, before: string | null, after: string, context = 3): string {
  if (before === after) return ''
  return formatUnifiedDiff(diffLines(before ?? '', after), {
    fromFile: before === null ? '/dev/null' : `a${path}`,
    toFile: `b${path}`,
    context,
  })
}
