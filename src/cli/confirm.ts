import { createInterface } from 'node:readline'
import { AppError } from '@shared/errors.js'

/** Asks on the terminal; false when standard input is not one. */
function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return Promise.resolve(false)
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true })
    rl.question(`${question} [y/N] `, (answer) => {
      rl.close()
      resolve(/^y(es)?$/i.test(answer.trim()))
    })
  })
}

/** --yes, or a "yes" on the terminal; without a terminal and without --yes nothing is changed. */
export async function confirmed(yes: boolean, question: string): Promise<void> {
  if (yes) return
  if (!process.stdin.isTTY)
    throw new AppError(
      'INVALID_INPUT',
      'Nothing was changed: standard input is not a terminal, so confirm with --yes.',
    )
  if (!(await confirm(question))) throw new AppError('CANCELLED', 'Nothing was changed.')
}
