import { randomBytes } from 'node:crypto'
import { AppError } from '@shared/errors.js'
import type { ExecResult, HostProcess, PasswordPrompter, PrivilegedOptions } from './host.js'
import { commandNotFound, looksLikeMissingCommand } from './missing-command.js'
import { collect } from './run-process.js'
import { assertEnvName, describeCommand } from './shell-quote.js'

/** sudo asks at most this often before we give up (sudo's own default passwd_tries is 3 too). */
export const SUDO_PASSWORD_TRIES = 3

/**
 * Runs between sudo and the command: announces on stderr that sudo let us through (its `$0` is
 * the marker), then becomes the command. That tells "sudo is done asking" apart from everything
 * the command prints, so the input is written only then, and a refused password is not mistaken
 * for a failing command. The price: a sudoers rule that allows only some commands will not match
 * (the command sudo sees is `sh`).
 */
const WRAPPER = 'printf "%s\\n" "$0" >&2; exec "$@"'

export interface SudoTarget {
  hostId: string
  /** "this computer" or the host's name, for messages. */
  where: string
  /** The account whose password sudo asks for. */
  user: string
  prompter: PasswordPrompter | undefined
  /** Starts a process on the host (argument array, no shell of ours). Over SSH it can tell whether the connection dropped under it. */
  start(file: string, args: readonly string[]): Promise<HostProcess & { connectionLost?: () => boolean }>
}

/** `sudo -S` with the password asked through the prompter whenever sudo prompts; `sudo -n` when `nonInteractive`. */
export async function runWithSudo(
  target: SudoTarget,
  file: string,
  args: readonly string[],
  options: PrivilegedOptions,
): Promise<ExecResult> {
  const token = randomBytes(9).toString('hex')
  // No '%' in the prompt: sudo expands %-escapes in it.
  const promptMarker = `[virtdeck-sudo-prompt-${token}]`
  const readyMarker = `[virtdeck-sudo-ready-${token}]`
  // sudo resets the environment (env_reset), so extra variables go through `env` after it.
  const envWords = Object.entries(options.env ?? {}).map(([name, value]) => {
    assertEnvName(name)
    return `${name}=${value}`
  })
  const command = envWords.length === 0 ? [file, ...args] : ['env', ...envWords, file, ...args]
  const label = `sudo ${describeCommand(file, args)}`

  if (options.signal?.aborted) throw new AppError('CANCELLED', `\`${label}\` was cancelled`)
  // -n: sudo never prompts; it fails at once when it would need a password.
  const mode = options.nonInteractive === true ? ['-n'] : ['-S', '-p', promptMarker]
  const proc = await target.start('sudo', [...mode, '--', 'sh', '-c', WRAPPER, readyMarker, ...command])

  let early = '' // stderr until sudo lets us through: sudo's prompts and complaints
  let ready = false
  let prompts = 0
  let answering = Promise.resolve()

  const run = collect(proc, {
    label,
    where: target.where,
    keepStdinOpen: true,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    onStderr: (chunk) => {
      if (ready) return
      early += chunk.toString('utf8')
      if (early.includes(`${readyMarker}\n`)) {
        ready = true
        proc.stdin.end(options.input ?? '')
        return
      }
      const seen = countOccurrences(early, promptMarker)
      while (prompts < seen) {
        prompts += 1
        const attempt = prompts
        answering = answering.then(() => answer(attempt))
      }
    },
  })

  const answer = async (attempt: number): Promise<void> => {
    if (run.control.settled) return
    if (attempt > SUDO_PASSWORD_TRIES) {
      run.control.fail(sudoRefused(target))
      return
    }
    if (target.prompter === undefined) {
      run.control.fail(
        new AppError(
          'AUTH_FAILED',
          `sudo on ${target.where} asks for a password, and there is no way to ask you for it`,
          {
            detail: `Run this from the app (it asks for the password), or allow ${target.user} to run the command without a password.`,
          },
        ),
      )
      return
    }
    const retry = attempt > 1
    run.control.pauseTimeout()
    let password: string | null
    try {
      password = await target.prompter({
        hostId: target.hostId,
        kind: 'sudo',
        prompt: `${retry ? 'Wrong password, try again. ' : ''}Password of ${target.user} for sudo on ${target.where}:`,
        reason: options.reason,
      })
    } catch (error) {
      run.control.fail(
        error instanceof AppError
          ? error
          : new AppError('INTERNAL', 'Asking for the sudo password failed', { cause: error }),
      )
      return
    }
    if (run.control.settled) return
    if (password === null) {
      run.control.fail(
        new AppError('CANCELLED', `Cancelled: no password was given for sudo on ${target.where}`),
      )
      return
    }
    run.control.resumeTimeout()
    proc.stdin.write(`${password}\n`)
  }

  const result = await run.result
  if (result.code === null && proc.connectionLost?.() === true) {
    throw new AppError(
      'HOST_UNREACHABLE',
      `The connection to ${target.where} was lost while \`${label}\` ran`,
      {
        detail: ready ? 'The command may or may not have finished on the machine.' : 'Nothing was run.',
      },
    )
  }
  if (!ready) {
    const said = early.replaceAll(promptMarker, '')
    if (options.nonInteractive === true && NEEDS_PASSWORD.test(said)) throw needsPassword(target, options)
    throw sudoFailure(target, result, said, prompts, file)
  }
  const all = result.stderr
  const at = all.indexOf(`${readyMarker}\n`)
  const stderr = at >= 0 ? all.slice(at + readyMarker.length + 1) : all
  if (looksLikeMissingCommand(file, result.code, stderr)) throw commandNotFound(file, target.where)
  return { ...result, stderr }
}

