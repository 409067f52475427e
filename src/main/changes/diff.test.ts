import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { formatFileDiff } from './diff.js'
import { setKernelParam } from '../hostconf/grub/edit.js'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const grubDir = join(repoRoot, 'test', 'fixtures', 'hosts', 'grub')
const work = mkdtempSync(join(tmpdir(), 'virtdeck-diff-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

/** Applies our diff with GNU patch (a real process) and returns the patched text. */
function patchWith(before: string | null, diff: string): string {
  const original = join(work, 'original')
  const out = join(work, 'patched')
  writeFileSync(original, before ?? '')
  writeFileSync(join(work, 'change.diff'), diff)
  execFileSync('patch', ['--quiet', '--force', '-o', out, original, join(work, 'change.diff')])
  return readFileSync(out, 'utf8')
}

// GNU patch comes with the testbed (scripts/testbed.sh); on CI a missing one fails the run.
const hasPatch = existsSync('/usr/bin/patch') || process.env['CI'] === 'true'

describe('unified diff', () => {
  it('is empty when nothing changes', () => {
    expect(formatFileDiff('/etc/x', 'a\n', 'a\n')).toBe('')
  })

  it('labels the files like diff -u and keeps 3 lines of context', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\n'
    expect(formatFileDiff('/etc/x', before, before.replace('d', 'D'))).toBe(
      '--- a/etc/x\n+++ b/etc/x\n@@ -1,7 +1,7 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n',
    )
  })

  it('shows a new file against /dev/null', () => {
    expect(formatFileDiff('/etc/modprobe.d/n.conf', null, 'options kvm-intel nested=1\n')).toBe(
      '--- /dev/null\n+++ b/etc/modprobe.d/n.conf\n@@ -0,0 +1 @@\n+options kvm-intel nested=1\n',
    )
  })

  it('marks a missing final newline', () => {
    const diff = formatFileDiff('/etc/default/grub', 'A="1"', 'A="1"\nB="2"')
    expect(diff).toBe(
      '--- a/etc/default/grub\n+++ b/etc/default/grub\n@@ -1 +1,2 @@\n-A="1"\n\\ No newline at end of file\n+A="1"\n+B="2"\n\\ No newline at end of file\n',
    )
  })

  it('matches GNU diff -u on a one-line change in a real GRUB file', () => {
    const before = readFileSync(join(grubDir, 'elementary-amd-iommu-pt-etc-default-grub.txt'), 'utf8')
    const after = setKernelParam(before, 'kvm-amd.nested=1').text
    writeFileSync(join(work, 'a'), before)
    writeFileSync(join(work, 'b'), after)
    let gnu = ''
    try {
      execFileSync('diff', ['-u', join(work, 'a'), join(work, 'b')], { encoding: 'utf8' })
    } catch (error) {
      gnu = (error as { stdout: string }).stdout // diff exits 1 when files differ
    }
    const hunks = (text: string): string => text.split('\n').slice(2).join('\n')
    expect(hunks(formatFileDiff('/etc/default/grub', before, after))).toBe(hunks(gnu))
  })

  const cases: [string, string | null, string][] = [
    ...readdirSync(grubDir)
      .filter((f) => f.endsWith('.txt'))
      .map((f): [string, string | null, string] => {
        const before = readFileSync(join(grubDir, f), 'utf8')
        return [f, before, setKernelParam(before, 'kvm-intel.nested=1').text]
      }),
    ['new file', null, 'options kvm-amd nested=1\n'],
    ['newline added at the end', 'a\nb', 'a\nb\n'],
    ['newline removed at the end', 'a\nb\n', 'a\nb'],
    [
      'changes far apart',
      `${'x\n'.repeat(20)}a\n${'y\n'.repeat(20)}b\n`,
      `${'x\n'.repeat(20)}A\n${'y\n'.repeat(20)}B\n`,
    ],
    ['everything replaced', 'one\ntwo\n', 'three\n'],
  ]

  it.skipIf(!hasPatch).each(cases)('GNU patch applies it: %s', (_name, before, after) => {
    expect(patchWith(before, formatFileDiff('/etc/file', before, after))).toBe(after)
  })
})
