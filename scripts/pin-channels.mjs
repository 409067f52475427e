// Pins every channel of src/shared/contract/<group>.ts that its <group>.test.ts does not pin yet:
// one `it()` per channel (result type with expectTypeOf, streaming flag), with the type imports it
// needs; a group without a test file gets one. Run `npx prettier --write src/shared/contract/` after.
// usage: node scripts/pin-channels.mjs [repoRoot]
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const root = resolve(process.argv[2] ?? '.')
const dir = join(root, 'src/shared/contract')
const assembly = readFileSync(join(root, 'src/shared/contract.ts'), 'utf8')

function typeImports(text) {
  const where = new Map()
  for (const m of text.matchAll(/import type \{([^}]*)\} from '([^']+)'/g))
    for (const name of m[1].split(',').map((n) => n.trim())) if (name !== '') where.set(name, m[2])
  return where
}

function skeleton(group, exports) {
  const keys = exports.length === 1 ? exports[0] : `{ ${exports.map((e) => `...${e}`).join(', ')} }`
  return `import { describe, expect, expectTypeOf, it } from 'vitest'
import type { OutputOf } from '../contract.js'
import { contract } from '../contract.js'
import { ${[...exports].sort().join(', ')} } from './${group}.js'

/** The ${group} channels pinned, one test per channel (see ../contract.test.ts). */

const PINNED = new Set<string>()
function pin(channel: ${exports.map((e) => `keyof typeof ${e}`).join(' | ')}): void {
  PINNED.add(channel)
}

describe('the ${group} channels, one at a time', () => {
  it('every ${group} channel is pinned above', () => {
    expect([...PINNED].sort()).toEqual(Object.keys(${keys}).sort())
  })
})
`
}

let total = 0
for (const file of readdirSync(dir).sort()) {
  if (!file.endsWith('.ts') || file.endsWith('.test.ts') || file === 'define.ts') continue
  const group = file.slice(0, -3)
  const source = readFileSync(join(dir, file), 'utf8')
  const exports = [...source.matchAll(/^export const (\w+) = \{$/gm)].map((m) => m[1])
  if (exports.length === 0) continue
  for (const e of exports)
    if (!new RegExp(`\\.\\.\\.${e},`).test(assembly))
      console.warn(`${e} (${file}) is not spread into src/shared/contract.ts yet`)
  const testPath = join(dir, `${group}.test.ts`)
  let test = existsSync(testPath) ? readFileSync(testPath, 'utf8') : skeleton(group, exports)
  const pinned = new Set([...test.matchAll(/pin\('([^']+)'\)/g)].map((m) => m[1]))
  const imports = typeImports(source)
  const header = test.slice(0, test.indexOf('describe('))
  const need = new Map()
  let added = ''
  for (const m of source.matchAll(/'([a-zA-Z0-9]+\.[a-zA-Z0-9]+)': (call|stream)<(.+?)>\(\)\(/gs)) {
    const [, channel, kind, raw] = m
    if (pinned.has(channel)) continue
    const type = raw.split(/\s+/).join(' ')
    for (const [name] of type.matchAll(/\b[A-Z][A-Za-z0-9]+\b/g)) {
      const from = imports.get(name)
      if (from !== undefined && !new RegExp(`\\b${name}\\b`).test(header))
        need.set(from, new Set([...(need.get(from) ?? []), name]))
    }
    added += `  it('${channel}', () => {
    pin('${channel}')
    expectTypeOf<OutputOf<'${channel}'>>().toEqualTypeOf<${type}>()
    expect(contract['${channel}'].streaming).toBe(${kind === 'stream'})
  })
`
    total++
  }
  if (added === '') continue
  // Before the completeness test, keeping the blank line above it.
  let at = test.indexOf("  it('every ")
  if (test.slice(at - 2, at) === '\n\n') at -= 1
  test = test.slice(0, at) + added + (test[at] === '\n' ? '' : '\n') + test.slice(at)
  for (const [from, names] of need) {
    const line = new RegExp(`import type \\{([^}]*)\\} from '${from.replace(/[.]/g, '\\.')}'\\n`)
    const have = line.exec(test)
    const all = [...names, ...(have?.[1].split(',').map((n) => n.trim()) ?? [])].filter((n) => n !== '')
    const merged = `import type { ${[...new Set(all)].sort().join(', ')} } from '${from}'\n`
    if (have !== null) test = test.replace(line, merged)
    else test = test.replace(/^(import .* from 'vitest'\n)/, `$1${merged}`)
  }
  writeFileSync(testPath, test)
  console.log(`${group}.test.ts: pinned ${added.match(/^ {2}it\(/gm).length}`)
}
console.log(`pinned ${total} new channel(s)`)
