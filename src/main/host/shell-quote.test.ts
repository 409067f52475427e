import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { hostileArgs, splitNul } from '../../../test/support/hostile-args.js'
import { commandLine, describeCommand, remoteCommandLine, shellQuote } from './shell-quote.js'

describe('shellQuote', () => {
  it('leaves plain words alone', () => {
    expect(shellQuote('virsh')).toBe('virsh')
    expect(shellQuote('--connect=qemu:///system')).toBe("'--connect=qemu:///system'")
    expect(shellQuote('/usr/bin/virsh')).toBe('/usr/bin/virsh')
    expect(shellQuote('domain-1.2_x@y%z+w,v:u')).toBe('domain-1.2_x@y%z+w,v:u')
  })

  it('quotes everything else in single quotes', () => {
    expect(shellQuote('')).toBe("''")
    expect(shellQuote('two words')).toBe("'two words'")
    expect(shellQuote('$HOME')).toBe("'$HOME'")
    expect(shellQuote('~')).toBe("'~'")
    expect(shellQuote('a=b')).toBe("'a=b'")
    expect(shellQuote('日本')).toBe("'日本'")
  })

  it('closes, escapes and reopens for an embedded quote', () => {
    expect(shellQuote("it's")).toBe("'it'\\''s'")
    expect(shellQuote("'")).toBe("''\\'''")
  })
})

describe('commandLine', () => {
  it('joins quoted words and prefixes env for variables', () => {
    expect(commandLine('virsh', ['-c', 'qemu:///system', 'list'])).toBe('virsh -c qemu:///system list')
    expect(commandLine('virsh', ['list'], { LANG: 'C', X: "a b'c" })).toBe(
      "env 'LANG=C' 'X=a b'\\''c' virsh list",
    )
  })

  it('rejects a bad variable name and an empty command', () => {
    expect(() => commandLine('ls', [], { 'A B': 'x' })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    )
    expect(() => commandLine('ls', [], { 'X;rm': 'x' })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    )
    expect(() => commandLine('', [])).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }))
  })

  it('survives a real sh and bash: every hostile argument arrives unchanged, nothing is executed', () => {
    const { args, pwnedPath } = hostileArgs(`quote-${process.pid}`)
    for (const shell of ['/bin/sh', '/bin/bash']) {
      const line = commandLine('printf', ['%s\\0', ...args], { VD_TEST: '$(touch ' + pwnedPath + ") 'x'" })
      const out = execFileSync(shell, ['-c', line], { encoding: 'utf8' })
      expect(splitNul(out)).toEqual(args)
      const env = execFileSync(
        shell,
        ['-c', commandLine('printenv', ['VD_TEST'], { VD_TEST: '$(touch ' + pwnedPath + ") 'x'" })],
        { encoding: 'utf8' },
      )
      expect(env).toBe(`$(touch ${pwnedPath}) 'x'\n`)
    }
    expect(existsSync(pwnedPath)).toBe(false)
    expect(existsSync('/tmp/redirected')).toBe(false)
  })

  it('describes a command briefly for messages', () => {
    expect(describeCommand('virsh', ['list', '--all'])).toBe('virsh list --all')
    expect(describeCommand('echo', ['x'.repeat(300)]).length).toBe(120)
  })

  it('sends the login shell one fixed line every shell reads alike, the command base64-encoded inside', () => {
    const { args } = hostileArgs('remote-line')
    const line = remoteCommandLine('printf', ['%s\\0', ...args], { VD_X: "\\'$(x)" })
    expect(line).toMatch(/^exec sh -c 'eval "\$\(echo [A-Za-z0-9+/=]+ \| base64 -d\)"'$/)
    for (const shell of ['/bin/sh', '/bin/bash', '/bin/dash']) {
      const out = execFileSync(shell, ['-c', line], { encoding: 'utf8' })
      expect(splitNul(out), shell).toEqual(args)
    }
  })
})
