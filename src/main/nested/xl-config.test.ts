import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { enableNestedHvm } from './xen.js'
import {
  getXlSetting,
  parseXlConfig,
  setXlValue,
  writeXlConfig,
  xlNumber,
  xlSettings,
  xlString,
} from './xl-config.js'

const fixtureDir = fileURLToPath(new URL('../../../test/fixtures/nested/', import.meta.url))
const cfgs = readdirSync(fixtureDir).filter((f) => f.endsWith('.cfg'))
const read = (name: string): string => readFileSync(join(fixtureDir, name), 'utf8')

describe('xl config parser/writer', () => {
  it.each(cfgs)('%s: parse → write gives identical bytes', (name) => {
    const text = read(name)
    const config = parseXlConfig(text)
    expect(writeXlConfig(config)).toBe(text)
    // Every byte belongs to exactly one node, in order.
    let offset = 0
    for (const node of config.nodes) {
      expect(text.startsWith(node.raw, offset)).toBe(true)
      offset += node.raw.length
    }
    expect(offset).toBe(text.length)
  })

  it('reads the Windows guest: strings, numbers, multi-line lists with comments, semicolons', () => {
    const config = parseXlConfig(read('win10-hvm.cfg'))
    expect(xlSettings(config).map((s) => s.key)).toEqual([
      'name',
      'type',
      'memory',
      'maxmem',
      'vcpus',
      'firmware',
      'viridian',
      'disk',
      'vif',
      'vnc',
      'vnclisten',
      'vncdisplay',
      'usb',
      'usbdevice',
      'on_poweroff',
      'on_reboot',
      'on_crash',
      'serial',
    ])
    const disk = getXlSetting(config, 'disk')
    expect(disk?.value.type).toBe('list')
    if (disk?.value.type !== 'list') return
    expect(disk.value.items.map((i) => (i.type === 'string' ? i.value : null))).toEqual([
      'format=raw, vdev=xvda, access=rw, target=/dev/vg0/win10',
      'format=raw, vdev=hdc, access=ro, devtype=cdrom, target=/srv/iso/Win10_22H2_English_x64.iso',
    ])
    expect(disk.line).toBe(19)
    const memory = getXlSetting(config, 'memory')
    expect(memory && xlNumber(memory.value)).toBe(8192)
    expect(getXlSetting(config, 'on_crash')?.value).toMatchObject({
      type: 'string',
      value: 'restart',
      quote: "'",
    })
    expect(getXlSetting(config, 'vncdisplay')?.raw).toBe('vncdisplay=1')
  })

  it('decodes escapes like libxlu and numbers in every base', () => {
    const config = parseXlConfig(
      'a = "x\\"y\\\\z\\n"\nb = \'it\\\'s\'\nc = 0x10\nd = 010\ne = [ [ "n" ], 1 ]\n',
    )
    expect(getXlSetting(config, 'a')?.value).toMatchObject({ value: 'x"y\\z\n' })
    expect(getXlSetting(config, 'b')?.value).toMatchObject({ value: "it's" })
    const num = (k: string): number | null => {
      const s = getXlSetting(config, k)
      return s ? xlNumber(s.value) : null
    }
    expect([num('c'), num('d')]).toEqual([16, 8])
    expect(getXlSetting(config, 'e')?.value.type).toBe('list')
  })

  it('reports syntax errors with the line', () => {
    expect(() => parseXlConfig('name = "ok"\nmemory = "unterminated\n')).toThrow(
      /line 2: a string is not closed/,
    )
    expect(() => parseXlConfig('name = "ok"\ndisk = [ "a" "b" ]\n')).toThrow(/line 2: expected "," or "\]"/)
    expect(() => parseXlConfig('= 3\n')).toThrow(/line 1: expected a setting name/)
    expect(() => parseXlConfig('memory 512\n')).toThrow(/expected "=" after memory/)
  })

  it('replaces only the value of the last setting of a key, keeping the comment after it', () => {
    const text = read('nested-partial-libxl-cpuid.cfg')
    const out = writeXlConfig(setXlValue(parseXlConfig(text), 'nestedhvm', '1'))
    expect(out).toBe(
      text.replace(
        'nestedhvm=0\t# off until the host is ready',
        'nestedhvm=1\t# off until the host is ready',
      ),
    )
  })

  it("appends a missing key in the file's own spacing, also without a final newline", () => {
    expect(writeXlConfig(setXlValue(parseXlConfig('name="a"\n'), 'hap', '1'))).toBe('name="a"\nhap=1\n')
    expect(writeXlConfig(setXlValue(parseXlConfig(read('no-trailing-newline.cfg')), 'hap', '1'))).toBe(
      'name = "notrail"\ntype = "hvm"\nmemory = 512\nhap = 1\n',
    )
  })

  it('refuses keys built with +=', () => {
    expect(() => setXlValue(parseXlConfig('cpuid = "host"\ncpuid += ",tm=0"\n'), 'cpuid', '"x"')).toThrow(
      /\+=/,
    )
  })

  it('quotes strings safely', () => {
    expect(xlString('host,hypervisor=0')).toBe('"host,hypervisor=0"')
    expect(xlString('a"b')).toBe("'a\"b'")
    expect(xlString('a\'b"c', "'")).toBe("'a\\'b\"c'")
    expect(parseXlConfig(`x = ${xlString('a\'b"c\\d')}\n`).nodes[0]).toMatchObject({
      value: { value: 'a\'b"c\\d' },
    })
  })
})

