import { existsSync, readFileSync } from 'node:fs'
import { mkdir, symlink, writeFile } from 'node:fs/promises'
import { dirname, join, posix } from 'node:path'
import { fixturesDir } from './fixtures.js'

/**
 * A CAPTURED /dev/input/by-id: the links of a real `ls -l /dev/input/by-id` listing
 * (test/fixtures/passthrough-input/, see its SOURCES.md) made under a root folder, each pointing
 * where the listing says (`../event3`), with the nodes they point to as empty files (a test cannot
 * make character devices).
 */

export const INPUT_FIXTURES = ['openrazer-2592-logitech-receiver-razer.txt', 'eruption-96-roccat-vulcan.txt']

export function inputFixture(file: string): string {
  const path = join(fixturesDir, 'passthrough-input', file)
  if (!existsSync(path)) throw new Error(`Missing input fixture ${path}`)
  return readFileSync(path, 'utf8')
}

/** The links of an `ls -l` listing: for every `l…` line, the name before ` -> ` and the target after it. */
export function listingLinks(listing: string): { name: string; target: string }[] {
  return listing.split('\n').flatMap((line) => {
    const arrow = line.indexOf(' -> ')
    if (!line.startsWith('l') || arrow === -1) return []
    const name = line.slice(0, arrow).split(/\s+/).at(-1) ?? ''
    return name === '' ? [] : [{ name, target: line.slice(arrow + 4).trim() }]
  })
}

/** Makes `<root>/dev/input/by-id/<name> -> <target>` for each link, and the targets as empty files. */
export async function writeInputTree(
  root: string,
  links: readonly { name: string; target: string }[],
): Promise<void> {
  const byId = join(root, 'dev/input/by-id')
  await mkdir(byId, { recursive: true })
  for (const link of links) {
    await symlink(link.target, join(byId, link.name))
    const node = posix.resolve('/dev/input/by-id', link.target)
    if (node.startsWith('/dev/input/')) {
      await mkdir(dirname(join(root, node)), { recursive: true })
      await writeFile(join(root, node), '')
    }
  }
}
