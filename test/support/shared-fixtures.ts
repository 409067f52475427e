import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root (the folder holding package.json), found from this file rather than the working directory. */
export const repoRoot: string = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

/**
 * The real-world host fixtures shared between projects: `shared/fixtures/hosts` beside the
 * repository (CI clones the repo with shared/ next to it), never an absolute path.
 */
export const hostFixturesDir: string = resolve(repoRoot, '..', 'shared', 'fixtures', 'hosts')

/** The text of `shared/fixtures/hosts/<folder>/<file>`; fails loudly when shared/ is not beside the repo. */
export function hostFixture(folder: string, file: string): string {
  const path = join(hostFixturesDir, folder, file)
  if (!existsSync(path)) {
    throw new Error(
      `Missing host fixture ${path}: shared/fixtures/hosts must sit beside the repository (${repoRoot})`,
    )
  }
  return readFileSync(path, 'utf8')
}

/** The fixture files of a folder (SOURCES.md excluded), sorted. */
export function hostFixtureFiles(folder: string): string[] {
  const dir = join(hostFixturesDir, folder)
  if (!existsSync(dir)) throw new Error(`Missing host fixture folder ${dir}`)
  return readdirSync(dir)
    .filter((name) => name !== 'SOURCES.md')
    .sort()
}