describe('nested HVM edit of xl configs', () => {
  it('Windows HVM guest: adds the three settings at the end, every other byte unchanged', () => {
    const text = read('win10-hvm.cfg')
    const edit = enableNestedHvm(text)
    expect(edit.guestType).toBe('hvm')
    expect(edit.text).toBe(`${text}nestedhvm = 1\nhap = 1\ncpuid = "host,hypervisor=0"\n`)
    expect(enableNestedHvm(edit.text).changed).toBe(false)
  })

  it('merges into an existing libxl cpuid string and turns nestedhvm and hap on in place', () => {
    const text = read('nested-partial-libxl-cpuid.cfg')
    const edit = enableNestedHvm(text)
    expect(edit.guestType).toBe('hvm')
    expect(edit.text).toBe(
      text
        .replace('nestedhvm=0', 'nestedhvm=1')
        .replace('hap=0', 'hap=1')
        .replace('"host,tm=0,sse3=0"', '"host,tm=0,sse3=0,hypervisor=0"'),
    )
    expect(edit.notes.join('\n')).toMatch(/hap was off/)
  })

  it('sets hypervisor=0 over hypervisor=1 and keeps single quotes', () => {
    const edit = enableNestedHvm("type='hvm'\nnestedhvm=1\nhap=1\ncpuid='host,hypervisor=1,tm=0'\n")
    expect(edit.text).toBe("type='hvm'\nnestedhvm=1\nhap=1\ncpuid='host,hypervisor=0,tm=0'\n")
  })

  it('xend cpuid list: clears ECX bit 31 of leaf 1 only', () => {
    const text = read('xend-cpuid-list.cfg')
    const edit = enableNestedHvm(text)
    const leaf1 = "'1:ecx=xxxxxxxxxxxxxxxxxxxxxxxxxxxx0xxx,"
    expect(text).toContain(leaf1)
    expect(edit.text).toBe(
      `${text.replace(leaf1, "'1:ecx=0xxxxxxxxxxxxxxxxxxxxxxxxxxx0xxx,")}nestedhvm = 1\nhap = 1\n`,
    )
  })

  it("xend cpuid list without leaf 1: adds an item in the list's own layout", () => {
    const multi =
      "type = 'hvm'\ncpuid = [\n    '0x80000001:ecx=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',\n]\nnestedhvm = 1\nhap = 1\n"
    expect(enableNestedHvm(multi).text).toBe(
      "type = 'hvm'\ncpuid = [\n    '0x80000001:ecx=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',\n    '1:ecx=0xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',\n]\nnestedhvm = 1\nhap = 1\n",
    )
    const oneLine =
      'type = "hvm"\ncpuid = [ "1,0:eax=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" ]\nnestedhvm = 1\nhap = 1\n'
    expect(enableNestedHvm(oneLine).text).toContain(
      'cpuid = [ "1,0:eax=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "1:ecx=0xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" ]',
    )
    expect(enableNestedHvm('type = "hvm"\ncpuid = []\n').text).toContain(
      'cpuid = ["1:ecx=0xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"]',
    )
    expect(
      enableNestedHvm('type = "hvm"\ncpuid = [ "1:edx=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" ]\n').text,
    ).toContain('cpuid = [ "1:edx=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,ecx=0xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" ]')
  })

  it('reports the guest type of a PV guest (the plan refuses it)', () => {
    expect(enableNestedHvm(read('debian-pv.cfg')).guestType).toBe('pv')
    expect(enableNestedHvm('name = "x"\n').guestType).toBeNull()
  })
})
