import { describe, it, expect } from 'vitest'
import { diffLines, formatUnifiedDiff, toHunks } from './diff.js'
import type { DiffLine } from './diff.js'

const lines = (...texts: string[]): string => texts.map((t) => `${t}\n`).join('')

/** The two texts a diff was made from, rebuilt from it. */
function sides(diff: DiffLine[]): [string, string] {
  const side = (skip: DiffLine['type']): string =>
    diff
      .filter((line) => line.type !== skip)
      .map((line) => line.text + (line.noNewline ? '' : '\n'))
      .join('')
  return [side('add'), side('remove')]
}

/** Edit distance by dynamic programming (n + m - 2 * LCS), to check the diff is minimal. */
function editDistance(a: string[], b: string[]): number {
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0))
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const row = lcs[i] ?? []
      row[j] =
        a[i] === b[j] ? (lcs[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(lcs[i + 1]?.[j] ?? 0, row[j + 1] ?? 0)
    }
  }
  return a.length + b.length - 2 * (lcs[0]?.[0] ?? 0)
}

/** A small deterministic generator, so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff
    return state / 0x80000000
  }
}

describe('diffLines', () => {
  it('marks one changed line among unchanged ones', () => {
    expect(diffLines(lines('a', 'b', 'c'), lines('a', 'B', 'c'))).toEqual([
      { type: 'context', text: 'a' },
      { type: 'remove', text: 'b' },
      { type: 'add', text: 'B' },
      { type: 'context', text: 'c' },
    ])
  })

  it('handles empty sides and identical texts', () => {
    expect(diffLines('', '')).toEqual([])
    expect(diffLines('', lines('a'))).toEqual([{ type: 'add', text: 'a' }])
    expect(diffLines(lines('a'), '')).toEqual([{ type: 'remove', text: 'a' }])
    expect(diffLines(lines('a', 'b'), lines('a', 'b')).every((line) => line.type === 'context')).toBe(true)
  })

  it('treats a missing final line end as a change, like diff(1)', () => {
    expect(diffLines('a\nb', 'a\nb\n')).toEqual([
      { type: 'context', text: 'a' },
      { type: 'remove', text: 'b', noNewline: true },
      { type: 'add', text: 'b' },
    ])
  })

  it('gives a minimal diff that rebuilds both sides, on random inputs', () => {
    const next = random(42)
    for (let round = 0; round < 300; round++) {
      const pick = (): string[] =>
        Array.from({ length: Math.floor(next() * 25) }, () => 'abcdef'.charAt(Math.floor(next() * 6)))
      const a = pick()
      const b = pick()
      const diff = diffLines(lines(...a), lines(...b))
      expect(sides(diff)).toEqual([lines(...a), lines(...b)])
      expect(diff.filter((line) => line.type !== 'context')).toHaveLength(editDistance(a, b))
    }
  })

  it('is fast on 2,000-line files, changed a little and changed completely', () => {
    const before = Array.from(
      { length: 2000 },
      (_, i) => `    <disk type='file' device='disk' index='${i}'/>`,
    )
    const touched = before.map((line, i) => (i % 97 === 0 ? line.replace('disk', 'cdrom') : line))
    const rewritten = before.map((line) => `${line} <!-- rewritten -->`)
    for (const after of [touched, rewritten]) {
      const start = performance.now()
      const diff = diffLines(lines(...before), lines(...after))
      expect(performance.now() - start).toBeLessThan(500)
      expect(sides(diff)).toEqual([lines(...before), lines(...after)])
    }
  })

  it('stays correct (if not minimal) when every line moved', () => {
    const next = random(3)
    const before = Array.from({ length: 2000 }, (_, i) => `line ${i}`)
    const after = before
      .map((line) => ({ line, key: next() }))
      .sort((x, y) => x.key - y.key)
      .map(({ line }) => line)
    const diff = diffLines(lines(...before), lines(...after))
    expect(sides(diff)).toEqual([lines(...before), lines(...after)])
  })
})

describe('formatUnifiedDiff', () => {
  it('writes standard unified diff text (as diff -u does)', () => {
    const before = lines('1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12')
    const after = lines('1', '2', 'three', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13')
    expect(formatUnifiedDiff(diffLines(before, after), { fromFile: 'a/vm.xml', toFile: 'b/vm.xml' })).toBe(
      [
        '--- a/vm.xml',
        '+++ b/vm.xml',
        '@@ -1,6 +1,6 @@',
        ' 1',
        ' 2',
        '-3',
        '+three',
        ' 4',
        ' 5',
        ' 6',
        '@@ -10,3 +10,4 @@',
        ' 10',
        ' 11',
        ' 12',
        '+13',
        '',
      ].join('\n'),
    )
  })

  it('merges changes closer than twice the context into one hunk', () => {
    const before = lines('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h')
    const after = lines('A', 'b', 'c', 'd', 'e', 'f', 'g', 'H')
    expect(toHunks(diffLines(before, after))).toHaveLength(1)
    expect(toHunks(diffLines(before, after), 2)).toHaveLength(2)
    const apart = lines('a', 'b', 'c', 'd', 'e', 'f', 'g', 'x', 'h')
    expect(toHunks(diffLines(apart, lines('A', 'b', 'c', 'd', 'e', 'f', 'g', 'x', 'H')))).toHaveLength(2)
  })

  it('numbers empty ranges like diff -u and marks a missing line end', () => {
    expect(formatUnifiedDiff(diffLines('', lines('a', 'b')))).toBe('--- a\n+++ b\n@@ -0,0 +1,2 @@\n+a\n+b\n')
    expect(formatUnifiedDiff(diffLines(lines('x'), 'x'))).toBe(
      '--- a\n+++ b\n@@ -1 +1 @@\n-x\n+x\n\\ No newline at end of file\n',
    )
    expect(formatUnifiedDiff(diffLines(lines('a'), lines('a')))).toBe('')
  })
})
