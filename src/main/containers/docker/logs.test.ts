import { describe, expect, it } from 'vitest'
import { LogDemuxer, matches } from './logs.js'

function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text, 'utf8')
  const header = Buffer.alloc(8)
  header[0] = stream
  header.writeUInt32BE(payload.length, 4)
  return Buffer.concat([header, payload])
}

describe('LogDemuxer', () => {
  it('splits stdout and stderr frames into lines', () => {
    const demux = new LogDemuxer(false)
    const lines = demux.push(Buffer.concat([frame(1, 'out 1\nout 2\n'), frame(2, 'err ☃\n')]))
    expect(lines).toEqual([
      { stream: 'stdout', text: 'out 1' },
      { stream: 'stdout', text: 'out 2' },
      { stream: 'stderr', text: 'err ☃' },
    ])
  })

  it('keeps a frame cut across chunks (even inside the header) and a line cut across frames', () => {
    const bytes = Buffer.concat([frame(1, 'hel'), frame(1, 'lo\n'), frame(2, 'tail without newline')])
    const demux = new LogDemuxer(false)
    const out = []
    for (let i = 0; i < bytes.length; i += 3) out.push(...demux.push(bytes.subarray(i, i + 3)))
    out.push(...demux.flush())
    expect(out).toEqual([
      { stream: 'stdout', text: 'hello' },
      { stream: 'stderr', text: 'tail without newline' },
    ])
  })

  it('reads a TTY container raw (no frames), dropping the CR of CRLF', () => {
    const demux = new LogDemuxer(true)
    expect(demux.push(Buffer.from('a\r\nb\n'))).toEqual([
      { stream: 'stdout', text: 'a' },
      { stream: 'stdout', text: 'b' },
    ])
  })

  it('searches case-insensitively', () => {
    expect(matches({ stream: 'stdout', text: 'Hello World' }, 'world')).toBe(true)
    expect(matches({ stream: 'stdout', text: 'Hello' }, 'x')).toBe(false)
    expect(matches({ stream: 'stdout', text: 'Hello' }, undefined)).toBe(true)
  })
})
