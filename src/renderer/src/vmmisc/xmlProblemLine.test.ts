import { describe, expect, it } from 'vitest'
import { problemLine } from './xmlProblemLine'

const XML = '<domain>\n  <name>x</name>\n  <vcpu>1</vcpux>\n  <bogus/>\n</domain>\n'

describe('problemLine', () => {
  it('reads libxml2, our parser, and schema errors naming an element', () => {
    expect(
      problemLine('(domain_definition):3: Opening and ending tag mismatch: vcpu line 3 and vcpux', XML),
    ).toBe(3)
    expect(problemLine('The XML is not well-formed at line 2, column 5: …', XML)).toBe(2)
    expect(problemLine('Element domain has extra content: bogus', XML)).toBe(4)
    expect(problemLine('something else', XML)).toBeUndefined()
    expect(problemLine('at line 99', XML)).toBeUndefined()
  })
})
