import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { PciIds } from './pci-ids.js'

const SAMPLE = [
  '# comment',
  '#\tcommented device',
  '1002  Advanced Micro Devices, Inc. [AMD/ATI]',
  '\t67df  Ellesmere [Radeon RX 470/480/570/570X/580/580X/590]',
  '\t\t1da2 e353  Radeon RX 570 Pulse 4GB',
  '\taaf0  Ellesmere HDMI Audio [Radeon RX 470/480 / 570/580/590]',
  '10de  NVIDIA Corporation',
  '\t1c03  GP106 [GeForce GTX 1060 6GB]',
  '',
  '# List of known device classes, subclasses and programming interfaces',
  'C 03  Display controller',
  '\t00  VGA compatible controller',
  '\t\t00  VGA controller',
  'C 01  Mass storage controller',
  '\t08  Non-Volatile memory controller',
  '\t\t02  NVM Express',
  '',
].join('\n')

describe('pci.ids, read lazily', () => {
  it('finds vendors, devices, subsystems and classes', () => {
    const ids = new PciIds(SAMPLE)
    expect(ids.vendor('1002')).toBe('Advanced Micro Devices, Inc. [AMD/ATI]')
    expect(ids.device('1002', '67DF')).toBe('Ellesmere [Radeon RX 470/480/570/570X/580/580X/590]')
    expect(ids.subsystem('1002', '67df', '1da2', 'e353')).toBe('Radeon RX 570 Pulse 4GB')
    expect(ids.device('10de', '1c03')).toBe('GP106 [GeForce GTX 1060 6GB]')
    expect(ids.device('10de', 'ffff')).toBeUndefined()
    expect(ids.vendor('dead')).toBeUndefined()
    expect(ids.className('030000')).toBe('VGA compatible controller')
    expect(ids.className('038000')).toBe('Display controller')
    expect(ids.interfaceName('010802')).toBe('NVM Express')
  })

  it('indexes the real database quickly and answers from it', () => {
    const text = readFileSync('/usr/share/misc/pci.ids', 'utf8')
    const t = performance.now()
    const ids = new PciIds(text)
    expect(ids.device('10de', '2206')).toBe('GA102 [GeForce RTX 3080]')
    expect(ids.className('0c0330')).toBe('USB controller')
    // Generous for a loaded 2-core machine; the index is one pass over 1.3 MB.
    expect(performance.now() - t).toBeLessThan(500)
  })
})
