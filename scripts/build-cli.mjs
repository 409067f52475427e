// Builds the `virtdeck` command: src/cli/index.ts and the app code it imports, bundled by esbuild into
// out/cli/index.js (ESM, Node 24); packages from node_modules stay external (better-sqlite3, ssh2, …).
// The app itself is a chunk of its own (out/cli/chunks/), loaded only by commands that use it, so
// `--help` starts without it.
// `npm run build` runs it; bin/virtdeck.mjs runs it too when the built file is missing or older than
// its sources, so a dev checkout never runs stale code. Imports nothing heavy until a build is needed.
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const CLI_ENTRY = 'src/cli/index.ts'
export const CLI_OUTFILE = 'out/cli/index.js'
const MANIFEST = 'out/cli/inputs.json'
const CHUNKS = 'out/cli/chunks'
/** Chunks of earlier builds are removed once no process started before could still load them. */
const OLD_CHUNK_MS = 10 * 60_000
/** Files besides the bundled sources whose change means a rebuild. */
const CONFIGS = ['scripts/build-cli.mjs', 'tsconfig.base.json', 'tsconfig.node.json', 'package.json']

/** Writes `text` to `path` by renaming a temp file, so a concurrent reader sees the old or the new file. */
function writeAtomically(path, text) {
  const temp = `${path}.${process.pid}.tmp`
  writeFileSync(temp, text)
  renameSync(temp, path)
}

/** Bundles the CLI into out/cli/; records its inputs (out/cli/inputs.json) for `cliIsStale`. */
export async function buildCli(root) {
  let esbuild
  try {
    esbuild = await import('esbuild')
  } catch {
    throw new Error(
      'The virtdeck command is not built (out/cli/index.js) and esbuild is not installed to build it. Run: npm install && npm run build',
    )
  }
  const startedAt = Date.now()
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [CLI_ENTRY],
    outdir: dirname(CLI_OUTFILE),
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    packages: 'external',
    tsconfig: 'tsconfig.node.json',
    metafile: true,
    write: false,
    logLevel: 'error',
  })
  mkdirSync(join(root, CHUNKS), { recursive: true })
  // Chunks first, the entry last: a process starting meanwhile finds every chunk its entry names.
  const isChunk = (file) => dirname(file.path) === join(root, CHUNKS)
  const outputs = [...result.outputFiles.filter(isChunk), ...result.outputFiles.filter((f) => !isChunk(f))]
  for (const file of outputs) writeAtomically(file.path, file.contents)
  const current = new Set(outputs.map((file) => file.path))
  for (const name of readdirSync(join(root, CHUNKS))) {
    const path = join(root, CHUNKS, name)
    const mtime = statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? startedAt
    if (!current.has(path) && mtime < startedAt - OLD_CHUNK_MS) rmSync(path, { force: true })
  }
  const inputs = [...Object.keys(result.metafile.inputs), ...CONFIGS]
  writeAtomically(join(root, MANIFEST), `${JSON.stringify({ startedAt, inputs }, null, 1)}\n`)
}

/** True when out/cli/index.js is missing or one of the files it was built from changed since. */
export function cliIsStale(root) {
  let manifest
  try {
    statSync(join(root, CLI_OUTFILE))
    manifest = JSON.parse(readFileSync(join(root, MANIFEST), 'utf8'))
  } catch {
    return true
  }
  for (const input of manifest.inputs) {
    try {
      if (statSync(join(root, input)).mtimeMs >= manifest.startedAt) return true
    } catch {
      return true
    }
  }
  return false
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
  const started = performance.now()
  await buildCli(root)
  process.stdout.write(`${CLI_OUTFILE} built in ${Math.round(performance.now() - started)} ms\n`)
}
