import { execFile } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repoRoot } from './support/cli.js'

/**
 * bin/virtdeck.mjs runs the built CLI and rebuilds it first when it is missing or older than its
 * sources. Tried on a scratch checkout (the real bin, build script and configs; a two-file CLI), so
 * the repository's own out/cli is not disturbed.
 */

const run = promisify(execFile)
let root: string

function writeSources(greeting: string): void {
  writeFileSync(join(root, 'src', 'shared', 'greeting.ts'), `export const greeting: string = '${greeting}'\n`)
}

async function virtdeck(): Promise<string> {
  const { stdout } = await run(process.execPath, [join(root, 'bin', 'virtdeck.mjs')], { timeout: 30_000 })
  return stdout
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'virtdeck-cli-build-'))
  for (const file of [
    'bin/virtdeck.mjs',
    'scripts/build-cli.mjs',
    'package.json',
    'tsconfig.base.json',
    'tsconfig.node.json',
  ])
    cpSync(join(repoRoot, file), join(root, file))
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'))
  mkdirSync(join(root, 'src', 'cli'), { recursive: true })
  mkdirSync(join(root, 'src', 'shared'), { recursive: true })
  writeFileSync(
    join(root, 'src', 'cli', 'index.ts'),
    `import { greeting } from '@shared/greeting.js'\nprocess.stdout.write(\`\${greeting}\\n\`)\n`,
  )
  writeSources('first')
})

afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('the virtdeck command runs built JavaScript, never stale', () => {
  it('builds out/cli/index.js when it is missing, then runs it', async () => {
    expect(existsSync(join(root, 'out', 'cli', 'index.js'))).toBe(false)
    expect(await virtdeck()).toBe('first\n')
    expect(existsSync(join(root, 'out', 'cli', 'index.js'))).toBe(true)
  })

  it('rebuilds when a source is newer than the build, and only then', async () => {
    const built = join(root, 'out', 'cli', 'index.js')
    // An unchanged checkout runs the built file as it is: make it recognisably different to see that.
    writeFileSync(built, "process.stdout.write('kept\\n')\n")
    expect(await virtdeck()).toBe('kept\n')
    writeSources('second')
    expect(await virtdeck()).toBe('second\n')
  })

  it('rebuilds when the build is gone but its record of inputs is not', async () => {
    rmSync(join(root, 'out', 'cli', 'index.js'))
    writeSources('third')
    expect(await virtdeck()).toBe('third\n')
  })
})
