/** Arguments that break naive command building; a correct Host passes each through byte for byte. */
export function hostileArgs(tag: string): { args: string[]; pwnedPath: string } {
  const pwnedPath = `/tmp/pwned-${tag}`
  return {
    pwnedPath,
    args: [
      'two words',
      "it's",
      '"double"',
      `'single' and "double"`,
      `$(touch ${pwnedPath})`,
      `\`touch ${pwnedPath}\``,
      `; touch ${pwnedPath}`,
      '; rm -rf /nonexistent',
      '&& echo hi',
      '| cat /etc/passwd',
      'line1\nline2',
      'tab\there',
      '*',
      '~',
      '~root',
      '$HOME',
      '${HOME}',
      '-n',
      '--version',
      'é',
      '日本',
      '🙂',
      '',
      '\\',
      'back\\slash\\\\n',
      "'",
      "'\\''",
      '#comment',
      'a=b',
      '!',
      '{a,b}',
      '> /tmp/redirected',
      '%s%n',
      ' leading and trailing ',
    ],
  }
}

/** What `printf '%s\0' args…` printed, split back into the arguments. */
export function splitNul(stdout: string): string[] {
  const parts = stdout.split('\0')
  parts.pop()
  return parts
}
