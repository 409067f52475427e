// `npm start` (electron-vite preview) and `npm run dev` (electron-vite dev): makes sure Electron's
// binary is there first (the electron package's installer fetches it on first use), and when it
// cannot be fetched says so in one message with what to do, instead of the installer's bare
// `TypeError: fetch failed`. ELECTRON_OVERRIDE_DIST_PATH (an unpacked Electron) skips the download.
//
//   node scripts/start.mjs preview|dev [electron-vite options]
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const [mode = 'preview', ...options] = process.argv.slice(2)

function stop(lines) {
  process.stderr.write(`\n${lines.join('\n')}\n\n`)
  process.exit(1)
}

/** The last line of the installer's output that says something (its error), for the message. */
function cause(output) {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('at '))
  return lines.find((line) => /error|fail/i.test(line)) ?? lines.at(-1) ?? 'no output'
}

if (mode !== 'preview' && mode !== 'dev') stop([`start: say preview or dev, not ${mode}`])
const again = mode === 'dev' ? 'npm run dev' : 'npm start'

const override = process.env['ELECTRON_OVERRIDE_DIST_PATH']
if (override !== undefined && override !== '') {
  if (!existsSync(join(override, 'electron')))
    stop([
      `ELECTRON_OVERRIDE_DIST_PATH is ${override}, but there is no electron executable in it.`,
      'Point it at the folder of an unpacked Electron release (the one holding the `electron` file).',
    ])
} else {
  const installer = createRequire(import.meta.url).resolve('electron/install.js')
  const install = spawnSync(process.execPath, [installer], { cwd: root, encoding: 'utf8' })
  if (install.status !== 0) {
    const version = createRequire(import.meta.url)('electron/package.json').version
    stop([
      `VirtDeck cannot start: Electron's binary (electron ${version}) could not be downloaded — no internet?`,
      `  (${cause(`${install.stdout ?? ''}\n${install.stderr ?? ''}${install.error ? `\n${install.error.message}` : ''}`)})`,
      'What to do:',
      `  - run \`${again}\` again when this machine is online (the binary is fetched once, then cached);`,
      `  - or set ELECTRON_OVERRIDE_DIST_PATH to the folder of an unpacked Electron release and run \`${again}\`;`,
      '  - or try the app in a browser without Electron: `npm run build && npm run harness`.',
    ])
  }
}

const child = spawn(join(root, 'node_modules', '.bin', 'electron-vite'), [mode, ...options], {
  cwd: root,
  stdio: 'inherit',
})
child.on('error', (error) => stop([`start: cannot run electron-vite (${error.message}). Run: npm install`]))
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
