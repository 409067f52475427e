import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { HostView } from '../advisor.js'
import { applyFixes, evaluate, score } from '../advisor.js'
import { parseDomCaps, parseHostCaps } from '../host-caps.js'
import { parseQemuImgMap } from '../images.js'

const FIX = new URL('../../../../test/fixtures/', import.meta.url)
const read = (path: string): string => readFileSync(new URL(path, FIX), 'utf8')

function hostView(over: Partial<HostView['facts']> = {}, vendor?: 'AMD' | 'Intel'): HostView {
  const caps = parseHostCaps(read('libvirt-xml/caps/vircaps-x86_64-basic.xml'))
  return {
    caps: vendor === undefined ? caps : { ...caps, vendor, threadsPerCore: 2 },
    domcaps: parseDomCaps(read('libvirt-xml/domcaps/qemu_9.2.0-q35.x86_64.xml')),
    facts: {
      bridges: [],
      networks: ['default'],
      vhostNet: true,
      images: new Map(),
      pinnedByOthers: new Map(),
      ...over,
    },
  }
}

const domain = (inner: string, type = 'kvm'): string =>
  `<domain type='${type}'>\n  <name>d</name>\n  <memory unit='GiB'>4</memory>\n  <vcpu>4</vcpu>\n  <os>\n    <type arch='x86_64' machine='q35'>hvm</type>\n  </os>\n${inner}  <devices>\n  </devices>\n</domain>\n`

const finding = (
  xml: string,
  rule: string,
  host = hostView(),
): ReturnType<typeof evaluate>[number] | undefined => evaluate(xml, host).find((f) => f.rule === rule)

describe('host capabilities', () => {
  it('reads threads, siblings and reserved huge pages', () => {
    const caps = parseHostCaps(read('libvirt-xml/caps/vircaps-x86_64-basic.xml'))
    expect(caps.threads).toHaveLength(16)
    expect(caps.threads[5]).toMatchObject({ id: 5, siblings: [5] })
    expect(caps.hugePages).toEqual([
      { sizeKiB: 2048, count: 28672 },
      { sizeKiB: 1048576, count: 36864 },
    ])
    const domcaps = parseDomCaps(read('libvirt-xml/domcaps/qemu_9.2.0-q35.x86_64.xml'))
    expect(domcaps).toMatchObject({ hostPassthrough: true, iothreads: true })
    expect(domcaps.hyperv).toContain('stimer')
    expect(domcaps.diskBuses).toContain('virtio')
  })
})

