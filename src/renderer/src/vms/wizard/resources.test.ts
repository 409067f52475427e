/**
 * Faults 5 and 10 of issue 9: sizes in the New VM wizard. 99999999999 MiB passed the memory step
 * and failed at Review with developer text; 0.05 GiB became 0.0625 without a word; a VM bigger than
 * the host and a preallocated disk bigger than the pool's free space were accepted silently.
 */
import { describe, expect, it } from 'vitest'
import type { StoragePool } from '@shared/storage.js'
import { resourceWarnings } from './resources'
import { INITIAL_DRAFT, stepProblem } from './wizardDraft'

const GiB = 1024 ** 3
const pool: StoragePool = {
  hostId: 'h',
  name: 'default',
  uuid: 'u',
  active: true,
  persistent: true,
  autostart: true,
  type: 'dir',
  available: 228 * GiB,
} as StoragePool
const offer = { caps: undefined, pools: [pool], networks: [] }
const draft = { ...INITIAL_DRAFT, diskPool: 'default' }

describe('the resources step says what is wrong with a size, in the user’s words', () => {
  it('stops too much memory at the memory step', () => {
    expect(stepProblem(1, { ...draft, memoryMiB: 99_999_999_999 }, offer)).toBe(
      'At most 16777216 MiB (16 TiB) of memory',
    )
  })

  it('says a disk below 64 MiB is too small instead of changing it', () => {
    expect(stepProblem(1, { ...draft, diskSizeGiB: 0.05 }, offer)).toBe(
      'A new disk needs at least 0.0625 GiB (64 MiB)',
    )
  })

  it('says a negative vCPU count is not one', () => {
    expect(stepProblem(1, { ...draft, vcpus: -3 }, offer)).toBe('Give at least one vCPU')
    expect(stepProblem(1, { ...draft, vcpus: 2000 }, offer)).toBe('At most 1024 vCPUs')
  })
})

describe('warnings beyond the host and the pool (not blocking)', () => {
  it('warns about more memory than the host has', () => {
    const warnings = resourceWarnings(
      { ...draft, memoryMiB: 977 * 1024 },
      { hostMemoryBytes: 23 * GiB, pool },
    )
    expect(warnings.memory).toMatch(/more than this host has \(23 GiB\)/)
  })

  it('warns about a preallocated disk bigger than the pool’s free space', () => {
    const warnings = resourceWarnings(
      { ...draft, diskSizeGiB: 98 * 1024, preallocation: 'full' },
      { hostMemoryBytes: 23 * GiB, pool },
    )
    expect(warnings.disk).toMatch(/only 228 GiB free/)
    expect(resourceWarnings(draft, { hostMemoryBytes: 23 * GiB, pool })).toEqual({})
  })
})
