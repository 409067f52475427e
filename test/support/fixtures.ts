import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root (the folder holding package.json), found from this file rather than the working directory. */
export const repoRoot: string = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

/**
 * The real-world fixtures the tests read, copied into the repository (`test/fixtures/`) with their
 * SOURCES.md, so a clone passes its tests with nothing beside it.
 */
export const fixturesDir: string = resolve(repoRoot, 'test', 'fixtures')

/** Host captures: virt-host-validate, lscpu, GRUB files, IOMMU groups, lspci -nnk, … */
export const hostFixturesDir: string = join(fixturesDir, 'hosts')

/** The text of `test/fixtures/hosts/<folder>/<file>`; fails loudly when it is missing. */
export function hostFixture(folder: string, file: string): string {
  const path = join(hostFixturesDir, folder, file)
  if (!existsSync(path)) throw new Error(`Missing host fixture ${path}`)
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
