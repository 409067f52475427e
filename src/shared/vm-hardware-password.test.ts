import { describe, expect, it } from 'vitest'
import { hwEditSchema, passwordProblem } from './vm-hardware.js'

const graphics = (type: string, password: string): unknown => ({
  kind: 'graphics',
  type,
  listen: '127.0.0.1',
  password,
})

function messages(input: unknown): string[] {
  const parsed = hwEditSchema.safeParse(input)
  return parsed.success ? [] : parsed.error.issues.map((i) => i.message)
}

describe('console passwords', () => {
  it('a VNC password has at most 8 characters (libvirt refuses longer ones); SPICE keeps 64', () => {
    expect(messages(graphics('vnc', '12345678'))).toEqual([])
    expect(messages(graphics('vnc', '123456789'))).toEqual([
      "A VNC console password has at most 8 characters (VNC's own limit; libvirt refuses longer ones).",
    ])
    expect(messages(graphics('spice', 'a'.repeat(40)))).toEqual([])
    expect(messages(graphics('spice', 'a'.repeat(65)))).toEqual([
      'A console password has at most 64 characters.',
    ])
  })

  it('the field check in the page says the same for the chosen type', () => {
    expect(passwordProblem('123456789', 'vnc')).toMatch(/at most 8 characters/)
    expect(passwordProblem('123456789', 'spice')).toBeUndefined()
    expect(passwordProblem('a\nb', 'vnc')).toBe('A console password may not contain control characters.')
  })
})
