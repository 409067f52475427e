import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LocalHost } from '../src/main/host/local-host.js'
import { qemuArgvDiff } from '../src/main/libvirt/qemu-argv.js'
import { previewVmPassthrough } from '../src/main/passthrough/vm-preview.js'
import { editDomainForPassthrough } from '../src/main/passthrough/vm-xml.js'
import type { VmPassthroughOptions } from '@shared/passthrough.js'
import { fixturesDir } from './support/fixtures.js'
import { SYSTEM_URI } from './support/libvirt.js'

/**
 * The passthrough edit checked by real libvirt: `virsh -c test:///default define --validate`
 * (schema + parser of the installed libvirt), and `virsh -c qemu:///system domxml-to-native
 * qemu-argv` for the QEMU command line it becomes, before and after. No GPU exists here; libvirt
 * turns a vfio hostdev into `-device vfio-pci,host=…` without touching the device.
 */

const run = promisify(execFile)
let work = ''
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'virtdeck-pt-xml-'))
})
afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

const GAMING = `<domain type='kvm'>
  <name>virtdeck-gaming</name>
  <uuid>6f1a3c52-2a9e-4b57-9a7c-1f4f7c0e9b11</uuid>
  <memory unit='MiB'>1024</memory>
  <vcpu placement='static'>2</vcpu>
  <os firmware='efi'>
    <type arch='x86_64' machine='q35'>hvm</type>
  </os>
  <features>
    <acpi/>
    <apic/>
  </features>
  <cpu mode='host-passthrough' check='none' migratable='on'/>
  <clock offset='localtime'/>
  <devices>
    <!-- kept -->
    <controller type='pci' index='0' model='pcie-root'/>
    <memballoon model='none'/>
  </devices>
</domain>
`

const OPTIONS: VmPassthroughOptions = {
  functions: ['0000:01:00.0', '0000:01:00.1'],
  code43: { vendorId: 'virtdeck0000' },
  lookingGlass: { width: 1920, height: 1080 },
  evdev: {
    keyboard: '/dev/input/by-id/usb-Kbd-event-kbd',
    mouse: '/dev/input/by-id/usb-Mouse-event-mouse',
    grabToggle: 'ctrl-ctrl',
  },
}

async function validate(files: string[]): Promise<string> {
  const commands = files.flatMap((f) => [`define --validate '${f}'`, `undefine virtdeck-gaming`])
  const { stdout } = await run('virsh', ['-c', 'test:///default', commands.join('; ')], {
    encoding: 'utf8',
  }).catch((error: { stdout?: string; stderr?: string }) => {
    throw new Error(`virsh refused: ${error.stderr ?? ''}`)
  })
  return stdout
}

describe('passthrough XML accepted by real libvirt', () => {
  it('the edited gaming domain validates on the test driver (schema and parser)', async () => {
    const edit = editDomainForPassthrough(GAMING, OPTIONS)
    expect(edit.problems).toEqual([])
    const file = join(work, 'gaming.xml')
    await writeFile(file, edit.xml)
    expect(await validate([file])).toContain(`defined from ${file}`)
  })

  it('domxml-to-native on qemu:///system: vfio-pci for both functions, one slot, multifunction; shmem, evdev and the hidden CPU appear', async () => {
    const edit = editDomainForPassthrough(GAMING, OPTIONS)
    const diff = await qemuArgvDiff(new LocalHost(), SYSTEM_URI, GAMING, edit.xml)
    const devices = diff.added
      .filter((u) => u.startsWith('-device '))
      .map((u) => u.slice(8).replace(/^'|'$/g, ''))
    const vfio = devices
      .map((d) => JSON.parse(d) as Record<string, unknown>)
      .filter((d) => d['driver'] === 'vfio-pci')
    expect(vfio.map((d) => [d['host'], d['bus'], d['addr'], d['multifunction']])).toEqual([
      ['0000:01:00.0', 'pci.1', '0x0', true],
      ['0000:01:00.1', 'pci.1', '0x0.0x1', undefined],
    ])
    expect(diff.added.some((u) => u.includes('"driver":"ivshmem-plain"'))).toBe(true)
    expect(diff.added.some((u) => u.includes('"mem-path":"/dev/shm/looking-glass","size":33554432'))).toBe(
      true,
    )
    expect(
      diff.added.some(
        (u) => u.includes('"qom-type":"input-linux"') && u.includes('"grab-toggle":"ctrl-ctrl"'),
      ),
    ).toBe(true)
    expect(diff.added.find((u) => u.startsWith('-cpu '))).toMatch(/hv-vendor-id=virtdeck0000,kvm=off/)
    expect(diff.removed.find((u) => u.startsWith('-cpu '))).toBe('-cpu host,migratable=on')
    expect(diff.after.binary).toMatch(/qemu-system-x86_64$/)
  })

  it('the preview returns the XML diff and the QEMU argv difference together', async () => {
    const preview = await previewVmPassthrough(new LocalHost(), SYSTEM_URI, GAMING, OPTIONS)
    expect(preview.xmlDiff).toContain("+    <hostdev mode='subsystem' type='pci' managed='yes'>")
    expect(preview.xmlDiff).toContain("+      <vendor_id state='on' value='virtdeck0000'/>")
    expect(preview.xmlDiff).toContain("+    <shmem name='looking-glass'>")
    expect(preview.argv.added.some((u) => u.includes('"driver":"vfio-pci","host":"0000:01:00.1"'))).toBe(true)
  })

  it('every libvirt test-suite domain the installed libvirt accepts is still accepted after the edit', async () => {
    const dir = join(fixturesDir, 'libvirt-xml', 'domains')
    const files = (await readdir(dir)).filter((f) => f.endsWith('.xml'))
    const commands: string[] = []
    const names: string[] = []
    for (const [index, file] of files.entries()) {
      const original = join(dir, file)
      const edit = editDomainForPassthrough(await readFile(original, 'utf8'), OPTIONS)
      const edited = join(work, `suite-${file}`)
      await writeFile(edited, edit.xml)
      const name = /<name>([^<]+)<\/name>/.exec(edit.xml)?.[1] ?? ''
      names.push(name)
      commands.push(
        `echo @@${index}`,
        `define --validate '${original}'`,
        `define --validate '${edited}'`,
        `undefine '${name}'`,
      )
    }
    const { stdout, stderr } = await run('virsh', ['-c', 'test:///default', commands.join('; ')], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    }).catch((error: { stdout: string; stderr: string }) => error)
    const sections = stdout.split(/^@@\d+\n/m).slice(1)
    expect(sections).toHaveLength(files.length)
    let checked = 0
    for (const [index, file] of files.entries()) {
      const section = sections[index] ?? ''
      if (!section.includes(`defined from ${join(dir, file)}`)) continue
      expect(section.includes(`defined from ${join(work, `suite-${file}`)}`), `${file}:\n${stderr}`).toBe(
        true,
      )
      checked++
    }
    expect(checked).toBeGreaterThan(30)
  }, 120_000)
})
