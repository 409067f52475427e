import { describe, expect, it } from 'vitest'
import type { DoctorReport } from '@shared/checks.js'
import { FixtureHost, hostTree } from '../../../test/support/fixture-host.js'
import { runDoctor } from './doctor.js'
import { toJson, toMarkdown } from './report-format.js'

const report = async (tree: string): Promise<DoctorReport> =>
  runDoctor(new FixtureHost(hostTree(tree)), { now: () => new Date('2026-01-02T03:04:05Z') })

describe('toMarkdown', () => {
  it('puts the verdict first, then the signals that disagree and which one is trusted', async () => {
    const markdown = toMarkdown(await report('epyc-kvm-guest-pvm-kvm-works'))
    const lines = markdown.split('\n')
    expect(lines[0]).toBe('# VirtDeck host report: fixture:epyc-kvm-guest-pvm-kvm-works')
    expect(lines).toContain('## Verdict: Ready for KVM')
    expect(markdown).toContain('### Signals that disagree\n\n- CPU flags (/proc/cpuinfo): no AMD-V (svm)\n')
    expect(markdown).toContain(
      '**Trusted:** libvirt domcapabilities --virttype kvm + KVM probe (QEMU -accel kvm).',
    )
    expect(markdown.indexOf('## Verdict')).toBeLessThan(markdown.indexOf('## Checks'))
  })

  it('has a table with one row per check, and virt-host-validate in one section with its whole output', async () => {
    const result = await report('amd-host-nested-on-iommu-on')
    const markdown = toMarkdown(result)
    const rows = markdown.split('\n').filter((line) => /^\| (✅|⚠️|❌|❔|ℹ️) /.test(line))
    expect(rows).toHaveLength(result.checks.length)
    expect(markdown).toContain(
      '| ✅ pass | Nested virtualization | Nested virtualization is on (kvm_amd nested=1): set in /etc/modprobe.d/kvm.conf:2. |',
    )
    expect(markdown).toContain('### virt-host-validate (29 lines, 4 not PASS)')
    expect(markdown).toContain(
      "- ❌ fail LXC: Checking for cgroup 'freezer' controller support: FAIL (Enable 'freezer' in kernel Kconfig file or mount/enable cgroup controller in your system)",
    )
    expect(markdown.match(/^### virt-host-validate/gm)).toHaveLength(1)
  })

  it('shows evidence in code blocks and fixes with their commands', async () => {
    const markdown = toMarkdown(await report('intel-i5-10400f-vtx-disabled'))
    expect(markdown).toContain('### Virtualization enabled in the firmware — ❌ fail')
    expect(markdown).toContain('```sh\nsystemctl reboot --firmware-setup\n```')
    expect(markdown).toContain(
      "Evidence — `$ ls -lLd /dev/kvm`:\n\n```text\nls: cannot access '/dev/kvm': No such file or directory\n(exit code 2)\n```",
    )
  })

  it('escapes pipes in table cells and never lets evidence close its own fence', async () => {
    const base = await report('intel-baremetal-nested-off')
    const odd: DoctorReport = {
      ...base,
      checks: [
        {
          id: 'x',
          title: 'a | b',
          status: 'warn',
          summary: 'one\ntwo | three',
          evidence: [{ source: 'here', text: 'before\n```\nafter' }],
        },
      ],
    }
    const markdown = toMarkdown(odd)
    expect(markdown).toContain('| ⚠️ warn | a \\| b | one two \\| three |')
    expect(markdown).toContain('````text\nbefore\n```\nafter\n````')
  })
})

describe('toJson', () => {
  it('is the whole report, pretty-printed, and parses back to the same object', async () => {
    const result = await report('aws-m5a-kvm-guest-no-nesting')
    const json = toJson(result)
    expect(json.endsWith('}\n')).toBe(true)
    expect(JSON.parse(json)).toEqual(result)
    expect(json).toContain('\n  "verdict": {\n')
  })
})

describe('toMarkdown for Markdown renderers (fault 11 of issue 9)', () => {
  it('shows XML in prose as code, so no renderer swallows <domain>kvm</domain>', async () => {
    const result = await report('amd-host-nested-on-iommu-on')
    const check = result.checks[0]
    if (check === undefined) throw new Error('no checks')
    const markdown = toMarkdown({
      ...result,
      checks: [{ ...check, summary: 'domcapabilities says <domain>kvm</domain> for /usr/bin/qemu' }],
    })
    expect(markdown).toContain('domcapabilities says `<domain>kvm</domain>` for /usr/bin/qemu')
    // Outside code spans and fences no raw tag is left.
    const prose = markdown.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '').replace(/`[^`\n]*`/g, '')
    expect(prose).not.toMatch(/<\/?[a-z][\w:-]*[^<>]*>/i)
  })

  it('titles the report with the host name, not its internal id', async () => {
    const markdown = toMarkdown(await report('amd-host-nested-on-iommu-on'), { hostName: 'This computer' })
    expect(markdown.split('\n')[0]).toBe('# VirtDeck host report: This computer')
  })
})
