/**
 * The line an XML problem is on, from the message of our parser ("line 4, column 9"), of libxml2
 * through libvirt ("(domain_definition):4: Opening and ending tag mismatch") or, for a schema
 * error that names an element ("Element domain has extra content: bogus"), where that element is.
 */
export function problemLine(problem: string, xml: string): number | undefined {
  const lineCount = xml.split('\n').length
  const inRange = (n: number): number | undefined => (n >= 1 && n <= lineCount ? n : undefined)
  const libxml = /\):(\d+):/.exec(problem) ?? /\.xml:(\d+):/.exec(problem)
  if (libxml?.[1] !== undefined) return inRange(Number(libxml[1]))
  const ours = /\bline (\d+)/i.exec(problem)
  if (ours?.[1] !== undefined) return inRange(Number(ours[1]))
  const extra =
    /extra content: ([A-Za-z_][\w.-]*)/.exec(problem) ??
    /Did not expect element ([A-Za-z_][\w.-]*)/.exec(problem)
  if (extra?.[1] !== undefined) {
    const lines = xml.split('\n')
    const at = lines.findIndex((l) => new RegExp(`<${extra[1]}[\\s/>]`).test(`${l} `))
    return at === -1 ? undefined : at + 1
  }
  return undefined
}
