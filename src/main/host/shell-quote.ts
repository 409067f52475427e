import { AppError } from '@shared/errors.js'

/**
 * Characters that mean nothing to a POSIX shell anywhere in a word. `=` is left out on purpose:
 * unquoted in the first word it would turn the command into a variable assignment. `~`, `#`,
 * `{`, `}` and `^` are left out because some shells expand or treat them specially at word start.
 */
const SAFE_WORD = /^[A-Za-z0-9_@%+,./:-]+$/

/** Names that `env NAME=value` accepts and that no shell mangles. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Rejects names that `env NAME=value` would misread (INVALID_INPUT). */
export function assertEnvName(name: string): void {
  if (!ENV_NAME.test(name)) {
    throw new AppError('INVALID_INPUT', `"${name}" cannot be the name of an environment variable`, {
      detail: 'A name has letters, digits and underscores, and does not start with a digit.',
    })
  }
}

/**
 * Quotes one argument for a POSIX `sh` (the remote login shell runs the command line SSH sends).
 * Inside single quotes nothing is special except the quote itself, which is closed, escaped and
 * reopened: `it's` → `'it'\''s'`.
 */
export function shellQuote(arg: string): string {
  if (arg.length > 0 && SAFE_WORD.test(arg)) return arg
  return `'${arg.replaceAll("'", `'\\''`)}'`
}

/**
 * One command line for `sh -c`: every word quoted, never interpolated. Environment variables are
 * passed with `env NAME=value …` because sshd refuses most `setenv` requests (AcceptEnv).
 */
export function commandLine(
  file: string,
  args: readonly string[],
  env?: Readonly<Record<string, string>>,
): string {
  if (file.length === 0) throw new AppError('INVALID_INPUT', 'The command to run is empty')
  const words: string[] = []
  const entries = env === undefined ? [] : Object.entries(env)
  if (entries.length > 0) {
    words.push('env')
    for (const [name, value] of entries) {
      assertEnvName(name)
      words.push(shellQuote(`${name}=${value}`))
    }
    // env would read a program name containing "=" as one more assignment.
    if (file.includes('=')) {
      throw new AppError(
        'INVALID_INPUT',
        `The command "${file}" cannot be run with extra environment variables`,
      )
    }
  }
  words.push(shellQuote(file))
  for (const arg of args) words.push(shellQuote(arg))
  return words.join(' ')
}

/** A short human-readable rendering of a command for messages (not for running). */
export function describeCommand(file: string, args: readonly string[]): string {
  const text = [file, ...args].map(shellQuote).join(' ')
  return text.length > 120 ? `${text.slice(0, 117)}...` : text
}

/**
 * The command line sent over SSH. sshd hands it to the account's login shell, which need not be
 * POSIX: fish treats `\'` inside single quotes as an escape, so `commandLine`'s quoting could be
 * read differently there and a crafted argument could run something. What the login shell sees is
 * therefore one fixed line that every shell (sh, bash, dash, zsh, fish, csh) reads the same way —
 * single quotes around text with no quote, backslash or `!` in it — and the real command travels
 * base64-encoded (letters, digits, `+`, `/`, `=`) for `sh` to decode and run.
 */
export function remoteCommandLine(
  file: string,
  args: readonly string[],
  env?: Readonly<Record<string, string>>,
): string {
  const encoded = Buffer.from(commandLine(file, args, env), 'utf8').toString('base64')
  return `exec sh -c 'eval "$(echo ${encoded} | base64 -d)"'`
}
