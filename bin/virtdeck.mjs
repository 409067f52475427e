#!/usr/bin/env node
// Entry of the `virtdeck` command. VirtDeck needs Node >= 22; where an older node runs this file and
// the project-local Node 24 (from scripts/setup-node.sh) exists, hand over to it.
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
const { register } = await import('tsx/esm/api')
register()
await import(pathToFileURL(join(root, 'src', 'cli', 'index.ts')).href)
