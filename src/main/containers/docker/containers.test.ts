import { describe, expect, it } from 'vitest'
import { KEEP_ALIVE_COMMAND } from '@shared/containers.js'
import { createOptions } from './containers.js'

describe('createOptions', () => {
  it('maps ports, volumes, env and the restart policy to the Engine API body', () => {
    const body = createOptions({
      image: 'virtdeck-test/busybox:latest',
      name: 'web-1',
      command: ['sh', '-c', 'echo "$(id)"; rm -rf / ; `x`'],
      env: [{ name: 'A', value: 'quote \' " $(x) ; \n newline' }],
      ports: [
        { hostPort: 8080, containerPort: 80 },
        { hostPort: 0, containerPort: 53, protocol: 'udp' },
      ],
      volumes: [
        { source: '/srv/data', target: '/data', readOnly: true },
        { source: 'named', target: '/var/lib/x' },
      ],
      restart: 'unless-stopped',
    })
    expect(body.Cmd).toEqual(['sh', '-c', 'echo "$(id)"; rm -rf / ; `x`'])
    expect(body.Env).toEqual(['A=quote \' " $(x) ; \n newline'])
    expect(body.ExposedPorts).toEqual({ '80/tcp': {}, '53/udp': {} })
    expect(body.HostConfig?.PortBindings).toEqual({
      '80/tcp': [{ HostPort: '8080' }],
      '53/udp': [{ HostPort: '' }],
    })
    expect(body.HostConfig?.Mounts).toEqual([
      { Type: 'bind', Source: '/srv/data', Target: '/data', ReadOnly: true },
      { Type: 'volume', Source: 'named', Target: '/var/lib/x', ReadOnly: false },
    ])
    expect(body.HostConfig?.RestartPolicy).toEqual({ Name: 'unless-stopped' })
  })

  it('keep-alive replaces the command with tail -f /dev/null', () => {
    expect(createOptions({ image: 'x', command: ['true'], keepAlive: true }).Cmd).toEqual([
      ...KEEP_ALIVE_COMMAND,
    ])
  })

  it('refuses names Docker refuses and env names with =', () => {
    expect(() => createOptions({ image: 'x', name: 'a;b' })).toThrow()
    expect(() => createOptions({ image: 'x', name: '-x' })).toThrow()
    expect(() => createOptions({ image: 'x', env: [{ name: 'A=B', value: '' }] })).toThrow()
  })
})
