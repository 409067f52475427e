/** Fault 10 of issue 9: the New volume dialog disabled Create without saying why. */
import { describe, expect, it } from 'vitest'
import { volumeProblems } from './volumeDraft'

describe('what is wrong with a new volume, per field', () => {
  it('names the problem with the name', () => {
    expect(volumeProblems('', 20).name).toBe('Give the volume a name')
    expect(volumeProblems('../../etc/evil', 20).name).toBe(
      'A volume name cannot contain "/" or control characters',
    )
    expect(volumeProblems('..', 20).name).toBe('A volume name cannot be "." or ".."')
    expect(volumeProblems('data.qcow2', 20)).toEqual({})
  })

  it('names the problem with the size instead of changing it', () => {
    expect(volumeProblems('d', 0).size).toBe('Give a size above 0')
    expect(volumeProblems('d', 0.0005).size).toBe('At least 0.001 GiB (1 MiB)')
  })
})
