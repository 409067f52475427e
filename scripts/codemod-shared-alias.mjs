// Rewrites every relative import of src/shared/* in src/ and test/ to the `@shared/<file>.js` alias
// (tsconfig.base.json `paths`; Vite, Vitest, esbuild, tsx and Playwright are configured for it):
//   src/main/libvirt/xml/parse.ts: a relative import of src/shared/errors.ts  →  from '@shared/errors.js'
// Applied once to the whole tree; `--check` (run by test/codemod-shared-alias.test.ts) keeps it so.
// Covers `import … from`, `export … from`, `import '…'`, `import('…')` and vi.mock/vi.importActual.
// Files inside src/shared keep their imports of each other relative (siblings, one folder).
//
//   node scripts/codemod-shared-alias.mjs           rewrite, print what changed
//   node scripts/codemod-shared-alias.mjs --check   change nothing; exit 1 when something would change
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const SOURCE = /\.(ts|tsx|mts|cts)$/
const SKIP = new Set(['node_modules', 'fixtures', 'out', '.node'])
const SPECIFIER =
  /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\bvi\.(?:mock|doMock|importActual|importMock)(?:<[^>]*>)?\(\s*)(['"])(\.\.?\/[^'"\n]+)\2/g

function sourceFiles(dir) {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name)) return []
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return SOURCE.test(entry.name) ? [path] : []
  })
}

/** The alias for a path inside src/shared (`…/shared/vms`, `…/shared/vms.js`), or undefined when no such module. */
function aliasFor(sharedDir, target) {
  const stem = target.replace(/\.(js|ts|tsx|mjs|mts)$/, '')
  const rel = relative(sharedDir, stem).split(sep).join('/')
  if (existsSync(`${stem}.ts`) || existsSync(`${stem}.tsx`)) return `@shared/${rel}.js`
  if (existsSync(stem) && statSync(stem).isDirectory() && existsSync(join(stem, 'index.ts')))
    return `@shared/${rel}/index.js`
  return undefined
}

/** The file's text with its relative imports of src/shared rewritten; `changes` lists each rewrite. */
export function rewriteSharedImports(file, text, root) {
  const sharedDir = join(root, 'src', 'shared')
  const changes = []
  if (resolve(file).startsWith(sharedDir + sep)) return { text, changes }
  const out = text.replace(SPECIFIER, (whole, lead, quote, spec) => {
    const target = resolve(dirname(file), spec)
    if (!target.startsWith(sharedDir + sep)) return whole
    const alias = aliasFor(sharedDir, target)
    if (alias === undefined) {
      process.stderr.write(`${relative(root, file)}: ${spec} names no module of src/shared; left as it is\n`)
      return whole
    }
    changes.push(`${spec} → ${alias}`)
    return `${lead}${quote}${alias}${quote}`
  })
  return { text: out, changes }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
  const check = process.argv.includes('--check')
  let files = 0
  let imports = 0
  for (const file of [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'test'))]) {
    const text = readFileSync(file, 'utf8')
    const result = rewriteSharedImports(file, text, root)
    if (result.changes.length === 0) continue
    files += 1
    imports += result.changes.length
    if (!check) writeFileSync(file, result.text)
    for (const change of result.changes) process.stdout.write(`${relative(root, file)}: ${change}\n`)
  }
  const verb = check ? 'would rewrite' : 'rewrote'
  process.stdout.write(`codemod-shared-alias: ${verb} ${imports} imports in ${files} files\n`)
  if (check && imports > 0) process.exit(1)
}
