import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it, expect } from 'vitest'
import { AppError } from '@shared/errors.js'
import { buildXml, parseXml, MAX_XML_BYTES } from './parse.js'
import { attr, find, root, setAttr, setText, text } from './node.js'
import { xmlEqual } from './equal.js'
import type { XmlDocument } from './types.js'

// libvirt's own test XML, copied into the repository with its SOURCES.md (LGPL-2.1+).
const FIXTURES = path.resolve(import.meta.dirname, '../../../../test/fixtures/libvirt-xml')
const fixtureFiles = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.xml'))
  .sort()

function refusal(action: () => unknown): AppError {
  try {
    action()
  } catch (error) {
    expect(error).toBeInstanceOf(AppError)
    return error as AppError
  }
  throw new Error('expected the input to be refused')
}

function timed<T>(action: () => T): { result: T; ms: number } {
  const start = performance.now()
  const result = action()
  return { result, ms: performance.now() - start }
}

describe('libvirt fixtures (real XML from libvirt test suite) round-trip', () => {
  it('finds the fixtures beside the repo', () => {
    // Everything there except SOURCES.md (provenance notes) is XML.
    expect(fixtureFiles.length).toBeGreaterThanOrEqual(90)
  })

  it.each(fixtureFiles)(
    '%s: parse → build is byte-identical and parse → build → parse gives the same tree',
    (file) => {
      const original = readFileSync(path.join(FIXTURES, file), 'utf8')
      const doc = parseXml(original)
      const built = buildXml(doc)
      expect(built).toBe(original)
      expect(parseXml(built)).toEqual(doc)
      expect(xmlEqual(original, built)).toBe(true)
    },
  )
})

describe('lossless details', () => {
  const tricky = [
    `<?xml version="1.0" encoding="UTF-8"?>\n<!-- top -->\n<domain type="kvm">\n  <a   x = 'y'\n     z="w" />\n  <b></b >\n  <c/>\n</domain>\n`,
    `<domain><name>it's "quoted" &gt; &#60; &#x3C; a>b</name><x v="it's" w='say "hi"'/></domain>`,
    "<domain type='kvm'>\r\n  <name>crlf</name>\r\n</domain>\r\n",
    '\uFEFF<domain/>\n',
    '<domain>\n  <qemu:commandline xmlns:qemu="http://libvirt.org/schemas/domain/qemu/1.0"/>\n</domain>',
    '<domain><?virtdeck keep this?><description><![CDATA[a <b> & c]]></description></domain>\n\n',
    '<domain><toString hasOwnProperty="1" valueOf="2"/></domain>',
  ]
  it.each(tricky)('builds %j back byte for byte', (source) => {
    const doc = parseXml(source)
    expect(buildXml(doc)).toBe(source)
    expect(parseXml(buildXml(doc))).toEqual(doc)
  })

  it('gives a file mixing line ends back with the line end most of its lines use', () => {
    const mixed = '<domain>\r\n  <name>a</name>\r\n  <uuid>b</uuid>\n</domain>\r\n'
    expect(buildXml(parseXml(mixed))).toBe(mixed.replace(/\r?\n/g, '\r\n'))
    const mostlyLf = '<domain>\n  <name>a</name>\r\n  <uuid>b</uuid>\n</domain>\n'
    expect(buildXml(parseXml(mostlyLf))).toBe(mostlyLf.replace(/\r\n/g, '\n'))
  })

  it('keeps the XML declaration, comments and CDATA as nodes', () => {
    const doc = parseXml(
      `<?xml version='1.0'?>\n<!-- made by hand -->\n<domain><!-- inner --><description><![CDATA[<raw> & ]]>tail</description></domain>`,
    )
    expect(doc.children[0]).toEqual({ type: 'instruction', target: 'xml', data: " version='1.0'" })
    expect(doc.children).toContainEqual({ type: 'comment', value: ' made by hand ' })
    const domain = root(doc)
    expect(domain.children[0]).toEqual({ type: 'comment', value: ' inner ' })
    const description = find(domain, 'description')
    expect(description?.children[0]).toEqual({ type: 'cdata', value: '<raw> & ' })
    expect(description === undefined ? undefined : text(description)).toBe('<raw> & tail')
  })

  it('keeps whitespace-only text between elements', () => {
    const doc = parseXml('<a>\n  <b/>\n</a>')
    expect(root(doc).children).toEqual([
      { type: 'text', value: '\n  ' },
      expect.objectContaining({ name: 'b' }),
      { type: 'text', value: '\n' },
    ])
  })

  it('does not coerce values: numbers, booleans and leading zeros stay strings', () => {
    const doc = parseXml("<a n='007' b='true'><x>0x1F</x><y>1e3</y><z> 42 </z></a>")
    const a = root(doc)
    expect(attr(a, 'n')).toBe('007')
    expect(attr(a, 'b')).toBe('true')
    expect(text(find(a, 'x') ?? a)).toBe('0x1F')
    expect(text(find(a, 'y') ?? a)).toBe('1e3')
    expect(text(find(a, 'z') ?? a)).toBe(' 42 ')
  })
})

