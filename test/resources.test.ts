import { execFile } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { repoRoot } from './support/fixtures.js'

/** resources/: the app icon (SVG source, PNGs rendered from it) and the freedesktop entry. */

const resources = join(repoRoot, 'resources')
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512]

/** Width and height from a PNG's IHDR chunk; fails on anything that is not a PNG. */
function pngSize(path: string): { width: number; height: number } {
  const bytes = readFileSync(path)
  expect(bytes.subarray(0, 8).toString('hex'), path).toBe('89504e470d0a1a0a')
  expect(bytes.subarray(12, 16).toString('latin1'), path).toBe('IHDR')
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
}

describe('resources', () => {
  it('has the icon as SVG and as a PNG of every size, each the size its name says', () => {
    expect(readFileSync(join(resources, 'icon.svg'), 'utf8')).toMatch(/<svg[^>]+viewBox="0 0 512 512"/)
    expect(readdirSync(join(resources, 'icons')).sort()).toEqual(SIZES.map((s) => `${s}x${s}.png`).sort())
    for (const size of SIZES)
      expect(pngSize(join(resources, 'icons', `${size}x${size}.png`))).toEqual({ width: size, height: size })
  })

  it('has a desktop entry that desktop-file-validate accepts, naming the icon', async () => {
    const path = join(resources, 'virtdeck.desktop')
    const { stdout, stderr } = await promisify(execFile)('desktop-file-validate', [path])
    expect(stdout + stderr).toBe('')
    expect(readFileSync(path, 'utf8')).toMatch(/^Icon=virtdeck$/m)
  })
})
