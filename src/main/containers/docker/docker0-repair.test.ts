import { describe, expect, it } from 'vitest'
import { containerFixture, containerFixtureFiles } from '../../../../test/support/container-fixtures.js'
import { recogniseChainMissing } from './docker0-repair.js'

describe('recogniseChainMissing', () => {
  const files = containerFixtureFiles('docker', /no-chain/)
  it.each(files.filter((f) => !f.includes('firewalld')))('reads %s', (file) => {
    const found = recogniseChainMissing(containerFixture('docker', file))
    expect(found).toBeDefined()
    expect(found?.chain).toBe('DOCKER')
    expect(found?.command).toMatch(/^iptables --wait -t (nat|filter) -A DOCKER /)
  })

  it('reads the table of each wording', () => {
    expect(
      recogniseChainMissing(containerFixture('docker', 'error-docker-run-nat-dnat-no-chain-target-match.txt'))
        ?.table,
    ).toBe('nat')
    expect(
      recogniseChainMissing(
        containerFixture('docker', 'error-docker-run-filter-accept-no-chain-target-match.txt'),
      )?.table,
    ).toBe('filter')
  })

  it('does not see it in other errors', () => {
    expect(recogniseChainMissing('Bind for 0.0.0.0:80 failed: port is already allocated')).toBeUndefined()
    expect(
      recogniseChainMissing(
        containerFixture('docker', 'centos7-firewalld-log-docker-no-chain-and-virbr0-bad-rule.txt'),
      ),
    ).toBeUndefined()
  })
})
