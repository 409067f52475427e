/**
 * Line diff for previewing a change to a domain's XML: Myers' O(ND) algorithm in its linear-space
 * form (divide at the middle snake), so a 2,000-line file rewritten end to end stays fast and small.
 */

export interface DiffLine {
  type: 'context' | 'add' | 'remove'
  /** The line without its line end. */
  text: string
  /** Set on a last line that has no line end. */
  noNewline?: true
}

export interface DiffHunk {
  /** 1-based first line in `before`; for an empty range, the line after which it sits. */
  oldStart: number
  oldLines: number
  newStart: number
  newLines: number
  lines: DiffLine[]
}

export interface UnifiedDiffOptions {
  /** Label after `---`. Default 'a'. */
  fromFile?: string
  /** Label after `+++`. Default 'b'. */
  toFile?: string
  /** Unchanged lines shown around each change. Default 3. */
  context?: number
}

interface Lines {
  texts: string[]
  /** Whether the last line ends without a line end. */
  open: boolean
}

function splitLines(text: string): Lines {
  if (text.length === 0) return { texts: [], open: false }
  const texts = text.split('\n')
  if (texts[texts.length - 1] === '') {
    texts.pop()
    return { texts, open: false }
  }
  return { texts, open: true }
}

/** Every line of `before` and `after` in order, marked kept, added or removed. */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = splitLines(before)
  const b = splitLines(after)
  // Lines become numbers so the inner loops compare integers; the last line's missing
  // line end is part of its identity, as in diff(1).
  const ids = new Map<string, number>()
  const idOf = (lines: Lines, i: number): number => {
    const key = (lines.texts[i] ?? '') + (lines.open && i === lines.texts.length - 1 ? '' : '\n')
    let id = ids.get(key)
    if (id === undefined) ids.set(key, (id = ids.size))
    return id
  }
  const ax = Int32Array.from(a.texts, (_, i) => idOf(a, i))
  const bx = Int32Array.from(b.texts, (_, i) => idOf(b, i))
  const { removed, added } = markChanges(ax, bx, ids.size)

  const out: DiffLine[] = []
  const push = (type: DiffLine['type'], lines: Lines, i: number): void => {
    const line: DiffLine = { type, text: lines.texts[i] ?? '' }
    if (lines.open && i === lines.texts.length - 1) line.noNewline = true
    out.push(line)
  }
  let i = 0
  let j = 0
  while (i < ax.length || j < bx.length) {
    if (i < ax.length && removed[i] === 1) push('remove', a, i++)
    else if (j < bx.length && added[j] === 1) push('add', b, j++)
    else {
      push('context', b, j++)
      i++
    }
  }
  return out
}

/**
 * Which lines a shortest edit script removes from `a` and adds from `b`. A line found on one side
 * only is a change for certain and cannot be in the longest common subsequence, so it is marked
 * up front and left out of the search: a rewritten file then costs nothing to diff.
 */
function markChanges(
  a: Int32Array,
  b: Int32Array,
  idCount: number,
): { removed: Uint8Array; added: Uint8Array } {
  const inA = new Uint8Array(idCount)
  const inB = new Uint8Array(idCount)
  for (const id of a) inA[id] = 1
  for (const id of b) inB[id] = 1
  const removed = new Uint8Array(a.length)
  const added = new Uint8Array(b.length)
  const keptA = shared(a, inB, removed)
  const keptB = shared(b, inA, added)
  const subA = Int32Array.from(keptA, (i) => a[i] ?? 0)
  const subB = Int32Array.from(keptB, (i) => b[i] ?? 0)
  const subRemoved = new Uint8Array(subA.length)
  const subAdded = new Uint8Array(subB.length)
  new Myers(subA, subB, subRemoved, subAdded).compare(0, subA.length, 0, subB.length)
  keptA.forEach((i, k) => {
    if (subRemoved[k] === 1) removed[i] = 1
  })
  keptB.forEach((j, k) => {
    if (subAdded[k] === 1) added[j] = 1
  })
  return { removed, added }
}

/** Indices of the lines whose id the other side has; the others are marked as changed. */
function shared(lines: Int32Array, other: Uint8Array, changed: Uint8Array): number[] {
  const kept: number[] = []
  lines.forEach((id, i) => {
    if (other[id] === 1) kept.push(i)
    else changed[i] = 1
  })
  return kept
}

class Myers {
  private readonly forward: Int32Array
  private readonly backward: Int32Array
  private readonly offset: number
  /**
   * Diagonals left to explore. Real edits need a tiny fraction; a wholesale reshuffle of a huge file
   * would need billions, so past this the diff stays correct but stops being minimal.
   */
  private budget = 8_000_000

  constructor(
    private readonly a: Int32Array,
    private readonly b: Int32Array,
    private readonly removed: Uint8Array,
    private readonly added: Uint8Array,
  ) {
    const max = Math.ceil((a.length + b.length) / 2) + 1
    this.offset = max + 1
    this.forward = new Int32Array(2 * max + 3)
    this.backward = new Int32Array(2 * max + 3)
  }

