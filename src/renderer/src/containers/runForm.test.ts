import { describe, expect, it } from 'vitest'
import { parseEnv, parsePorts, readRunForm, type RunFormValues } from './runForm'

const base: RunFormValues = {
  image: 'virtdeck-test/busybox:latest',
  name: '',
  keepAlive: true,
  command: '',
  ports: '',
  env: '',
  restart: 'no',
}

describe('Run container form', () => {
  it('reads ports, env and a command as data (no shell)', () => {
    expect(parsePorts('8080:80, 5353:53/udp\n90')).toEqual({
      ports: [
        { hostPort: 8080, containerPort: 80, protocol: 'tcp' },
        { hostPort: 5353, containerPort: 53, protocol: 'udp' },
        { hostPort: 0, containerPort: 90, protocol: 'tcp' },
      ],
    })
    expect(parseEnv('A=1\nB=x=$(id); `y`\n\nEMPTY=')).toEqual({
      env: [
        { name: 'A', value: '1' },
        { name: 'B', value: 'x=$(id); `y`' },
        { name: 'EMPTY', value: '' },
      ],
    })
    const read = readRunForm({ ...base, keepAlive: false, command: 'sh\n-c\necho "$(id)"; rm -rf /' })
    expect(read).toMatchObject({ spec: { command: ['sh', '-c', 'echo "$(id)"; rm -rf /'] } })
  })

  it('bad values get their own message at the field', () => {
    const read = readRunForm({
      ...base,
      image: 'busy box',
      name: '-bad name;',
      ports: '80:99999, abc',
      env: 'NOEQUALS',
      command: 'sleep',
    })
    expect('errors' in read && read.errors).toMatchObject({
      image: expect.stringContaining('no spaces'),
      name: expect.stringContaining('Letters, digits'),
      ports: expect.stringContaining('“80:99999”'),
      env: expect.stringContaining('Line 1'),
      command: expect.stringContaining('keep-alive'),
    })
    expect(readRunForm({ ...base, image: ' ' })).toMatchObject({
      errors: { image: expect.stringContaining('Choose') },
    })
    expect(parsePorts('0:0')).toHaveProperty('error')
  })
})