describe('rules', () => {
  it('Windows boot disk on SATA: risky, no silent fix, says how to install viostor', () => {
    const xml = read('tuning/slow-windows.xml')
    const f = finding(xml, 'disk-bus')
    expect(f?.verdict).toBe('risky')
    expect(f?.fix).toBeUndefined()
    expect(f?.explanation).toMatch(/viostor/)
    expect(applyFixes(xml, ['disk-bus'], hostView()).changed).toBe(false)
  })

  it("io='native' only ever with cache='none': a qcow2 disk gets cache none only", () => {
    const xml = read('tuning/slow-linux.xml')
    const out = applyFixes(xml, ['disk-cache'], hostView()).xml
    expect(out).toContain("<driver name='qemu' type='qcow2' cache='none'/>")
    expect(out).toContain("<driver name='qemu' cache='none' io='native'/>")
    for (const m of out.matchAll(/<driver[^>]*io='native'[^>]*>/g)) expect(m[0]).toContain("cache='none'")
  })

  it('Hyper-V: stimer without synic, vpindex and the hypervclock timer is risky; the fix adds them', () => {
    const xml = read('tuning/slow-windows.xml')
    const f = finding(xml, 'hyperv')
    expect(f?.verdict).toBe('risky')
    expect(f?.evidence.join()).toMatch(
      /stimer needs synic; stimer needs vpindex; stimer needs the timer hypervclock/,
    )
    const out = applyFixes(xml, ['hyperv'], hostView()).xml
    expect(out).toMatch(/<synic state='on'\/>/)
    expect(out).toMatch(/<vpindex state='on'\/>/)
    expect(out).toMatch(/<timer name='hypervclock' present='yes'\/>/)
    expect(out).toContain("<clock offset='localtime'>")
    expect(finding(out, 'hyperv')?.verdict).toBe('ok')
  })

  it('Hyper-V: only what domcapabilities offers; evmcs on an AMD host is risky', () => {
    const win = read('tuning/slow-windows.xml')
    const narrow = hostView()
    narrow.domcaps = {
      ...(narrow.domcaps ?? parseDomCaps('<domainCapabilities/>')),
      hyperv: ['spinlocks', 'vendor_id'],
    }
    const out = applyFixes(win, ['hyperv'], narrow).xml
    expect(out).toContain("<spinlocks state='on' retries='8191'/>")
    expect(out).not.toContain('<relaxed')
    const evmcs = win.replace("<stimer state='on'/>", "<evmcs state='on'/>")
    expect(finding(evmcs, 'hyperv', hostView({}, 'AMD'))?.verdict).toBe('risky')
  })

  it('pinning never shares a thread another VM pins to, and says so when the VM already does', () => {
    const host = hostView({
      pinnedByOthers: new Map([
        [1, ['other']],
        [2, ['other']],
      ]),
    })
    const out = applyFixes(domain(''), ['cpu-pinning'], host).xml
    expect(out).toContain("<vcpupin vcpu='0' cpuset='3'/>")
    expect(out).not.toMatch(/cpuset='[12]'/)
    expect(out).toContain("<emulatorpin cpuset='0'/>")
    const shared = domain("  <cputune>\n    <vcpupin vcpu='0' cpuset='1'/>\n  </cputune>\n")
    const f = finding(shared, 'cpu-pinning', host)
    expect(f?.verdict).toBe('risky')
    expect(f?.evidence.join()).toMatch(/host thread 1, which other also pin/)
  })

  it('topology on an AMD host with SMT: threads like the host, topoext added', () => {
    const xml = domain("  <cpu mode='host-passthrough'/>\n")
    const out = applyFixes(xml, ['cpu-topology'], hostView({}, 'AMD')).xml
    expect(out).toContain("<topology sockets='1' dies='1' cores='2' threads='2'/>")
    expect(out).toContain("<feature policy='require' name='topoext'/>")
  })

  it('hugepages only with enough reserved pages; otherwise says how to reserve them', () => {
    const none = hostView()
    none.caps = { ...none.caps, hugePages: [] }
    const f = finding(domain(''), 'memory-hugepages', none)
    expect(f?.verdict).toBe('improve')
    expect(f?.fix).toBeUndefined()
    expect(f?.explanation).toMatch(/vm\.nr_hugepages=2048/)
    expect(applyFixes(domain(''), ['memory-hugepages'], hostView()).xml).toContain('<hugepages/>')
  })

  it('user-mode networking without a libvirt network or bridge: no fix, says how to make a bridge', () => {
    const xml = domain('').replace('  <devices>\n', "  <devices>\n    <interface type='user'/>\n")
    const f = finding(xml, 'net-backend', hostView({ networks: [] }))
    expect(f?.fix).toBeUndefined()
    expect(f?.explanation).toMatch(/nmcli con add type bridge/)
    expect(applyFixes(xml, ['net-backend'], hostView({ networks: [], bridges: ['br0'] })).xml).toContain(
      "<source bridge='br0'/>",
    )
  })

  it('qcow2 preallocation read from qemu-img map (present: false)', () => {
    expect(
      parseQemuImgMap(
        '[{ "start": 0, "length": 1073741824, "depth": 0, "present": false, "zero": true, "data": false}]',
      ),
    ).toEqual({
      virtualSize: 1073741824,
      unallocatedBytes: 1073741824,
    })
    const xml = read('tuning/slow-linux.xml')
    const path = '/var/lib/libvirt/images/slow-linux.qcow2'
    const sparse = hostView({
      images: new Map([[path, { path, format: 'qcow2', virtualSize: 2 ** 30, unallocatedBytes: 2 ** 29 }]]),
    })
    expect(finding(xml, 'image-preallocation', sparse)).toMatchObject({
      verdict: 'improve',
      fix: { kind: 'job' },
    })
    const full = hostView({
      images: new Map([[path, { path, format: 'qcow2', virtualSize: 2 ** 30, unallocatedBytes: 0 }]]),
    })
    expect(finding(xml, 'image-preallocation', full)?.verdict).toBe('ok')
  })

  it('score: 100 minus the penalties; findings worst first', () => {
    const findings = evaluate(read('tuning/slow-linux.xml'), hostView())
    expect(findings[0]?.verdict).toBe('risky')
    expect(score(findings)).toBe(Math.max(0, 100 - findings.reduce((s, f) => s + f.penalty, 0)))
  })

  it('keeps comments, unknown metadata and odd quoting through every fix', () => {
    const xml = read('tuning/slow-linux.xml')
    const all = evaluate(xml, hostView())
      .filter((f) => f.fix?.kind === 'xml')
      .map((f) => f.rule)
    const out = applyFixes(xml, all, hostView()).xml
    for (const kept of [
      '<!-- a comment the fixes must keep -->',
      `<vd:note xmlns:vd="https://example.org/virtdeck-test">kept &amp; untouched, 'odd' "quotes"</vd:note>`,
      '<features><acpi/><apic/></features>',
      '<source dev="/dev/vg0/data"/>',
      '<domain type="kvm">',
    ])
      expect(out).toContain(kept)
    expect(out).toContain('<target dev="vdb" bus="virtio"   />')
  })

  it('refuses an unknown rule', () => {
    expect(() => applyFixes(domain(''), ['no-such-rule'], hostView())).toThrow(/Unknown tuning rule/)
  })
})

describe('PCI passthrough hint', () => {
  const xml = domain('')
  it('points to a NIC or NVMe drive bound to vfio-pci that no other VM uses', () => {
    const ready = hostView({ pciDevices: [{ name: 'pci_0000_03_00_0', kind: 'nvme', driver: 'vfio-pci' }] })
    expect(finding(xml, 'pci-passthrough', ready)).toMatchObject({ verdict: 'improve', penalty: 0 })
    const taken = hostView({
      pciDevices: [{ name: 'pci_0000_03_00_0', kind: 'nvme', driver: 'vfio-pci', assignedTo: ['gamer'] }],
    })
    const f = finding(xml, 'pci-passthrough', taken)
    expect(f?.verdict).toBe('not-applicable')
    expect(f?.evidence.join()).toMatch(/passed to gamer/)
    expect(
      finding(
        xml,
        'pci-passthrough',
        hostView({ pciDevices: [{ name: 'pci_0000_00_03_0', kind: 'nic', driver: 'virtio-pci' }] }),
      )?.verdict,
    ).toBe('not-applicable')
  })
})