  /** Marks the lines of a[aLo, aHi) and b[bLo, bHi) that a shortest edit script removes and adds. */
  compare(aLo: number, aHi: number, bLo: number, bHi: number): void {
    const { a, b } = this
    while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) {
      aLo++
      bLo++
    }
    while (aLo < aHi && bLo < bHi && a[aHi - 1] === b[bHi - 1]) {
      aHi--
      bHi--
    }
    if (aLo === aHi) {
      this.added.fill(1, bLo, bHi)
    } else if (bLo === bHi) {
      this.removed.fill(1, aLo, aHi)
    } else {
      // Both sides differ at both ends, so the edit distance D is at least 2 and each half
      // around the middle snake costs less than D: the recursion ends, about log2(D) deep.
      const snake = this.middleSnake(aLo, aHi, bLo, bHi)
      if (snake === undefined) {
        // Over budget (lines shuffled wholesale): show the rest of this region as replaced.
        this.removed.fill(1, aLo, aHi)
        this.added.fill(1, bLo, bHi)
        return
      }
      const [x0, y0, x1, y1] = snake
      this.compare(aLo, x0, bLo, y0)
      this.compare(x1, aHi, y1, bHi)
    }
  }

  /** The snake [x0, y0] → [x1, y1] in the middle of a shortest edit path (Myers 1986, section 4b). */
  private middleSnake(
    aLo: number,
    aHi: number,
    bLo: number,
    bHi: number,
  ): [number, number, number, number] | undefined {
    const { a, b, forward: vf, backward: vb, offset: o } = this
    const n = aHi - aLo
    const m = bHi - bLo
    const delta = n - m
    const odd = (delta & 1) === 1
    vf[o + 1] = 0
    vb[o + 1] = 0
    for (let d = 0; d <= Math.ceil((n + m) / 2); d++) {
      this.budget -= 2 * d + 1
      if (this.budget < 0) return undefined
      for (let k = -d; k <= d; k += 2) {
        let x = k === -d || (k !== d && vf[o + k - 1]! < vf[o + k + 1]!) ? vf[o + k + 1]! : vf[o + k - 1]! + 1
        let y = x - k
        const x0 = x
        const y0 = y
        while (x < n && y < m && a[aLo + x] === b[bLo + y]) {
          x++
          y++
        }
        vf[o + k] = x
        const kb = delta - k
        if (odd && kb >= -(d - 1) && kb <= d - 1 && x + vb[o + kb]! >= n) {
          return [aLo + x0, bLo + y0, aLo + x, bLo + y]
        }
      }
      for (let k = -d; k <= d; k += 2) {
        let x = k === -d || (k !== d && vb[o + k - 1]! < vb[o + k + 1]!) ? vb[o + k + 1]! : vb[o + k - 1]! + 1
        let y = x - k
        const x0 = x
        const y0 = y
        while (x < n && y < m && a[aHi - 1 - x] === b[bHi - 1 - y]) {
          x++
          y++
        }
        vb[o + k] = x
        const kf = delta - k
        if (!odd && kf >= -d && kf <= d && x + vf[o + kf]! >= n) {
          return [aHi - x, bHi - y, aHi - x0, bHi - y0]
        }
      }
    }
    throw new Error('diff: no middle snake (unreachable)')
  }
}

/** Groups a diff into hunks with `context` unchanged lines around each change. */
export function toHunks(lines: DiffLine[], context = 3): DiffHunk[] {
  const hunks: DiffHunk[] = []
  const changes: number[] = []
  lines.forEach((line, i) => {
    if (line.type !== 'context') changes.push(i)
  })
  // Line numbers before each diff line, so a hunk's start is one lookup.
  const oldNo = new Int32Array(lines.length + 1)
  const newNo = new Int32Array(lines.length + 1)
  lines.forEach((line, i) => {
    oldNo[i + 1] = oldNo[i]! + (line.type === 'add' ? 0 : 1)
    newNo[i + 1] = newNo[i]! + (line.type === 'remove' ? 0 : 1)
  })
  let c = 0
  while (c < changes.length) {
    const start = Math.max(0, changes[c]! - context)
    let last = changes[c]!
    // Like diff -u: changes with at most 2 * context unchanged lines between them share a hunk.
    while (c + 1 < changes.length && changes[c + 1]! - last - 1 <= 2 * context) last = changes[++c]!
    c++
    const end = Math.min(lines.length, last + context + 1)
    const oldLines = oldNo[end]! - oldNo[start]!
    const newLines = newNo[end]! - newNo[start]!
    hunks.push({
      oldStart: oldLines === 0 ? oldNo[start]! : oldNo[start]! + 1,
      oldLines,
      newStart: newLines === 0 ? newNo[start]! : newNo[start]! + 1,
      newLines,
      lines: lines.slice(start, end),
    })
  }
  return hunks
}

function range(start: number, count: number): string {
  return count === 1 ? `${start}` : `${start},${count}`
}

/** Standard unified diff text (`--- a`, `+++ b`, `@@ -1,3 +1,3 @@`); empty when nothing changed. */
export function formatUnifiedDiff(lines: DiffLine[], options: UnifiedDiffOptions = {}): string {
  const hunks = toHunks(lines, options.context ?? 3)
  if (hunks.length === 0) return ''
  const out = [`--- ${options.fromFile ?? 'a'}`, `+++ ${options.toFile ?? 'b'}`]
  for (const hunk of hunks) {
    out.push(`@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @@`)
    for (const line of hunk.lines) {
      out.push((line.type === 'add' ? '+' : line.type === 'remove' ? '-' : ' ') + line.text)
      if (line.noNewline) out.push('\\ No newline at end of file')
    }
  }
  return `${out.join('\n')}\n`
}
