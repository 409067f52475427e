import { describe, expect, it } from 'vitest'
import { containerFixture } from '../../../../test/support/container-fixtures.js'
import { checkForward, parseIptablesList, parseIptablesSave, parseNftRuleset } from './forward-check.js'

const fw = (file: string): string => containerFixture('firewall', file)

describe('FORWARD DROP vs libvirt: parsing', () => {
  it('reads this machine’s iptables-save (Docker 20.10 + libvirt 9, policy ACCEPT) and its nft twin alike', () => {
    const save = parseIptablesSave(fw('debian12-docker20.10-libvirt9-iptables-save-forward-accept.txt'))
    const nft = parseNftRuleset(fw('debian12-docker20.10-libvirt9-nft-list-ruleset-forward-accept.txt'))
    for (const ruleset of [save, nft]) {
      expect(ruleset.policy).toBe('ACCEPT')
      expect(ruleset.chains).toEqual(expect.arrayContaining(['FORWARD', 'DOCKER-USER', 'LIBVIRT_FWO']))
      expect(ruleset.rules.find((r) => r.chain === 'LIBVIRT_FWX')).toMatchObject({
        inInterface: 'virbr0',
        outInterface: 'virbr0',
      })
    }
    // `! -o docker0` is not "out to docker0".
    expect(save.rules.find((r) => r.text === '-i docker0 ! -o docker0 -j ACCEPT')).toMatchObject({
      inInterface: 'docker0',
    })
    expect(
      save.rules.find((r) => r.text === '-i docker0 ! -o docker0 -j ACCEPT')?.outInterface,
    ).toBeUndefined()
  })

  it('reads the policy of a pasted `iptables -L` (Alpine, Docker started before libvirt)', () => {
    const list = parseIptablesList(
      fw('../docker/alpine-docker-plus-libvirt-iptables-L-forward-drop-partial.txt'),
    )
    expect(list.policy).toBe('DROP')
    expect(list.chains).toEqual(['INPUT', 'FORWARD', 'OUTPUT', 'DOCKER'])
  })
})

describe('checkForward', () => {
  it('ok with policy ACCEPT (this machine)', () => {
    const save = parseIptablesSave(fw('debian12-docker20.10-libvirt9-iptables-save-forward-accept.txt'))
    expect(checkForward(save, ['virbr0'])).toMatchObject({ status: 'ok', policy: 'ACCEPT' })
  })

  it.each([
    ['iptables-save', parseIptablesSave, 'netns-docker-shape-libvirt-fwo-iptables-save-forward-drop.txt'],
    ['nft', parseNftRuleset, 'netns-docker-shape-libvirt-fwo-nft-list-ruleset-forward-drop.txt'],
  ] as const)(
    'conflict with DROP for virbr0 and a bridged br0 (%s), fix in DOCKER-USER only',
    (_n, parse, file) => {
      const check = checkForward(parse(fw(file)), ['virbr0', 'br0'])
      expect(check).toMatchObject({ status: 'conflict', policy: 'DROP', affected: ['br0', 'virbr0'] })
      expect(check.fix?.apply).toEqual([
        ['-I', 'DOCKER-USER', '-i', 'br0', '-j', 'ACCEPT'],
        [
          '-I',
          'DOCKER-USER',
          '-o',
          'br0',
          '-m',
          'conntrack',
          '--ctstate',
          'RELATED,ESTABLISHED',
          '-j',
          'ACCEPT',
        ],
        ['-I', 'DOCKER-USER', '-i', 'virbr0', '-j', 'ACCEPT'],
        [
          '-I',
          'DOCKER-USER',
          '-o',
          'virbr0',
          '-m',
          'conntrack',
          '--ctstate',
          'RELATED,ESTABLISHED',
          '-j',
          'ACCEPT',
        ],
      ])
      expect(check.fix?.undo[0]).toEqual(['-D', 'DOCKER-USER', '-i', 'br0', '-j', 'ACCEPT'])
      expect(check.fix?.alternatives[0]).toMatch(/Not recommended: iptables -P FORWARD ACCEPT/)
      expect(check.evidence.some((l) => l.includes('virbr0'))).toBe(true)
    },
  )

  it('not applicable without libvirt bridges', () => {
    const save = parseIptablesSave(fw('netns-docker-shape-libvirt-fwo-iptables-save-forward-drop.txt'))
    expect(checkForward(save, []).status).toBe('not-applicable')
  })
})
