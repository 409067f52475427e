import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it, expect } from 'vitest'
import { AppError } from '@shared/errors.js'
import { buildXml, parseXml } from './parse.js'
import {
  attr,
  child,
  children,
  createComment,
  createElement,
  find,
  findAll,
  removeAttr,
  root,
  setAttr,
  setText,
  text,
} from './node.js'
import { appendChild, ensureChild, insertChild, removeChild } from './edit.js'
import { diffLines } from './diff.js'
import type { XmlElement } from './types.js'

const FIXTURES = path.resolve(import.meta.dirname, '../../../../test/fixtures/libvirt-xml')
const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8')
const CPU_FIXTURE = 'domains/cpu-host-model-features.xml'

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value')
  return value
}

/** The lines that differ between two texts, as '-line' / '+line'. */
function changedLines(before: string, after: string): string[] {
  return diffLines(before, after)
    .filter((line) => line.type !== 'context')
    .map((line) => `${line.type === 'add' ? '+' : '-'}${line.text}`)
}

describe('reading', () => {
  const doc = parseXml(fixture(CPU_FIXTURE))
  const domain = root(doc)

  it('finds the root, children and attributes', () => {
    expect(domain.name).toBe('domain')
    expect(attr(domain, 'type')).toBe('kvm')
    expect(attr(domain, 'missing')).toBeUndefined()
    expect(
      children(domain)
        .map((el) => el.name)
        .slice(0, 4),
    ).toEqual(['name', 'uuid', 'title', 'description'])
    expect(children(must(child(domain, 'cpu')), 'feature')).toHaveLength(3)
    expect(child(domain, 'nothing')).toBeUndefined()
  })

  it('reads text as string | undefined, decoded, and never the indentation of a parent', () => {
    expect(text(must(child(domain, 'name')))).toBe('QEMUGuest1')
    expect(text(must(child(domain, 'description')))).toContain("A test of qemu's minimal configuration.")
    expect(text(must(child(domain, 'cpu')))).toBeUndefined()
    expect(text(must(find(domain, 'os/boot')))).toBeUndefined()
    expect(text(must(root(parseXml('<a><b></b></a>')).children[0] as XmlElement))).toBeUndefined()
  })

  it('follows paths with names, * and attribute filters', () => {
    expect(attr(must(find(domain, 'os/type')), 'arch')).toBe('i686')
    expect(findAll(domain, 'cpu/feature').map((el) => attr(el, 'name'))).toEqual(['abm', 'ds', 'invtsc'])
    expect(attr(must(find(domain, "cpu/feature[@policy='force']")), 'name')).toBe('ds')
    expect(findAll(domain, 'devices/controller[@type="usb"][@index]')).toHaveLength(1)
    expect(findAll(domain, 'cpu/*')).toHaveLength(4)
    expect(find(domain, 'devices/disk/nothing')).toBeUndefined()
    expect(() => find(domain, 'cpu//feature')).toThrow(AppError)
  })
})

