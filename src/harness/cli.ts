import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createApp } from '../main/app.js'
import { createEphemeralCipher } from '../main/store/ephemeral-cipher.js'
import type { App } from '../main/app.js'
import { toErrorPayload } from '@shared/errors.js'
import { startHarness } from './server.js'
import type { Harness } from './server.js'

/** `npm run harness [-- --data-dir DIR --port N]`: the app's router and renderer, in any browser on this machine. */
const { values } = parseArgs({
  options: { 'data-dir': { type: 'string' }, port: { type: 'string' }, renderer: { type: 'string' } },
})
const rendererDir = resolve(values.renderer ?? 'out/renderer')
if (!existsSync(join(rendererDir, 'index.html'))) {
  process.stderr.write(`No built renderer in ${rendererDir}. Run: npm run build\n`)
  process.exit(1)
}
const dataDir =
  values['data-dir'] ?? process.env['VIRTDECK_DATA_DIR'] ?? mkdtempSync(join(tmpdir(), 'virtdeck-harness-'))
let app: App
let harness: Harness
try {
  app = createApp({ dataDir, cipher: createEphemeralCipher() })
  harness = await startHarness(app, {
    rendererDir,
    ...(values.port ? { port: Number(values.port) } : {}),
  })
} catch (error) {
  // One line, like the CLI: a damaged database or a port in use is the user's to fix, not a crash.
  const payload = toErrorPayload(error)
  process.stderr.write(
    `virtdeck harness: ${payload.message.replace(/\s*\n\s*/g, ' ')}${payload.detail ? ` (${payload.detail.split('\n')[0]})` : ''}\n`,
  )
  process.exit(1)
}
if (app.store.settings.get().connectOnStart) void app.hosts.connectAll()
process.stdout.write(`VirtDeck harness (data in ${dataDir})\nOpen: ${harness.url}\n`)
const stop = async (): Promise<void> => {
  await harness.close()
  await app.close()
  process.exit(0)
}
process.on('SIGINT', () => void stop())
process.on('SIGTERM', () => void stop())
process.on('SIGHUP', () => void stop())
// Started through npm and tsx, this process outlives a parent stopped by its PID (npm's `sh -c` does not
// pass the signal on): when the parent is gone, stop too.
const parent = process.ppid
setInterval(() => {
  if (process.ppid !== parent) void stop()
}, 500).unref()