describe('entities', () => {
  it('decodes the five XML entities and numeric references on parse', () => {
    const doc = parseXml(`<a b='&lt;&gt;&amp;&quot;&apos; &#65;&#x42;'>&lt;x&gt; &amp; &#169; &#x1F680;</a>`)
    expect(attr(root(doc), 'b')).toBe(`<>&"' AB`)
    expect(text(root(doc))).toBe('<x> & © 🚀')
    expect(text(root(parseXml('<a>&#0000065;&#x0042;</a>')))).toBe('AB')
  })

  const awkward = [
    `a<b`,
    `a>b`,
    `fish & chips`,
    `say "hi"`,
    `it's`,
    `all <>&"' at once`,
    'Zürich ✓ 🚀 日本',
    'tab\tnew\nline',
  ]
  it.each(awkward)('an attribute value %j round-trips and reads back decoded', (value) => {
    const doc = parseXml("<domain><name>x</name><disk file='plain'/></domain>")
    const disk = find(root(doc), 'disk')
    if (disk === undefined) throw new Error('no disk')
    setAttr(disk, 'file', value)
    const built = buildXml(doc)
    const written = /file='([^']*)'/.exec(built)?.[1]
    expect(written).toMatch(/^(?:[^<>&"']|&(?:lt|gt|amp|quot|apos|#\d+);)*$/)
    const again = parseXml(built)
    expect(attr(find(root(again), 'disk') ?? root(again), 'file')).toBe(value)
    expect(buildXml(again)).toBe(built)
  })

  it.each(awkward)('a text value %j round-trips and reads back decoded', (value) => {
    const doc = parseXml('<domain><description>old</description></domain>')
    const description = find(root(doc), 'description')
    if (description === undefined) throw new Error('no description')
    setText(description, value)
    const built = buildXml(doc)
    const again = parseXml(built)
    expect(text(find(root(again), 'description') ?? root(again))).toBe(value)
  })

  it('writes new values the way libvirt does (single quotes, five escapes)', () => {
    const doc = parseXml('<domain><name>a</name></domain>')
    const name = find(root(doc), 'name')
    if (name === undefined) throw new Error('no name')
    setText(name, `Tom's <"VM"> & co`)
    setAttr(root(doc), 'type', `k'v"m`)
    expect(buildXml(doc)).toBe(
      `<domain type='k&apos;v&quot;m'><name>Tom&apos;s &lt;&quot;VM&quot;&gt; &amp; co</name></domain>`,
    )
  })

  it('refuses a value XML cannot carry when building', () => {
    const doc = parseXml('<domain/>')
    setAttr(root(doc), 'x', 'bell\u0007')
    expect(refusal(() => buildXml(doc)).code).toBe('INVALID_INPUT')
  })
})

describe('hostile and broken input', () => {
  const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<lolz>&lol9;</lolz>`

  it('refuses a billion-laughs DOCTYPE quickly, without expanding it', () => {
    const { result: error, ms } = timed(() => refusal(() => parseXml(billionLaughs)))
    expect(error.code).toBe('INVALID_INPUT')
    expect(error.message).toMatch(/<!DOCTYPE declaration.*line 2, column 1/)
    expect(error.detail).toMatch(/Remove the declaration/)
    expect(ms).toBeLessThan(50)
  })

  it('refuses an external entity', () => {
    const xxe =
      '<?xml version="1.0"?>\n<!DOCTYPE domain [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<domain>&xxe;</domain>'
    expect(refusal(() => parseXml(xxe)).message).toMatch(/DOCTYPE/)
  })

  it('refuses an ENTITY declaration outside a DOCTYPE and an undefined entity reference', () => {
    expect(refusal(() => parseXml('<domain/>\n<!ENTITY x "y">')).message).toMatch(/<!ENTITY declaration/)
    const undefinedEntity = refusal(() => parseXml('<domain>\n  <name>&nbsp;x</name>\n</domain>'))
    expect(undefinedEntity.message).toMatch(/&nbsp; is not defined.*line 2, column 9/)
    expect(refusal(() => parseXml("<domain a='&#0;'/>")).message).toMatch(/&#0;/)
    expect(refusal(() => parseXml('<domain>fish & chips</domain>')).message).toMatch(/bare '&'/)
    // Names of Object.prototype are not entities either.
    expect(refusal(() => parseXml('<domain>&constructor;</domain>')).message).toMatch(
      /&constructor; is not defined/,
    )
    expect(refusal(() => parseXml('<domain><__proto__/></domain>')).code).toBe('INVALID_INPUT')
  })

  it('refuses 50 MB of input fast and says the limit', () => {
    const huge = `<domain>${'x'.repeat(50 * 1024 * 1024)}</domain>`
    const { result: error, ms } = timed(() => refusal(() => parseXml(huge)))
    expect(error.message).toMatch(/50\.0 MiB; VirtDeck reads at most 10 MiB/)
    expect(ms).toBeLessThan(50)
  })

  it('counts bytes, not characters, against the 10 MiB limit', () => {
    const accented = `<domain>${'é'.repeat(MAX_XML_BYTES / 2 + 16)}</domain>`
    expect(accented.length).toBeLessThan(MAX_XML_BYTES)
    expect(refusal(() => parseXml(accented)).message).toMatch(/at most 10 MiB/)
  })

  it('refuses 100,000 levels of nesting with a clear error and no stack overflow', () => {
    const deep = '<a>'.repeat(100_000) + '</a>'.repeat(100_000)
    const { result: error, ms } = timed(() => refusal(() => parseXml(deep)))
    expect(error.message).toMatch(/deeper than 200 levels \(line 1, column 601\)/)
    expect(ms).toBeLessThan(200)
  })

  it('accepts exactly 200 levels and refuses 201', () => {
    const nest = (n: number): string => '<a>'.repeat(n) + '</a>'.repeat(n)
    expect(buildXml(parseXml(nest(200)))).toBe(nest(200))
    expect(refusal(() => parseXml(nest(201))).message).toMatch(/deeper than 200/)
  })

  it('reports malformed XML with its line and column', () => {
    const error = refusal(() => parseXml('<domain>\n  <name>x</nam>\n</domain>'))
    expect(error.code).toBe('INVALID_INPUT')
    expect(error.message).toMatch(/not well-formed: .*'name'.*\(line 2, column \d+\)/)
    expect(error.data).toMatchObject({ line: 2 })
  })

  it.each([
    ['', /empty/],
    ['   \n', /empty/],
    ['<domain/><domain/>', /more than one root element/],
    ['<domain/>trailing', /text outside its root element/],
    ['<domain>\u0001</domain>', /U\+0001/],
    ['<domain', /not well-formed/],
    ['<domain a=1/>', /not well-formed/],
    ['<domain><!-- never closed </domain>', /not well-formed/],
  ])('refuses %j', (source, message) => {
    const error = refusal(() => parseXml(source))
    expect(error.code).toBe('INVALID_INPUT')
    expect(error.message).toMatch(message)
  })
})

describe('damaged fixtures (deterministic fuzzing)', () => {
  it('are either refused with an AppError or built back byte for byte', () => {
    const sources = fixtureFiles.map((file) => readFileSync(path.join(FIXTURES, file), 'utf8'))
    const pieces = [
      '<',
      '>',
      '/',
      "'",
      '"',
      '&',
      '&amp;',
      '&#60;',
      '<!--',
      '-->',
      '<![CDATA[',
      ']]>',
      '<?',
      '?>',
      '=',
    ]
    let state = 7
    const next = (below: number): number => {
      state = (state * 1103515245 + 12345) & 0x7fffffff
      return Math.floor((state / 0x80000000) * below)
    }
    let accepted = 0
    for (let round = 0; round < 1500; round++) {
      let source = sources[next(sources.length)] ?? ''
      for (let edits = 1 + next(3); edits > 0; edits--) {
        const at = next(source.length)
        const piece = pieces[next(pieces.length)] ?? ''
        source =
          next(2) === 0
            ? source.slice(0, at) + piece + source.slice(at)
            : source.slice(0, at) + source.slice(at + 1 + next(4))
      }
      let built: string
      try {
        built = buildXml(parseXml(source))
      } catch (error) {
        expect(error).toBeInstanceOf(AppError)
        continue
      }
      expect(built).toBe(source)
      accepted++
    }
    expect(accepted).toBeGreaterThan(100)
  })
})

describe('a parsed document', () => {
  it('has the expected shape', () => {
    const doc: XmlDocument = parseXml("<domain type='kvm'/>")
    expect(doc).toEqual({
      type: 'document',
      bom: false,
      newline: '\n',
      children: [
        {
          type: 'element',
          name: 'domain',
          attributes: [
            {
              name: 'type',
              value: 'kvm',
              source: { text: " type='kvm'", name: 'type', value: 'kvm', quote: "'", spaceBefore: ' ' },
            },
          ],
          children: [],
          layout: { tagEnd: '', closeEnd: '', empty: 'self-closing', indent: '' },
        },
      ],
    })
  })
})

describe('unclosed elements', () => {
  it('names the element, where it was opened and where the input ended', () => {
    const source = "<domain type='kvm'>\n  <devices>\n    <disk type='file'>\n      <source file='/a'/>\n"
    let error: unknown
    try {
      parseXml(source)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(AppError)
    const refused = error as AppError
    expect(refused.message).toBe(
      'The XML is not well-formed: <disk> opened at line 3, column 5 is never closed; the input ends at line 5, column 1',
    )
    expect(refused.data).toEqual({ element: 'disk', line: 3, column: 5, endLine: 5, endColumn: 1 })
  })
})