describe('an edit touches only what it edits', () => {
  it('changing <memory unit> and its value changes exactly that line', () => {
    const original = fixture(CPU_FIXTURE)
    const doc = parseXml(original)
    const memory = must(find(root(doc), 'memory'))
    setAttr(memory, 'unit', 'MiB')
    setText(memory, '214')
    expect(changedLines(original, buildXml(doc))).toEqual([
      "-  <memory unit='KiB'>219100</memory>",
      "+  <memory unit='MiB'>214</memory>",
    ])
  })

  it('changing <cpu mode> changes exactly that line and keeps the escaped description as it was', () => {
    const original = fixture(CPU_FIXTURE)
    const doc = parseXml(original)
    setAttr(must(find(root(doc), 'cpu')), 'mode', 'host-passthrough')
    const built = buildXml(doc)
    expect(changedLines(original, built)).toEqual([
      "-  <cpu mode='host-model'>",
      "+  <cpu mode='host-passthrough'>",
    ])
    expect(built).toContain('qemu&apos;s minimal')
  })

  it('setting a value to what it already is changes nothing', () => {
    const original = fixture(CPU_FIXTURE)
    const doc = parseXml(original)
    setText(must(find(root(doc), 'description')), must(text(must(find(root(doc), 'description')))))
    setAttr(root(doc), 'type', 'kvm')
    expect(buildXml(doc)).toBe(original)
  })

  it('adding an attribute uses the quotes of the element', () => {
    const doc = parseXml(
      `<domain>\n  <app2:bar xmlns:app2="http://bar.com/" maman="baz">barish</app2:bar>\n</domain>`,
    )
    const bar = must(child(root(doc), 'app2:bar'))
    setAttr(bar, 'extra', 'x')
    expect(removeAttr(bar, 'maman')).toBe(true)
    expect(removeAttr(bar, 'maman')).toBe(false)
    expect(buildXml(doc)).toBe(
      `<domain>\n  <app2:bar xmlns:app2="http://bar.com/" extra="x">barish</app2:bar>\n</domain>`,
    )
  })

  it('appending a device adds one indented line before </devices>', () => {
    const original = fixture(CPU_FIXTURE)
    const doc = parseXml(original)
    appendChild(must(find(root(doc), 'devices')), 'watchdog', { model: 'i6300esb', action: 'reset' })
    expect(changedLines(original, buildXml(doc))).toEqual([
      "+    <watchdog model='i6300esb' action='reset'/>",
    ])
    expect(buildXml(doc)).toContain(
      "<memballoon model='virtio'/>\n    <watchdog model='i6300esb' action='reset'/>\n  </devices>",
    )
  })

  it('inserting a nested element indents its new children one step deeper', () => {
    const doc = parseXml(fixture(CPU_FIXTURE))
    const disk = createElement('disk', { type: 'file', device: 'cdrom' }, [
      createElement('source', { file: '/isos/debian.iso' }),
      createElement('target', { dev: 'sdb', bus: 'sata' }),
      createElement('readonly'),
    ])
    const devices = must(find(root(doc), 'devices'))
    insertChild(devices, 1, disk)
    expect(children(devices)[1]).toBe(disk)
    expect(buildXml(doc)).toContain(
      [
        '    <emulator>/usr/bin/qemu-system-i386</emulator>',
        "    <disk type='file' device='cdrom'>",
        "      <source file='/isos/debian.iso'/>",
        "      <target dev='sdb' bus='sata'/>",
        '      <readonly/>',
        '    </disk>',
        "    <controller type='usb' index='0'/>",
      ].join('\n'),
    )
  })

  it('inserting first, and into an empty element, keeps the layout', () => {
    const doc = parseXml("<domain>\n  <features/>\n  <os>\n    <boot dev='hd'/>\n  </os>\n</domain>\n")
    const domain = root(doc)
    insertChild(must(child(domain, 'os')), 0, 'type', { arch: 'x86_64' }).children.push({
      type: 'text',
      value: 'hvm',
    })
    const features = must(child(domain, 'features'))
    appendChild(features, 'acpi')
    appendChild(ensureChild(features, 'hyperv', { mode: 'custom' }), 'relaxed', { state: 'on' })
    expect(ensureChild(features, 'acpi')).toBe(child(features, 'acpi'))
    appendChild(domain, createComment(' added by VirtDeck '))
    expect(buildXml(doc)).toBe(
      [
        '<domain>',
        '  <features>',
        '    <acpi/>',
        "    <hyperv mode='custom'>",
        "      <relaxed state='on'/>",
        '    </hyperv>',
        '  </features>',
        '  <os>',
        "    <type arch='x86_64'>hvm</type>",
        "    <boot dev='hd'/>",
        '  </os>',
        '  <!-- added by VirtDeck -->',
        '</domain>',
        '',
      ].join('\n'),
    )
  })

  it('follows a four-space indentation', () => {
    const doc = parseXml('<domain>\n    <devices>\n        <input/>\n    </devices>\n</domain>')
    const devices = must(find(root(doc), 'devices'))
    appendChild(devices, createElement('video', {}, [createElement('model', { type: 'virtio' })]))
    expect(buildXml(doc)).toBe(
      "<domain>\n    <devices>\n        <input/>\n        <video>\n            <model type='virtio'/>\n        </video>\n    </devices>\n</domain>",
    )
  })

  it('adds to compact XML without adding whitespace', () => {
    const doc = parseXml('<domain><devices><input/></devices></domain>')
    appendChild(must(find(root(doc), 'devices')), 'video')
    expect(buildXml(doc)).toBe('<domain><devices><input/><video/></devices></domain>')
  })

  it('removing a device removes exactly its lines', () => {
    const original = fixture(CPU_FIXTURE)
    const doc = parseXml(original)
    const devices = must(find(root(doc), 'devices'))
    expect(removeChild(devices, must(find(devices, "controller[@type='ide']")))).toBe(true)
    expect(removeChild(devices, createElement('nothing'))).toBe(false)
    expect(changedLines(original, buildXml(doc))).toEqual(["-    <controller type='ide' index='0'/>"])
  })

  it('removing the last child leaves an empty element, written <x/>', () => {
    const doc = parseXml(
      "<domain>\n  <cpu mode='host-model'>\n    <model fallback='allow'/>\n  </cpu>\n</domain>",
    )
    const cpu = must(child(root(doc), 'cpu'))
    removeChild(cpu, must(child(cpu, 'model')))
    expect(buildXml(doc)).toBe("<domain>\n  <cpu mode='host-model'/>\n</domain>")
  })
})

describe('guards', () => {
  it('refuses setText on an element with children, and bad names', () => {
    const doc = parseXml('<domain><os><type>hvm</type></os></domain>')
    expect(() => setText(must(child(root(doc), 'os')), 'x')).toThrow(/has child elements/)
    expect(() => createElement('bad name')).toThrow(AppError)
    expect(() => createElement('disk', { '1st': 'x' })).toThrow(/not a valid XML attribute name/)
    expect(() => setAttr(root(doc), 'a"b', 'x')).toThrow(AppError)
  })

  it('clears text with an empty string, giving undefined and <x/>', () => {
    const doc = parseXml('<domain><title>old</title></domain>')
    const title = must(child(root(doc), 'title'))
    setText(title, '')
    expect(text(title)).toBeUndefined()
    expect(buildXml(doc)).toBe('<domain><title/></domain>')
  })
})
