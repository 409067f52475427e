import { homedir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { createApp } from '../main/app.js'
import type { App } from '../main/app.js'
import type { CallContext } from '../main/ipc/router.js'
import { NO_CIPHER } from '../main/store/index.js'

/** The same profile database as the app (~/.config/VirtDeck), or VIRTDECK_DATA_DIR. */
export function dataDir(): string {
  return (
    process.env['VIRTDECK_DATA_DIR'] ??
    join(process.env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), 'VirtDeck')
  )
}

/** Asks on the terminal without echo; no terminal means the question is cancelled. */
function askHidden(question: string): Promise<string | null> {
  if (!process.stdin.isTTY) return Promise.resolve(null)
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true })
    const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput
    ;(rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string): void => {
      if (s.startsWith(question)) write.call(rl, s)
    }
    rl.question(question, (answer) => {
      rl.close()
      process.stderr.write('\n')
      resolve(answer)
    })
  })
}

export function openCliApp(): App {
  const app = createApp({ dataDir: dataDir(), cipher: NO_CIPHER })
  app.bus.subscribe((name, payload) => {
    if (name !== 'prompt.password') return
    const prompt = payload as { promptId: string; prompt: string; reason: string }
    void askHidden(`${prompt.reason}\n${prompt.prompt} `).then((value) =>
      app.prompts.answer(prompt.promptId, value),
    )
  })
  return app
}

export function cliContext(verbose: boolean): CallContext {
  return {
    signal: new AbortController().signal,
    progress: (p) => {
      if (verbose) process.stderr.write(`… ${p.message}\n`)
    },
  }
}
