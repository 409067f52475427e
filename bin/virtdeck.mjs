#!/usr/bin/env node
// Entry of the `virtdeck` command. VirtDeck needs Node >= 22; where an older node runs this file and
// the project-local Node 24 (from scripts/setup-node.sh) exists, hand over to it.
// It runs the built CLI (out/cli/index.js, `npm run build`); in a checkout with the sources it first
// rebuilds that file when it is missing or older than them (esbuild, well under a second), so
// `npx virtdeck` never runs stale code.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const major = Number(process.versions.node.split('.')[0])
if (major < 22) {
  const local = join(root, '.node', 'bin', 'node')
  if (!existsSync(local)) {
    process.stderr.write(
      `virtdeck: Node ${process.versions.node} is too old; VirtDeck needs Node 22 or newer (run scripts/setup-node.sh).\n`,
    )
    process.exit(1)
  }
  const result = spawnSync(local, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
  })
  process.exit(result.status ?? 1)
}
const builder = join(root, 'scripts', 'build-cli.mjs')
if (existsSync(join(root, 'src', 'cli', 'index.ts')) && existsSync(builder)) {
  const { buildCli, cliIsStale } = await import(pathToFileURL(builder).href)
  if (cliIsStale(root)) {
    try {
      await buildCli(root)
    } catch (error) {
      process.stderr.write(`virtdeck: could not build the command from its sources: ${error.message}\n`)
      process.exit(1)
    }
  }
}
const built = join(root, 'out', 'cli', 'index.js')
if (!existsSync(built)) {
  process.stderr.write('virtdeck: the command is not built (out/cli/index.js missing). Run: npm run build\n')
  process.exit(1)
}
await import(pathToFileURL(built).href)
