import { deflateSync, inflateSync } from 'node:zlib'

/**
 * Just enough image handling for screenshot thumbnails, without a native dependency: QEMU writes
 * PPM (P6) or, from QEMU 7.1 with libvirt 9.x, an 8-bit PNG; both are decoded to RGB, shrunk by
 * averaging boxes of pixels, and written as a small PNG.
 */
export interface RgbImage {
  width: number
  height: number
  /** 3 bytes per pixel, rows top to bottom. */
  data: Uint8Array
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
/** Larger screens than this are refused rather than decoded (a thumbnail must stay cheap). */
const MAX_PIXELS = 8192 * 8192

export function decodeScreenshot(file: Buffer): RgbImage {
  if (file.subarray(0, 8).equals(PNG_SIGNATURE)) return decodePng(file)
  if (file.subarray(0, 2).toString('latin1') === 'P6') return decodePpm(file)
  throw new Error('The screenshot is neither PNG nor PPM')
}

export function decodePpm(file: Buffer): RgbImage {
  // P6 <ws> width <ws> height <ws> maxval <one ws> binary; comments start with #
  const fields: number[] = []
  let i = 2
  while (fields.length < 3 && i < file.length) {
    const c = file[i] ?? 0
    if (c === 0x23) while (i < file.length && file[i] !== 0x0a) i++
    else if (c >= 0x30 && c <= 0x39) {
      let n = 0
      while (i < file.length && (file[i] ?? 0) >= 0x30 && (file[i] ?? 0) <= 0x39)
        n = n * 10 + (file[i++] ?? 0) - 0x30
      fields.push(n)
      continue
    }
    i++
  }
  const [width = 0, height = 0, maxval = 0] = fields
  if (width <= 0 || height <= 0 || width * height > MAX_PIXELS || maxval !== 255)
    throw new Error(`Unsupported PPM (${width}×${height}, maxval ${maxval})`)
  const start = i + 1
  const data = file.subarray(start, start + width * height * 3)
  if (data.length < width * height * 3) throw new Error('The PPM screenshot is truncated')
  return { width, height, data }
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c
  const pa = Math.abs(p - a)
  const pb = Math.abs(p - b)
  const pc = Math.abs(p - c)
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c
}

export function decodePng(file: Buffer): RgbImage {
  let offset = 8
  let width = 0
  let height = 0
  let colorType = -1
  const idat: Buffer[] = []
  while (offset + 8 <= file.length) {
    const length = file.readUInt32BE(offset)
    const type = file.toString('latin1', offset + 4, offset + 8)
    const body = file.subarray(offset + 8, offset + 8 + length)
    if (type === 'IHDR') {
      width = body.readUInt32BE(0)
      height = body.readUInt32BE(4)
      const depth = body[8]
      colorType = body[9] ?? -1
      if (depth !== 8 || (colorType !== 2 && colorType !== 6) || body[12] !== 0)
        throw new Error('Unsupported PNG (only 8-bit RGB/RGBA, not interlaced)')
      if (width * height > MAX_PIXELS) throw new Error('The screenshot is too large')
    } else if (type === 'IDAT') idat.push(body)
    else if (type === 'IEND') break
    offset += 12 + length
  }
  if (width === 0 || height === 0) throw new Error('The PNG screenshot has no header')
  const bpp = colorType === 6 ? 4 : 3
  const stride = width * bpp
  const raw = inflateSync(Buffer.concat(idat))
  if (raw.length < (stride + 1) * height) throw new Error('The PNG screenshot is truncated')
  const row = new Uint8Array(stride)
  const previous = new Uint8Array(stride)
  const data = new Uint8Array(width * height * 3)
  for (let y = 0; y < height; y++) {
    const base = y * (stride + 1)
    const filter = raw[base] ?? 0
    for (let x = 0; x < stride; x++) {
      const v = raw[base + 1 + x] ?? 0
      const a = x >= bpp ? (row[x - bpp] ?? 0) : 0
      const b = previous[x] ?? 0
      const c = x >= bpp ? (previous[x - bpp] ?? 0) : 0
      const predictor =
        filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : filter === 4 ? paeth(a, b, c) : 0
      row[x] = (v + predictor) & 0xff
    }
    for (let x = 0; x < width; x++) {
      data[(y * width + x) * 3] = row[x * bpp] ?? 0
      data[(y * width + x) * 3 + 1] = row[x * bpp + 1] ?? 0
      data[(y * width + x) * 3 + 2] = row[x * bpp + 2] ?? 0
    }
    previous.set(row)
  }
  return { width, height, data }
}

/** Shrinks to at most `maxWidth` wide (aspect kept) by averaging each box of source pixels. */
export function shrink(image: RgbImage, maxWidth: number): RgbImage {
  if (image.width <= maxWidth) return image
  const width = maxWidth
  const height = Math.max(1, Math.round((image.height * maxWidth) / image.width))
  const data = new Uint8Array(width * height * 3)
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor((y * image.height) / height)
    const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * image.height) / height))
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor((x * image.width) / width)
      const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * image.width) / width))
      let r = 0
      let g = 0
      let b = 0
      for (let sy = y0; sy < y1; sy++)
        for (let sx = x0; sx < x1; sx++) {
          const i = (sy * image.width + sx) * 3
          r += image.data[i] ?? 0
          g += image.data[i + 1] ?? 0
          b += image.data[i + 2] ?? 0
        }
      const n = (y1 - y0) * (x1 - x0)
      const o = (y * width + x) * 3
      data[o] = Math.round(r / n)
      data[o + 1] = Math.round(g / n)
      data[o + 2] = Math.round(b / n)
    }
  }
  return { width, height, data }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(bytes: Buffer): number {
  let c = 0xffffffff
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(body.length, 0)
  head.write(type, 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0)
  return Buffer.concat([head, body, crc])
}

export function encodePng(image: RgbImage): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(image.width, 0)
  header.writeUInt32BE(image.height, 4)
  header[8] = 8
  header[9] = 2
  const stride = image.width * 3
  const raw = Buffer.alloc((stride + 1) * image.height)
  for (let y = 0; y < image.height; y++)
    raw.set(image.data.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1)
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}