/** What sudo says when it would have to ask (`-n`, or no terminal and no `-S`). */
const NEEDS_PASSWORD = /password is required|no password was provided|no tty present/i

/** `sudo -n` would have needed a password: nothing ran and nobody was asked. */
function needsPassword(target: SudoTarget, options: PrivilegedOptions): AppError {
  return new AppError('PERMISSION_DENIED', `sudo on ${target.where} needs the administrator password`, {
    detail:
      `Not asked here: this only reads for a summary (${options.reason}). Nothing was run. ` +
      `Open the page that does it to be asked for the password of ${target.user}, ` +
      `or allow ${target.user} to run it without a password (a NOPASSWD sudoers rule).`,
    data: { needsPassword: true },
  })
}

function sudoRefused(target: SudoTarget): AppError {
  return new AppError('AUTH_FAILED', 'sudo refused the password', {
    detail: `The password of ${target.user} on ${target.where} was not accepted ${SUDO_PASSWORD_TRIES} times. Nothing was run.`,
  })
}

/** sudo ended before running the command: say why in the user's words. */
function sudoFailure(
  target: SudoTarget,
  result: ExecResult,
  said: string,
  prompts: number,
  file: string,
): AppError {
  const text = said.trim()
  if (looksLikeMissingCommand('sudo', result.code, text)) return commandNotFound('sudo', target.where)
  if (/incorrect password attempt/i.test(text) || (prompts > 0 && /Sorry, try again/i.test(text)))
    return sudoRefused(target)
  if (/not in the sudoers file|is not allowed to (run|execute)|may not run sudo/i.test(text)) {
    return new AppError('PERMISSION_DENIED', `${target.user} may not use sudo on ${target.where}`, {
      detail: `${text}\nAsk an administrator of ${target.where} to add ${target.user} to the sudo group (or an equivalent sudoers rule).`,
    })
  }
  if (NEEDS_PASSWORD.test(text)) {
    return new AppError('AUTH_FAILED', `sudo on ${target.where} did not get a password`, { detail: text })
  }
  return new AppError('COMMAND_FAILED', `sudo could not run ${file} on ${target.where}`, {
    detail: text.length > 0 ? text : `sudo exited with code ${String(result.code)}.`,
  })
}

function countOccurrences(text: string, needle: string): number {
  let count = 0
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) count += 1
  return count
}
