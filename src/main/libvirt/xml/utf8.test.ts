import { describe, expect, it } from 'vitest'
import { AppError } from '@shared/errors.js'
import { parseXml } from './parse.js'
import { decodeUtf8Xml, firstInvalidUtf8 } from './utf8.js'

function refusal(bytes: Uint8Array): AppError {
  try {
    decodeUtf8Xml(bytes, 'dom.xml')
  } catch (error) {
    if (error instanceof AppError) return error
    throw error
  }
  throw new Error('not refused')
}

describe('UTF-8 of an XML file', () => {
  it('decodes valid UTF-8 exactly, BOM kept', () => {
    const text = '\uFEFF<domain>\n  <name>é😀</name>\n</domain>\n'
    expect(decodeUtf8Xml(Buffer.from(text, 'utf8'), 'dom.xml')).toBe(text)
  })

  it('refuses a Latin-1 byte with its line, column and byte offset instead of U+FFFD', () => {
    const bytes = Buffer.concat([
      Buffer.from('<domain>\n  <description>caf', 'utf8'),
      Buffer.from([0xe9]),
      Buffer.from('</description>\n</domain>\n', 'utf8'),
    ])
    const error = refusal(bytes)
    expect(error.code).toBe('INVALID_INPUT')
    expect(error.message).toBe(
      'dom.xml is not valid UTF-8: bytes 0xE9 0x3C 0x2F 0x64 at line 2, column 19 (byte offset 27)',
    )
    expect(error.data).toEqual({ line: 2, column: 19, byteOffset: 27 })
  })

  it('counts columns in characters after multi-byte ones', () => {
    const bytes = Buffer.concat([Buffer.from('<a>ééé', 'utf8'), Buffer.from([0xc3, 0x28])])
    expect(refusal(bytes).data).toEqual({ line: 1, column: 7, byteOffset: 9 })
  })

  it.each([
    ['overlong', [0xc0, 0xaf], 0],
    ['surrogate', [0x41, 0xed, 0xa0, 0x80], 1],
    ['past U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['truncated at the end', [0x41, 0x42, 0xe2, 0x82], 2],
    ['stray continuation', [0x41, 0x80], 1],
  ])('finds the first bad byte: %s', (_, bytes, offset) => {
    expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(offset)
    expect(refusal(Uint8Array.from(bytes)).data).toMatchObject({ byteOffset: offset })
  })
})

describe('text from the XML tab (a string, never bytes)', () => {
  it('refuses a lone surrogate — what invalid UTF-8 becomes in a string — with its place', () => {
    let error: unknown
    try {
      parseXml('<domain>\n  <name>a\uD800b</name>\n</domain>')
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).data).toEqual({ line: 2, column: 10 })
  })
})
