import { execFile } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repoRoot } from './support/fixtures.js'

/** scripts/codemod-shared-alias.mjs on a scratch tree: what it rewrites to `@shared/…`, what it leaves. */

const run = promisify(execFile)
let root: string

/**
 * `../` n times: the scratch files' imports are written with it so that they read neither as paths of
 * this repository (test/repo-standalone.test.ts) nor as imports the codemod itself would move.
 */
const up = (n: number): string => '../'.repeat(n)

const FILES: Record<string, string> = {
  'src/shared/errors.ts': 'export class AppError extends Error {}\n',
  'src/shared/vms.ts': "import { AppError } from './errors.js'\nexport const e = AppError\n",
  'src/shared/sub/index.ts': 'export const thing = 1\n',
  'src/main/a/local.ts': 'export const y = 1\n',
  'src/main/a/b.ts': [
    `import { AppError } from '${up(2)}shared/errors.js'`,
    `import type { e } from '${up(2)}shared/vms'`,
    `export * from '${up(2)}shared/sub'`,
    "import { y } from './local.js'",
    `const late = await import('${up(2)}shared/errors.js')`,
    'export { AppError, late, y }',
    'export type E = typeof e',
    '',
  ].join('\n'),
  'src/renderer/src/c.tsx': `import type { AppError } from "${up(2)}shared/errors"\nexport type C = AppError\n`,
  'test/t.test.ts': `vi.mock('${up(1)}src/shared/vms.js')\nimport { gone } from '${up(1)}src/shared/missing.js'\n`,
  'test/fixtures/data.ts': `import { AppError } from '${up(2)}src/shared/errors.js'\n`,
}

function read(path: string): string {
  return readFileSync(join(root, path), 'utf8')
}

async function codemod(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(process.execPath, [join(root, 'scripts', 'codemod-shared-alias.mjs'), ...args]).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  )
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'virtdeck-codemod-'))
  cpSync(
    join(repoRoot, 'scripts', 'codemod-shared-alias.mjs'),
    join(root, 'scripts', 'codemod-shared-alias.mjs'),
  )
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
})

afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('codemod-shared-alias', () => {
  it('--check changes nothing and fails while imports are left to move', async () => {
    const check = await codemod('--check')
    expect(check.code).toBe(1)
    expect(check.stdout).toContain('would rewrite 6 imports in 3 files')
    expect(read('src/main/a/b.ts')).toBe(FILES['src/main/a/b.ts'])
  })

  it('rewrites relative imports of src/shared to @shared/<file>.js, and nothing else', async () => {
    const result = await codemod()
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('rewrote 6 imports in 3 files')
    expect(read('src/main/a/b.ts')).toBe(
      [
        "import { AppError } from '@shared/errors.js'",
        "import type { e } from '@shared/vms.js'",
        "export * from '@shared/sub/index.js'",
        "import { y } from './local.js'",
        "const late = await import('@shared/errors.js')",
        'export { AppError, late, y }',
        'export type E = typeof e',
        '',
      ].join('\n'),
    )
    expect(read('src/renderer/src/c.tsx')).toBe(
      'import type { AppError } from "@shared/errors.js"\nexport type C = AppError\n',
    )
    // vi.mock is moved; an import of a module that does not exist is left, with a warning.
    expect(read('test/t.test.ts')).toBe(
      `vi.mock('@shared/vms.js')\nimport { gone } from '${up(1)}src/shared/missing.js'\n`,
    )
    expect(result.stderr).toContain('../src/shared/missing.js names no module of src/shared')
    // src/shared keeps its sibling imports; fixture data is not code.
    expect(read('src/shared/vms.ts')).toBe(FILES['src/shared/vms.ts'])
    expect(read('test/fixtures/data.ts')).toBe(FILES['test/fixtures/data.ts'])
    expect((await codemod('--check')).code).toBe(0)
  })

  it('finds nothing left to rewrite in this repository: every import of src/shared uses @shared', async () => {
    const result = await run(
      process.execPath,
      [join(repoRoot, 'scripts', 'codemod-shared-alias.mjs'), '--check'],
      {
        cwd: repoRoot,
      },
    ).then(
      (r) => ({ code: 0, out: r.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
    )
    expect(result.out).toContain('would rewrite 0 imports in 0 files')
    expect(result.code).toBe(0)
  })
})
