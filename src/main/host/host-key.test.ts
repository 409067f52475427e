import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { fingerprintOf, formatAddress, hostKeyInfo, keyTypeOf } from './host-key.js'

const dir = mkdtempSync(join(tmpdir(), 'virtdeck-hostkey-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('host key fingerprints', () => {
  it.each([
    ['ed25519', [], 'ssh-ed25519'],
    ['ecdsa', ['-b', '256'], 'ecdsa-sha2-nistp256'],
    ['ecdsa', ['-b', '384'], 'ecdsa-sha2-nistp384'],
    ['rsa', ['-b', '2048'], 'ssh-rsa'],
  ])('matches ssh-keygen -lf for a generated %s key (%s)', (type, extra, expectedType) => {
    const path = join(dir, `${type}-${extra.join('')}`)
    execFileSync('ssh-keygen', ['-q', '-t', type, ...extra, '-N', '', '-f', path])
    const [, base64] = readFileSync(`${path}.pub`, 'utf8').split(' ')
    const blob = Buffer.from(base64 ?? '', 'base64')
    const printed = execFileSync('ssh-keygen', ['-lf', `${path}.pub`], { encoding: 'utf8' })
    const expected = /(SHA256:\S+)/.exec(printed)?.[1]
    expect(expected).toBeDefined()
    expect(fingerprintOf(blob)).toBe(expected)
    expect(keyTypeOf(blob)).toBe(expectedType)
    expect(hostKeyInfo('h:22', blob)).toEqual({
      address: 'h:22',
      keyType: expectedType,
      fingerprint: expected,
    })
  })

  it('does not trip over a malformed blob', () => {
    expect(keyTypeOf(Buffer.alloc(0))).toBe('unknown')
    expect(keyTypeOf(Buffer.from([0, 0, 1, 0, 65]))).toBe('unknown')
    expect(fingerprintOf(Buffer.alloc(0))).toBe('SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU')
  })
})

describe('formatAddress', () => {
  it('writes host:port, and brackets IPv6', () => {
    expect(formatAddress('server1', 22)).toBe('server1:22')
    expect(formatAddress('192.168.1.4', 2222)).toBe('192.168.1.4:2222')
    expect(formatAddress('::1', 22)).toBe('[::1]:22')
    expect(formatAddress('[fe80::1]', 22)).toBe('[fe80::1]:22')
  })
})
