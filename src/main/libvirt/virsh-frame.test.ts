import { describe, expect, it } from 'vitest'
import { frameFor, inputFor, splitDisconnectNotices, unframeStdout } from './virsh-frame.js'
import { fitsOnLine, quoteVirshArg, virshLine, virshListArg } from './virsh-quote.js'

describe('quoting for virsh', () => {
  it('leaves safe words bare and single-quotes the rest', () => {
    expect(quoteVirshArg('dominfo')).toBe('dominfo')
    expect(quoteVirshArg('--domain')).toBe('--domain')
    expect(quoteVirshArg('a b')).toBe("'a b'")
    expect(quoteVirshArg("it's")).toBe("'it'\\''s'")
    expect(quoteVirshArg('')).toBe("''")
    expect(quoteVirshArg('#x')).toBe("'#x'")
    expect(quoteVirshArg('a;b')).toBe("'a;b'")
    expect(virshLine(['start', '--domain', 'x y'])).toBe("start --domain 'x y'")
  })

  it('refuses control characters on a line', () => {
    expect(fitsOnLine(['a\tb'])).toBe(false)
    expect(fitsOnLine(['a\nb'])).toBe(false)
    expect(fitsOnLine(['é日本🙂 $(x)'])).toBe(true)
  })

  it('doubles commas in list options', () => {
    expect(virshListArg(['/a,b', 'vda'])).toBe('/a,,b,vda')
  })
})

describe('framing', () => {
  const frame = frameFor([['dominfo', 'x']], 'abc', 7)

  it('puts a quoted marker on its own line so the echo differs from the output', () => {
    expect(inputFor(frame)).toBe("dominfo x\necho --err VDabc''_7;echo VDabc''_7\n")
    expect(frame.outMarker).toBe('VDabc_7')
    expect(frame.errMarker).toBe('error: VDabc_7\n')
  })

  it('cuts the readline echo away', () => {
    const segment = `virsh # dominfo x\nId: 1\nName: x\nvirsh # ${frame.markerLine}\n`
    expect(unframeStdout(segment, frame)).toEqual(['Id: 1\nName: x\n'])
  })

  it('handles output without a final line end and the "virsh >" prompt', () => {
    expect(unframeStdout(`virsh > dominfo x\nabcvirsh > ${frame.markerLine}\n`, frame)).toEqual(['abc'])
  })

  it('reads a virsh without readline (prompts, no echo)', () => {
    expect(unframeStdout('virsh # out\nvirsh # virsh # ', frame)).toEqual(['out\n'])
  })

  it('splits a batch at the echo of each command', () => {
    const batch = frameFor(
      [
        ['dominfo', 'a'],
        ['dominfo', 'b c'],
      ],
      'n',
      1,
    )
    const segment = `virsh # dominfo a\nA\nvirsh # dominfo 'b c'\nvirsh # ${batch.markerLine}\n`
    expect(unframeStdout(segment, batch)).toEqual(['A\n', ''])
  })

  it('says when the output is out of step', () => {
    expect(unframeStdout('garbage', frame)).toBeUndefined()
    expect(unframeStdout(`virsh # dominfo x\nno marker line`, frame)).toBeUndefined()
  })

  it('takes disconnect notices out of a command’s stderr', () => {
    const { stderr, notices } = splitDisconnectNotices(
      'error: Disconnected from qemu:///system due to end of file\nerror: real\n',
    )
    expect(stderr).toBe('error: real\n')
    expect(notices).toEqual(['Disconnected from qemu:///system due to end of file'])
  })
})
