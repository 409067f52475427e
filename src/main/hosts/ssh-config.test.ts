import { describe, expect, it } from 'vitest'
import { parseSshConfig } from './ssh-config.js'

describe('parseSshConfig', () => {
  it('reads Host blocks, applies Host * defaults and skips patterns and Match blocks', () => {
    const text = [
      '# my machines',
      'Host *',
      '    User fallback',
      '    IdentityFile ~/.ssh/id_default',
      '',
      'Host nas nas.lan',
      '    HostName 192.168.1.20',
      '    Port 2222',
      '    User admin',
      'Host gpu-box',
      '  HostName=gpu.example.org',
      '  IdentityFile "~/.ssh/id gpu"',
      'Host *.internal !bastion.internal',
      '  ProxyJump bastion',
      'Match host foo exec "true"',
      '  User ignored',
    ].join('\n')
    expect(parseSshConfig(text, '/home/me')).toEqual([
      {
        alias: 'nas',
        hostname: '192.168.1.20',
        port: 2222,
        username: 'admin',
        identityFile: '/home/me/.ssh/id_default',
      },
      {
        alias: 'nas.lan',
        hostname: '192.168.1.20',
        port: 2222,
        username: 'admin',
        identityFile: '/home/me/.ssh/id_default',
      },
      {
        alias: 'gpu-box',
        hostname: 'gpu.example.org',
        port: 22,
        username: 'fallback',
        identityFile: '/home/me/.ssh/id gpu',
      },
    ])
  })

  it('returns nothing for an empty or comment-only file', () => {
    expect(parseSshConfig('\n# nothing\n', '/h')).toEqual([])
  })
})
