import { describe, expect, it } from 'vitest'
import { decodePng, decodePpm, decodeScreenshot, encodePng, shrink } from './image.js'

function checker(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 3)
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      data.fill((x + y) % 2 === 0 ? 255 : 0, (y * width + x) * 3, (y * width + x) * 3 + 3)
  return data
}

describe('screenshot images', () => {
  it('writes a PNG that decodes back to the same pixels', () => {
    const image = { width: 5, height: 3, data: checker(5, 3) }
    const png = encodePng(image)
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG')
    expect(decodePng(png)).toEqual(image)
  })

  it('reads PPM (P6) with a comment, and refuses what is neither PPM nor PNG', () => {
    const pixels = Buffer.from([1, 2, 3, 4, 5, 6])
    const ppm = Buffer.concat([Buffer.from('P6\n# qemu\n2 1\n255\n', 'latin1'), pixels])
    const decoded = decodePpm(ppm)
    expect([decoded.width, decoded.height, [...decoded.data]]).toEqual([2, 1, [...pixels]])
    expect(decodeScreenshot(ppm).width).toBe(2)
    expect(() => decodeScreenshot(Buffer.from('GIF89a'))).toThrow(/neither PNG nor PPM/)
    expect(() => decodePpm(Buffer.from('P6 2 1 255\n\u0001', 'latin1'))).toThrow(/truncated/)
  })

  it('shrinks by averaging boxes, keeping the aspect', () => {
    const small = shrink({ width: 8, height: 4, data: checker(8, 4) }, 4)
    expect([small.width, small.height]).toEqual([4, 2])
    // every 2×2 box of a checkerboard is half white
    expect([...small.data].every((v) => v === 128)).toBe(true)
    const same = { width: 3, height: 3, data: checker(3, 3) }
    expect(shrink(same, 10)).toBe(same)
  })
})
