import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fixturesDir } from './fixtures.js'

/** Docker and LXC captures: `test/fixtures/containers/<docker|docker-api|lxc>/`. */
export const containerFixturesDir: string = join(fixturesDir, 'containers')

/** The text of a container fixture; fails loudly when it is missing. */
export function containerFixture(folder: string, file: string): string {
  const path = join(containerFixturesDir, folder, file)
  if (!existsSync(path)) throw new Error(`Missing container fixture ${path}`)
  return readFileSync(path, 'utf8')
}

/** The fixture files of a folder whose names match, SOURCES.md excluded, sorted. */
export function containerFixtureFiles(folder: string, match: RegExp = /./): string[] {
  return readdirSync(join(containerFixturesDir, folder))
    .filter((name) => name !== 'SOURCES.md' && match.test(name))
    .sort()
}
