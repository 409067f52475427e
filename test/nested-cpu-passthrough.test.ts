import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setCpuHostPassthrough } from '../src/main/nested/cpu-passthrough.js'

/**
 * The host-passthrough edit on every domain of libvirt's own test suite, checked by real libvirt:
 * `virsh -c test:///default define --validate` validates against the installed domain schema and
 * parses the result; `dumpxml` in the same process shows what libvirt kept.
 */

const run = promisify(execFile)
const repoRoot = fileURLToPath(new URL('..', import.meta.url))
const domainsDir = join(repoRoot, 'test', 'fixtures', 'libvirt-xml', 'domains')
let work = ''
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'virtdeck-cpu-'))
})
afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

describe('host-passthrough on libvirt test-suite domains, validated by libvirt', () => {
  it('every domain the installed libvirt accepts is still accepted after the edit, with the CPU as set', async () => {
    const files = (await readdir(domainsDir)).filter((f) => f.endsWith('.xml'))
    expect(files.length).toBeGreaterThan(50)
    // One virsh process (one in-process test driver) runs every check in turn; the machine is slow to start virsh.
    const commands: string[] = []
    for (const [index, file] of files.entries()) {
      const original = join(domainsDir, file)
      const edit = setCpuHostPassthrough(await readFile(original, 'utf8'))
      const edited = join(work, file)
      await writeFile(edited, edit.xml)
      const name = /<name>([^<]+)<\/name>/.exec(edit.xml)?.[1] ?? ''
      commands.push(
        `echo @@${index}`,
        `define --validate '${original}'`,
        `define --validate '${edited}'`,
        `dumpxml --inactive '${name}'`,
        `undefine '${name}'`,
      )
    }
    const { stdout, stderr } = await run('virsh', ['-c', 'test:///default', commands.join('; ')], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    })
    const sections = stdout.split(/^@@\d+\n/m).slice(1)
    expect(sections).toHaveLength(files.length)
    let checked = 0
    for (const [index, file] of files.entries()) {
      const section = sections[index] ?? ''
      // Some files come from newer libvirt than the one installed here; they say nothing about our edit.
      if (!section.includes(`defined from ${join(domainsDir, file)}`)) continue
      expect(
        section.includes(`defined from ${join(work, file)}`),
        `${file} no longer validates:\n${stderr}`,
      ).toBe(true)
      expect(section).toMatch(/<cpu mode='host-passthrough' check='none' migratable='on'/)
      checked++
    }
    expect(checked).toBeGreaterThan(30)
  }, 120_000)
})
