import { describe, it, expect } from 'vitest'
import { xmlEqual } from './equal.js'
import { parseXml } from './parse.js'
import { root, setAttr } from './node.js'

describe('xmlEqual', () => {
  it.each([
    ['quotes', `<d a='1'/>`, `<d a="1"/>`],
    ['self-closing or pair', `<d><x/></d>`, `<d><x></x></d>`],
    ['attribute order', `<d a='1' b='2'/>`, `<d b='2' a='1'/>`],
    ['indentation between elements', `<d>\n  <x/>\n  <y/>\n</d>\n`, `<d><x/><y/></d>`],
    ['escapes', `<d a='&apos;'>&lt;&#65;</d>`, `<d a="'">&lt;A</d>`],
    ['CDATA or escaped text', `<d><![CDATA[a<b]]></d>`, `<d>a&lt;b</d>`],
    ['the XML declaration', `<?xml version="1.0"?>\n<d/>`, `<d/>`],
    ['line ends', '<d>\r\n  <x/>\r\n</d>', '<d>\n  <x/>\n</d>'],
  ])('ignores %s', (_what, a, b) => {
    expect(xmlEqual(a, b)).toBe(true)
  })

  it.each([
    ['an attribute value', `<d a='1'/>`, `<d a='2'/>`],
    ['a missing attribute', `<d a='1'/>`, `<d/>`],
    ['an element name', `<d><x/></d>`, `<d><y/></d>`],
    ['element order', `<d><x/><y/></d>`, `<d><y/><x/></d>`],
    ['text', `<d><name>a</name></d>`, `<d><name>b</name></d>`],
    ['whitespace inside a leaf', `<d><name> a</name></d>`, `<d><name>a</name></d>`],
    ['an extra element', `<d><x/></d>`, `<d><x/><x/></d>`],
    ['a comment', `<d><!-- a --></d>`, `<d><!-- b --></d>`],
  ])('notices %s', (_what, a, b) => {
    expect(xmlEqual(a, b)).toBe(false)
  })

  it('can ignore comments', () => {
    expect(xmlEqual(`<d><!-- a --><x/></d>`, `<d><x/></d>`, { ignoreComments: true })).toBe(true)
    expect(xmlEqual(`<d><!-- a --><x/></d>`, `<d><x/></d>`)).toBe(false)
  })

  it('compares parsed documents, including ones edited in memory', () => {
    const a = parseXml(`<domain type='kvm'>\n  <name>vm</name>\n</domain>`)
    const b = parseXml(`<domain type="qemu"><name>vm</name></domain>`)
    expect(xmlEqual(a, b)).toBe(false)
    setAttr(root(b), 'type', 'kvm')
    expect(xmlEqual(a, b)).toBe(true)
  })
})
