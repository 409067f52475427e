import { describe, expect, it } from 'vitest'
import { rubyIdentifier, rubyString, rubyStringHash, rubyText } from './ruby.js'

describe('Ruby literals', () => {
  it('writes printable text single-quoted, escaping only backslash and quote', () => {
    expect(rubyString('plain')).toBe("'plain'")
    expect(rubyString(`#{x} it's \\`)).toBe(`'#{x} it\\'s \\\\'`)
    expect(rubyString('日本 🙂')).toBe("'日本 🙂'")
  })

  it('writes text with control characters double-quoted with # escaped', () => {
    expect(rubyString('a\n#{b}"\\')).toBe('"a\\n\\#{b}\\"\\\\"')
    expect(rubyString('\u0000\u001b\t\r\u2028')).toBe('"\\u{0}\\u{1b}\\t\\r\\u{2028}"')
  })

  it('writes hashes of strings', () => {
    expect(rubyStringHash({})).toBe('{}')
    expect(rubyStringHash({ "k'": 'v' })).toBe("{ 'k\\'' => 'v' }")
  })

  it('uses a single-quoted heredoc for scripts only when the body cannot end it early', () => {
    expect(rubyText('echo hi\n', 'SHELL')).toEqual({ head: "<<-'SHELL'", body: ['echo hi'], end: 'SHELL' })
    expect(rubyText('a\n  SHELL\n', 'SHELL')).toEqual({
      head: "<<-'SHELL2'",
      body: ['a', '  SHELL'],
      end: 'SHELL2',
    })
    expect(rubyText('no final newline\nx', 'SHELL').body).toEqual([])
    expect(rubyText('__END__\n', 'SHELL').head).toBe('"__END__\\n"')
    expect(rubyText('cr\r\n', 'SHELL').head).toBe('"cr\\r\\n"')
  })

  it('names block variables after machines when the name is an identifier', () => {
    expect(rubyIdentifier('web')).toBe('web')
    expect(rubyIdentifier('DB-Primary')).toBe('db_primary')
    expect(rubyIdentifier('end')).toBe('machine')
    expect(rubyIdentifier('日本')).toBe('machine')
    expect(rubyIdentifier('1st')).toBe('machine')
  })
})
