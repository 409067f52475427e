import { describe, expect, it } from 'vitest'
import { containerFixture } from '../../../../test/support/container-fixtures.js'
import { configLinks, configValue, readStartFailure, setConfigValue } from './config.js'

const lxc = (file: string): string => containerFixture('lxc', file)

describe('LXC config', () => {
  it('reads the link of Debian’s default.conf and sets virbr0 in place, byte-preserving the rest', () => {
    const text = lxc('debian12-lxc-5.0.2-etc-lxc-default.conf')
    expect(configValue(text, 'lxc.net.0.link')).toBe('lxcbr0')
    const fixed = setConfigValue(text, 'lxc.net.0.link', 'virbr0')
    expect(configValue(fixed, 'lxc.net.0.link')).toBe('virbr0')
    expect(fixed.replace('virbr0', 'lxcbr0')).toBe(text)
  })

  it('appends the key when missing, adding the final newline a file lacks', () => {
    expect(setConfigValue('lxc.net.0.type = veth', 'lxc.net.0.link', 'virbr0')).toBe(
      'lxc.net.0.type = veth\nlxc.net.0.link = virbr0\n',
    )
    expect(setConfigValue('', 'lxc.net.0.link', 'virbr0')).toBe('lxc.net.0.link = virbr0\n')
  })

  it('reads links of LXC 2 configs (lxc.network.link) and the RHEL virbr0 default', () => {
    expect(configLinks(lxc('lxc2-var-lib-lxc-c1-config-centos-download-i686-lxcbr0-memlimit.conf'))).toEqual([
      { index: 0, link: 'lxcbr0' },
    ])
    expect(configLinks(lxc('rhel-fedora-lxc-1.0.11-etc-lxc-default.conf-libvirt-virbr0.conf'))[0]?.link).toBe(
      'virbr0',
    )
  })
})

describe('readStartFailure', () => {
  it('recognises LXC 5’s "bridge interface doesn\'t exist" (captured on this machine) with the fix as data', () => {
    const failure = readStartFailure(
      lxc('debian12-lxc-5.0.2-lxc-start-logfile-lxcbr0-bridge-doesnt-exist.txt'),
      {
        configPath: '/var/lib/lxc/c1/config',
      },
    )
    expect(failure).toMatchObject({
      kind: 'missing-bridge',
      bridge: 'lxcbr0',
      fix: { path: '/var/lib/lxc/c1/config', key: 'lxc.net.0.link', value: 'virbr0' },
    })
    expect(failure.explanation).toMatch(/lxc-net/)
    expect(failure.logExcerpt.some((l) => l.includes("bridge interface doesn't exist"))).toBe(true)
  })

  it.each([
    'ubuntu1404-lxc-start-attach-veth-lxcbr0-no-such-device-indented.txt',
    'ubuntu1404-lxc-start-lxcbr0-no-such-device-full-ui-messages.txt',
  ])('recognises LXC 1.x’s "No such device" wording: %s', (file) => {
    expect(readStartFailure(lxc(file))).toMatchObject({ kind: 'missing-bridge', bridge: 'lxcbr0' })
  })

  it.each([
    'lxc3-go-lxc-start-log-ovs-attach-lxcbr0-operation-not-permitted.txt',
    'lxc1.0.6-lxc-start-veth-file-exists.txt',
  ])('does not call other failures a missing bridge: %s', (file) => {
    const failure = readStartFailure(lxc(file))
    expect(failure.kind).toBe('other')
    expect(failure.logExcerpt.length).toBeGreaterThan(0)
  })
})
