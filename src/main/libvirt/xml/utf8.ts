import { AppError } from '@shared/errors.js'

/**
 * Bytes of an XML file to text, refusing invalid UTF-8 the way libvirt (libxml2) does — with the
 * place of the first bad byte — instead of replacing it with U+FFFD, which would make the
 * definition written differ from the file the user gave.
 */

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** Decodes `bytes` as UTF-8 (a BOM is kept, as parseXml remembers it); `source` names the input in messages. */
export function decodeUtf8Xml(bytes: Uint8Array, source: string): string {
  try {
    return strict.decode(bytes)
  } catch {
    const offset = firstInvalidUtf8(bytes)
    const at = offset === -1 ? 0 : offset
    const { line, column } = bytePosition(bytes, at)
    const shown = Array.from(
      bytes.subarray(at, at + 4),
      (b) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    throw new AppError(
      'INVALID_INPUT',
      `${source} is not valid UTF-8: bytes ${shown.join(' ')} at line ${line}, column ${column} (byte offset ${at})`,
      {
        detail:
          'libvirt XML must be UTF-8. Convert the file (for example `iconv -f LATIN1 -t UTF-8 FILE`) or fix the ' +
          'character at that place; VirtDeck does not replace it silently.',
        data: { line, column, byteOffset: at },
      },
    )
  }
}

/** Index of the first byte that does not start or continue a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i] ?? 0
    if (b < 0x80) {
      i++
      continue
    }
    let length: number
    let min: number
    if (b >= 0xc2 && b <= 0xdf) [length, min] = [2, 0x80]
    else if (b >= 0xe0 && b <= 0xef) [length, min] = [3, 0x800]
    else if (b >= 0xf0 && b <= 0xf4) [length, min] = [4, 0x10000]
    else return i
    let code = b & (0xff >> (length + 1))
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k]
      if (c === undefined || (c & 0xc0) !== 0x80) return i
      code = (code << 6) | (c & 0x3f)
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    if (code < min || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) return i
    i += length
  }
  return -1
}

/** 1-based line and column (in characters) of a byte offset whose prefix is valid UTF-8. */
function bytePosition(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++
      lineStart = i + 1
    }
  }
  const before = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset))
  return { line, column: [...before].length + 1 }
}
