import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from './support/fixtures.js'

/**
 * The repository stands alone: a clone with nothing beside it passes its tests. So no source, test,
 * script or config names a path outside the repository: no fixtures of the shared folder beside it,
 * no absolute path of the build machine, no relative path (import, `new URL`, a run of parent
 * segments in `join`) that climbs above the root.
 */

const ROOTS = ['src', 'test', 'scripts', 'bin', '.ci']
const SKIP = new Set(['node_modules', 'fixtures', 'out', '.node'])
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs|sh|json)$|^run$/

/** Files that can name paths: everything under ROOTS (fixture data excluded) and the root configs. */
function scannedFiles(): string[] {
  const files: string[] = []
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (SKIP.has(entry.name)) continue
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (SOURCE.test(entry.name)) files.push(path)
    }
  }
  for (const root of ROOTS) walk(join(repoRoot, root))
  for (const entry of readdirSync(repoRoot, { withFileTypes: true })) {
    if (entry.isFile() && /\.(ts|js|mjs|cjs)$|^package\.json$|^tsconfig.*\.json$/.test(entry.name))
      files.push(join(repoRoot, entry.name))
  }
  return files.sort()
}

// Written so that this file does not match itself.
const FORBIDDEN: { pattern: RegExp; why: string }[] = [
  { pattern: /\/work\//, why: 'an absolute path of this build machine' },
  { pattern: /shared[\\/]fixtures/, why: 'the fixtures live in test/fixtures now' },
  { pattern: /['"]\.\.['"]\s*,\s*['"]shared['"]/, why: 'a folder beside the repository' },
]

/** A run of parent-folder arguments to join/resolve, or one relative literal (dot-dot-slash…). */
const RELATIVE = /(?:(['"])\.\.\1\s*,\s*)*(['"`])(\.\.?(?:\/[^'"`\s$]*)?)\2/g

/** The problems of one file's text; `file` is where it lives (relative paths are resolved from there). */
export function outsideReferences(file: string, text: string, root: string = repoRoot): string[] {
  const problems: string[] = []
  const lines = text.split('\n')
  lines.forEach((line, index) => {
    const at = `${relative(root, file)}:${index + 1}`
    for (const { pattern, why } of FORBIDDEN)
      if (pattern.test(line)) problems.push(`${at}: ${why}: ${line.trim()}`)
    for (const match of line.matchAll(RELATIVE)) {
      const ups = (match[0].match(/['"]\.\.['"]\s*,/g) ?? []).length
      const target = resolve(dirname(file), ...Array<string>(ups).fill('..'), match[3] ?? '.')
      if (target !== root && !target.startsWith(root.endsWith(sep) ? root : root + sep))
        problems.push(`${at}: ${match[0]} leaves the repository (${target})`)
    }
  })
  return problems
}

describe('the repository stands alone', () => {
  it('finds references outside the repository (the check itself can fail)', () => {
    const root = '/repo'
    const file = '/repo/test/support/x.ts'
    const up = '.'.repeat(2)
    const samples = [
      `const f = '${up}/${up}/${up}/shared/fix` + `tures/hosts'`,
      `join(import.meta.dirname, '${up}', '${up}', '${up}', 'other')`,
      `readFileSync('/wo' + 'rk/shared/x')`.replace("' + '", ''),
      `import x from '${up}/${up}/${up}/elsewhere/x.js'`,
      `new URL('${up}/${up}/${up}', import.meta.url)`,
    ]
    for (const sample of samples) expect(outsideReferences(file, sample, root), sample).not.toEqual([])
    const fine = [
      `import { a } from '${up}/${up}/src/shared/errors.js'`,
      `resolve(dirname(here), '${up}', '${up}')`,
      `new URL('${up}/${up}', import.meta.url)`,
      `const grub = '/etc/default/grub'`,
    ]
    for (const sample of fine) expect(outsideReferences(file, sample, root), sample).toEqual([])
  })

  it('no source, test, script or config names a path outside the repository', () => {
    const files = scannedFiles()
    expect(files.length).toBeGreaterThan(100)
    expect(files).toContain(join(repoRoot, 'test', 'support', 'fixtures.ts'))
    const problems = files.flatMap((file) => outsideReferences(file, readFileSync(file, 'utf8')))
    expect(problems).toEqual([])
  })
})
