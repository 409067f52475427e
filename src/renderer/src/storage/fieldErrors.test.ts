import { describe, expect, it } from 'vitest'
import { poolSpecSchema } from '@shared/pool-create.js'
import { networkSpecSchema } from '@shared/network-create.js'
import { fieldErrors } from './fieldErrors'

describe('fieldErrors', () => {
  it('puts each message at its field, in the user’s words', () => {
    expect(fieldErrors(poolSpecSchema, { kind: 'dir', name: '', path: 'tmp' })).toEqual({
      name: 'Give the pool a name',
      path: 'The directory must be an absolute path, starting with "/"',
    })
    const net = fieldErrors(networkSpecSchema, {
      name: 'n',
      mode: 'nat',
      ipv4: { address: '10.0.0.1', prefix: 24, dhcp: { start: '10.0.1.5', end: '10.0.0.2' } },
    })
    expect(net['ipv4.dhcp.start']).toBe('The DHCP range must lie inside the network’s subnet')
    expect(net['ipv4.dhcp.end']).toBe('The DHCP range ends before it starts')
    expect(fieldErrors(poolSpecSchema, { kind: 'dir', name: 'ok', path: '/srv/ok' })).toEqual({})
  })
})
