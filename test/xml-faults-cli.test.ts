/**
 * `virtdeck vm define FILE` (child process, test driver): a file with invalid UTF-8 is refused with
 * the place of the first bad byte, never decoded with U+FFFD and defined.
 */
import { mkdtempSync } from 'node:fs'
import { rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runVirtdeck } from './support/cli.js'

const dataDir = mkdtempSync(join(tmpdir(), 'virtdeck-xml-faults-'))

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true })
})

describe('vm define FILE with invalid UTF-8', () => {
  it('is refused with line, column and byte offset; nothing is defined', async () => {
    expect(
      (await runVirtdeck(['hosts', 'add', 'T', '--local', '--uri', 'test:///default'], dataDir)).code,
    ).toBe(0)
    const file = join(dataDir, 'test.xml')
    const head = "<domain type='test'>\n  <name>test</name>\n  <description>caf"
    await writeFile(
      file,
      Buffer.concat([Buffer.from(head), Buffer.from([0xe9]), Buffer.from('</description>\n</domain>\n')]),
    )
    const run = await runVirtdeck(['vm', 'define', 'test', file, '--host', 'T', '--yes'], dataDir)
    expect(run.code).not.toBe(0)
    expect(run.stderr).toContain(
      `${file} is not valid UTF-8: bytes 0xE9 0x3C 0x2F 0x64 at line 3, column 19 (byte offset 59)`,
    )
  })
})
