import { describe, expect, it } from 'vitest'
import { containerFixture } from '../../../../test/support/container-fixtures.js'
import { setDaemonJsonKey } from './daemon-json.js'
import { checkMtu, mtuFlag, readMtuSettings } from './mtu.js'

const docker = (file: string): string => containerFixture('docker', file)

describe('daemon.json edits keep the rest byte for byte', () => {
  it('replaces an existing mtu in place', () => {
    const text = docker('daemon-json-bip-mtu-1400-leading-space.json')
    expect(setDaemonJsonKey(text, 'mtu', 1450)).toBe(text.replace('1400', '1450'))
    const oneLine = docker('daemon-json-mtu-1450-one-line.json')
    expect(setDaemonJsonKey(oneLine, 'mtu', 1400)).toBe('{"mtu": 1400}\n')
  })

  it('adds mtu first, in the file’s own indentation, keeping a missing final newline and trailing spaces', () => {
    const text = docker('daemon-json-ip6tables-trailing-space-no-eol.json')
    const after = setDaemonJsonKey(text, 'mtu', 1400)
    expect(after).toBe(text.replace('{\n', '{\n  "mtu": 1400,\n'))
    expect(JSON.parse(after)).toMatchObject({ mtu: 1400, ipv6: true })
    const fcos = docker('fedora-coreos-daemon-json-runsc-runtimes-address-pools-no-eol.json')
    const edited = setDaemonJsonKey(fcos, 'mtu', 1400)
    expect(edited.replace('\n    "mtu": 1400,', '')).toBe(fcos)
    expect((JSON.parse(edited) as { runtimes: object }).runtimes).toEqual(
      (JSON.parse(fcos) as { runtimes: object }).runtimes,
    )
  })

  it('one-line files stay one line; an empty or missing file becomes a small object', () => {
    expect(setDaemonJsonKey(docker('daemon-json-iptables-false-one-line.json'), 'mtu', 1400)).toBe(
      '{ "mtu": 1400, "iptables": false }\n',
    )
    expect(setDaemonJsonKey('{}', 'mtu', 1400)).toBe('{"mtu": 1400}')
    expect(setDaemonJsonKey('', 'mtu', 1400)).toBe('{\n  "mtu": 1400\n}\n')
  })

  it('merges into default-network-opts without touching other drivers', () => {
    const text = docker('daemon-json-default-network-opts-overlay-mtu-one-line.json')
    const after = setDaemonJsonKey(text, 'default-network-opts', {
      overlay: { 'com.docker.network.driver.mtu': '1434' },
      bridge: { 'com.docker.network.driver.mtu': '1400' },
    })
    expect(JSON.parse(after)).toEqual({
      'default-network-opts': {
        overlay: { 'com.docker.network.driver.mtu': '1434' },
        bridge: { 'com.docker.network.driver.mtu': '1400' },
      },
    })
  })

  it('refuses a file Docker itself would refuse (the trailing-comma fragment)', () => {
    expect(() =>
      setDaemonJsonKey(
        docker('daemon-json-default-network-opts-bridge-mtu-fragment-trailing-comma.txt'),
        'mtu',
        1,
      ),
    ).toThrow(/not valid JSON/)
  })
})

describe('older MTU forms', () => {
  it.each([
    ['guide-etc-sysconfig-docker-options-selinux-journald-mtu-1400-line.txt', 1400],
    ['flannel-etc-sysconfig-docker-options-mtu-1472-only-line.txt', 1472],
  ])('reads OPTIONS in %s', (file, mtu) => {
    expect(readMtuSettings({ sysconfig: docker(file) })).toEqual([
      expect.objectContaining({ mtu, source: '/etc/sysconfig/docker' }),
    ])
  })

  it('ignores a sysconfig without --mtu, reads daemon.json and a unit’s ExecStart', () => {
    expect(readMtuSettings({ sysconfig: docker('rhel7-docker-package-etc-sysconfig-docker.txt') })).toEqual(
      [],
    )
    expect(readMtuSettings({ daemonJson: docker('daemon-json-mtu-1450-one-line.json') })).toEqual([
      { mtu: 1450, source: 'daemon.json' },
    ])
    expect(
      readMtuSettings({
        unit: '[Service]\n# ExecStart=/usr/bin/dockerd --mtu 9000\nExecStart=/usr/bin/dockerd -H fd:// --mtu=1380\n',
      }),
    ).toEqual([{ mtu: 1380, source: 'systemd unit', line: 'ExecStart=/usr/bin/dockerd -H fd:// --mtu=1380' }])
    expect(mtuFlag('--mtu-x 5')).toBeUndefined()
  })
})

describe('checkMtu', () => {
  const bridge = [{ name: 'bridge', mtu: 1500 }]
  it('too big over a 1400 link: daemon.json mtu on Docker 20.10; plus default-network-opts and validate on 24+', () => {
    const old = checkMtu({
      uplink: { device: 'wg0', mtu: 1400 },
      networks: bridge,
      daemonJson: null,
      dockerVersion: '20.10.24',
      settings: [],
    })
    expect(old.status).toBe('too-big')
    expect(JSON.parse(old.fix?.change.after ?? '')).toEqual({ mtu: 1400 })
    expect(old.fix?.validate).toBeUndefined()
    expect(old.fix?.alternative).toMatch(/--clamp-mss-to-pmtu/)
    const modern = checkMtu({
      uplink: { device: 'wg0', mtu: 1400 },
      networks: bridge,
      daemonJson: docker('daemon-json-iptables-false-one-line.json'),
      dockerVersion: '24.0.7',
      settings: [],
    })
    expect(JSON.parse(modern.fix?.change.after ?? '')).toEqual({
      mtu: 1400,
      iptables: false,
      'default-network-opts': { bridge: { 'com.docker.network.driver.mtu': '1400' } },
    })
    expect(modern.fix?.validate).toEqual([
      'dockerd',
      '--validate',
      '--config-file',
      '/etc/docker/daemon.json',
    ])
  })

  it('ok when the networks fit, unknown without a default route', () => {
    expect(
      checkMtu({
        uplink: { device: 'eth0', mtu: 1500 },
        networks: bridge,
        daemonJson: null,
        dockerVersion: '20.10',
        settings: [],
      }).status,
    ).toBe('ok')
    expect(
      checkMtu({ networks: bridge, daemonJson: null, dockerVersion: '20.10', settings: [] }).status,
    ).toBe('unknown')
  })
})
