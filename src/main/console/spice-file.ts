/**
 * A virt-viewer connection file (`.vv`, an INI file remote-viewer reads): type, host, port, password,
 * title. Values are single lines: a newline in a title (a VM's name may hold one) would start a
 * new key, so line breaks become spaces; a password with one cannot be written at all.
 */
export interface SpiceFileOptions {
  host: string
  port: number
  title: string
  password?: string | undefined
}

function oneLine(value: string): string {
  return value.replace(/[\r\n\u2028\u2029]+/g, ' ')
}

export function spiceViewerFile(options: SpiceFileOptions): string {
  if (options.password !== undefined && /[\r\n]/.test(options.password))
    throw new Error('A SPICE password with a line break cannot be written to a .vv file')
  const lines = [
    '[virt-viewer]',
    'type=spice',
    `host=${oneLine(options.host)}`,
    `port=${options.port}`,
    `title=${oneLine(options.title)}`,
    ...(options.password === undefined ? [] : [`password=${options.password}`]),
    // remote-viewer deletes the file once read: the password does not stay on disk.
    'delete-this-file=1',
    'fullscreen=0',
  ]
  return `${lines.join('\n')}\n`
}
