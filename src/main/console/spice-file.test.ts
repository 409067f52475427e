import { describe, expect, it } from 'vitest'
import { spiceViewerFile } from './spice-file.js'

describe('.vv file for remote-viewer', () => {
  it('writes type, host, port, title and password, one line each', () => {
    expect(spiceViewerFile({ host: '127.0.0.1', port: 5901, title: 'web1', password: 's3cr$(x)' })).toBe(
      '[virt-viewer]\ntype=spice\nhost=127.0.0.1\nport=5901\ntitle=web1\npassword=s3cr$(x)\ndelete-this-file=1\nfullscreen=0\n',
    )
  })

  it('keeps a hostile title on its line (no injected keys) and refuses a password with a line break', () => {
    const file = spiceViewerFile({
      host: '127.0.0.1',
      port: 5901,
      title: "x\nhost=evil.example\r\n'q' é日本",
    })
    expect(file.split('\n').filter((l) => l.startsWith('host='))).toEqual(['host=127.0.0.1'])
    expect(file).toContain("title=x host=evil.example 'q' é日本\n")
    expect(() => spiceViewerFile({ host: 'h', port: 1, title: 't', password: 'a\nb' })).toThrow(/line break/)
  })
})
