import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { AppError } from '@shared/errors.js'
import { cmdlineEnables } from '../kernel-cmdline.js'
import {
  dropInOverrides,
  effectiveParam,
  readGrubCmdline,
  removeKernelParam,
  setKernelParam,
} from './edit.js'

// shared/ sits beside the repository (CI clones it elsewhere with shared/ next to it).
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url))
const grubDir = join(repoRoot, 'test', 'fixtures', 'hosts', 'grub')
const fixtures = readdirSync(grubDir).filter((f) => f.endsWith('.txt'))
const read = (name: string): string => readFileSync(join(grubDir, name), 'utf8')

const INTEL = 'kvm-intel.nested=1'
const AMD = 'kvm-amd.nested=1'

/** Lines of `after` that are not in `before` (as a multiset), and the other way round. */
function changedLines(before: string, after: string): { added: string[]; removed: string[] } {
  const a = before.split('\n')
  const b = after.split('\n')
  const removed = a.filter(
    (line, i) => a.slice(0, i + 1).filter((l) => l === line).length > b.filter((l) => l === line).length,
  )
  const added = b.filter(
    (line, i) => b.slice(0, i + 1).filter((l) => l === line).length > a.filter((l) => l === line).length,
  )
  return { added, removed }
}

describe('GRUB fixtures from real machines', () => {
  it('has the five fixtures', () => {
    expect(fixtures).toHaveLength(5)
  })

  it.each(fixtures)('%s: adds the parameter to GRUB_CMDLINE_LINUX and nothing else changes', (name) => {
    const before = read(name)
    const old = readGrubCmdline(before)
    const edit = setKernelParam(before, INTEL)
    expect(edit.changed).toBe(true)
    const now = readGrubCmdline(edit.text)
    expect(now.linux).toEqual([...(old.linux ?? []), INTEL])
    expect(now.linuxDefault).toEqual(old.linuxDefault)
    // Exactly one line differs (edited) or one line is added; the final-newline status is kept.
    const { added, removed } = changedLines(before, edit.text)
    expect(added).toHaveLength(1)
    expect(added[0]).toMatch(/^GRUB_CMDLINE_LINUX=/)
    expect(removed.length).toBe(old.linux === undefined ? 0 : 1)
    expect(edit.text.endsWith('\n')).toBe(before.endsWith('\n'))
    expect(effectiveParam(edit.text, INTEL)).toEqual({ token: INTEL, variable: 'GRUB_CMDLINE_LINUX' })
  })

  it.each(fixtures)(
    '%s: is idempotent, and removing gives the original back where GRUB_CMDLINE_LINUX existed',
    (name) => {
      const before = read(name)
      const once = setKernelParam(before, AMD).text
      const twice = setKernelParam(once, AMD)
      expect(twice.changed).toBe(false)
      expect(twice.text).toBe(once)
      const removed = removeKernelParam(once, AMD)
      expect(removed.changed).toBe(true)
      if (readGrubCmdline(before).linux !== undefined) expect(removed.text).toBe(before)
      expect(readGrubCmdline(removed.text).linux ?? []).not.toContain(AMD)
    },
  )

  it('Fedora: appends inside the existing double quotes', () => {
    const edit = setKernelParam(read('fedora-rhgb-quiet-amdgpu-etc-default-grub.txt'), INTEL)
    expect(edit.text).toContain(
      'GRUB_CMDLINE_LINUX="rhgb quiet radeon.cik_support=0 amdgpu.cik_support=1 ipv6.disable=1 lockdown=confidentiality kvm-intel.nested=1"\nGRUB_DISABLE_RECOVERY="true"\n',
    )
  })

  it('elementary / Proxmox: fills the empty GRUB_CMDLINE_LINUX="" and leaves the commented-out lines alone', () => {
    for (const name of [
      'elementary-amd-iommu-pt-etc-default-grub.txt',
      'proxmox-intel-iommu-etc-default-grub.txt',
    ]) {
      const before = read(name)
      const edit = setKernelParam(before, AMD)
      expect(edit.text).toBe(
        before.replace('\nGRUB_CMDLINE_LINUX=""\n', '\nGRUB_CMDLINE_LINUX="kvm-amd.nested=1"\n'),
      )
    }
  })

  it('a file that is one _DEFAULT line without a final newline: adds GRUB_CMDLINE_LINUX after it, still without one', () => {
    const before = read('gpu-passthrough-cmdline-only-no-eol.txt')
    expect(before.endsWith('\n')).toBe(false)
    const edit = setKernelParam(before, INTEL)
    expect(edit.text).toBe(`${before}\nGRUB_CMDLINE_LINUX="kvm-intel.nested=1"`)
    expect(edit.notes.join(' ')).toMatch(/was not set/)
  })

  it('Ubuntu grep output (only _DEFAULT, with a newline): adds the line after it', () => {
    const before = read('ubuntu-quiet-splash-vfio-pci-ids-arc-a310-grep.txt')
    expect(setKernelParam(before, INTEL).text).toBe(`${before}GRUB_CMDLINE_LINUX="kvm-intel.nested=1"\n`)
  })

  it('reads the parameters of the real files', () => {
    expect(readGrubCmdline(read('proxmox-intel-iommu-etc-default-grub.txt'))).toEqual({
      linux: [],
      linuxDefault: ['intel_iommu=on'],
    })
    expect(readGrubCmdline(read('ubuntu-quiet-splash-vfio-pci-ids-arc-a310-grep.txt')).linuxDefault).toEqual([
      'quiet',
      'splash',
      'intel_iommu=on',
      'vfio_iommu_type1.allow_unsafe_interrupts=1',
      'iommu=pt',
      'vfio-pci.ids=8086:56a6,8086:4f92',
    ])
    expect(readGrubCmdline(read('gpu-passthrough-cmdline-only-no-eol.txt')).linux).toBeUndefined()
  })
})

describe('invented edge cases', () => {
  it('keeps single quotes', () => {
    expect(setKernelParam("GRUB_CMDLINE_LINUX='quiet splash'\n", AMD).text).toBe(
      "GRUB_CMDLINE_LINUX='quiet splash kvm-amd.nested=1'\n",
    )
  })

  it('keeps an empty unquoted value unquoted, and quotes a bare value when a space is needed', () => {
    expect(setKernelParam('GRUB_CMDLINE_LINUX=\n', INTEL).text).toBe(
      'GRUB_CMDLINE_LINUX=kvm-intel.nested=1\n',
    )
    expect(setKernelParam('GRUB_CMDLINE_LINUX=quiet\n', INTEL).text).toBe(
      'GRUB_CMDLINE_LINUX="quiet kvm-intel.nested=1"\n',
    )
    expect(setKernelParam('GRUB_CMDLINE_LINUX=a\\ b\n', INTEL).text).toBe(
      'GRUB_CMDLINE_LINUX=a\\ b" kvm-intel.nested=1"\n',
    )
    expect(readGrubCmdline('GRUB_CMDLINE_LINUX=a\\ b" kvm-intel.nested=1"\n').linux).toEqual([
      'a',
      'b',
      INTEL,
    ])
  })

  it('replaces an existing kvm-intel.nested=0 in place, and other spellings of the name', () => {
    expect(setKernelParam('GRUB_CMDLINE_LINUX="quiet kvm-intel.nested=0 splash"\n', INTEL).text).toBe(
      'GRUB_CMDLINE_LINUX="quiet kvm-intel.nested=1 splash"\n',
    )
    expect(setKernelParam('GRUB_CMDLINE_LINUX="kvm_intel.nested=N"\n', INTEL).text).toBe(
      'GRUB_CMDLINE_LINUX="kvm-intel.nested=1"\n',
    )
    const dup = setKernelParam('GRUB_CMDLINE_LINUX="kvm-intel.nested=0 x kvm-intel.nested=0"\n', INTEL)
    expect(dup.text).toBe('GRUB_CMDLINE_LINUX="x kvm-intel.nested=1"\n')
  })

  it('is idempotent for every spelling that already turns it on', () => {
    for (const line of [
      'GRUB_CMDLINE_LINUX="kvm_intel.nested=1"\n',
      'GRUB_CMDLINE_LINUX="a kvm-intel.nested=Y"\n',
      'GRUB_CMDLINE_LINUX="kvm-intel.nested"\n',
    ]) {
      expect(setKernelParam(line, INTEL)).toEqual({ text: line, changed: false, notes: [] })
    }
  })

  it('edits the last assignment (the one the shell keeps), export included, comments and trailing comments kept', () => {
    const before = [
      '#GRUB_CMDLINE_LINUX="old"',
      'GRUB_CMDLINE_LINUX="first"',
      'export GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX second"   # keep this comment',
      'GRUB_TIMEOUT=5',
      '',
    ].join('\n')
    const edit = setKernelParam(before, INTEL)
    expect(edit.text).toBe(before.replace('second"', 'second kvm-intel.nested=1"'))
    expect(readGrubCmdline(edit.text).linux).toEqual(['$GRUB_CMDLINE_LINUX', 'second', INTEL])
  })

  it('handles a double-quoted value over several lines and escaped quotes', () => {
    const before = 'GRUB_CMDLINE_LINUX="quiet\n  acpi_osi=\\"Windows 2015\\""\nGRUB_TIMEOUT=1\n'
    const edit = setKernelParam(before, INTEL)
    expect(edit.text).toBe(
      'GRUB_CMDLINE_LINUX="quiet\n  acpi_osi=\\"Windows 2015\\" kvm-intel.nested=1"\nGRUB_TIMEOUT=1\n',
    )
    expect(readGrubCmdline(edit.text).linux).toEqual(['quiet', 'acpi_osi="Windows', '2015"', INTEL])
  })

  it('removes a conflicting value from GRUB_CMDLINE_LINUX_DEFAULT, which would win', () => {
    const before = 'GRUB_CMDLINE_LINUX_DEFAULT="quiet kvm-intel.nested=0"\nGRUB_CMDLINE_LINUX=""\n'
    const edit = setKernelParam(before, INTEL)
    expect(edit.text).toBe('GRUB_CMDLINE_LINUX_DEFAULT="quiet"\nGRUB_CMDLINE_LINUX="kvm-intel.nested=1"\n')
    expect(edit.notes.join('\n')).toMatch(/Removed kvm-intel.nested=0 from GRUB_CMDLINE_LINUX_DEFAULT/)
  })

  it('adds GRUB_CMDLINE_LINUX in the quoting style of _DEFAULT, or at the end of a file that has neither', () => {
    expect(setKernelParam("GRUB_CMDLINE_LINUX_DEFAULT='quiet'\nGRUB_TIMEOUT=5\n", AMD).text).toBe(
      "GRUB_CMDLINE_LINUX_DEFAULT='quiet'\nGRUB_CMDLINE_LINUX='kvm-amd.nested=1'\nGRUB_TIMEOUT=5\n",
    )
    expect(setKernelParam('GRUB_TIMEOUT=5\n', AMD).text).toBe(
      'GRUB_TIMEOUT=5\nGRUB_CMDLINE_LINUX="kvm-amd.nested=1"\n',
    )
    expect(setKernelParam('', AMD).text).toBe('GRUB_CMDLINE_LINUX="kvm-amd.nested=1"\n')
    expect(setKernelParam('GRUB_TIMEOUT=5', AMD).text).toBe(
      'GRUB_TIMEOUT=5\nGRUB_CMDLINE_LINUX="kvm-amd.nested=1"',
    )
  })

  it('refuses what it cannot edit safely', () => {
    const refuse = (text: string): void => {
      let caught: unknown
      try {
        setKernelParam(text, INTEL)
      } catch (error) {
        caught = error
      }
      expect(caught).toBeInstanceOf(AppError)
      expect((caught as AppError).code).toBe('UNSUPPORTED')
    }
    refuse('GRUB_CMDLINE_LINUX="quiet\n')
    refuse('GRUB_CMDLINE_LINUX=$(cat /etc/cmdline)\n')
    refuse('GRUB_CMDLINE_LINUX="kvm-intel."nested=0\n')
    expect(() => setKernelParam('', 'bad param; rm -rf /')).toThrow(/Not a kernel parameter/)
  })

  it('removes the parameter from both variables, with one neighbouring blank', () => {
    const before =
      'GRUB_CMDLINE_LINUX_DEFAULT="kvm_amd.nested=0 quiet"\nGRUB_CMDLINE_LINUX="a kvm-amd.nested=1 b"\n'
    expect(removeKernelParam(before, AMD).text).toBe(
      'GRUB_CMDLINE_LINUX_DEFAULT="quiet"\nGRUB_CMDLINE_LINUX="a b"\n',
    )
  })

  it('reads /proc/cmdline', () => {
    expect(cmdlineEnables('BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro kvm_intel.nested=1 quiet\n', INTEL)).toBe(
      true,
    )
    expect(cmdlineEnables('ro kvm-intel.nested=1 kvm-intel.nested=0', INTEL)).toBe(false)
    expect(cmdlineEnables('ro quiet', INTEL)).toBe(false)
  })
})

describe('drop-ins sourced after /etc/default/grub', () => {
  it('flags a drop-in that replaces GRUB_CMDLINE_LINUX or contradicts the parameter', () => {
    expect(dropInOverrides('GRUB_CMDLINE_LINUX_DEFAULT="console=tty1 console=ttyS0"\n', INTEL)).toEqual([])
    expect(dropInOverrides('GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX console=ttyS0"\n', INTEL)).toEqual([])
    expect(dropInOverrides('GRUB_CMDLINE_LINUX="${GRUB_CMDLINE_LINUX} quiet"\n', INTEL)).toEqual([])
    expect(dropInOverrides('GRUB_CMDLINE_LINUX="console=ttyS0"\n', INTEL)).toEqual([
      'replaces GRUB_CMDLINE_LINUX',
    ])
    expect(dropInOverrides('GRUB_CMDLINE_LINUX_DEFAULT="kvm_intel.nested=0"\n', INTEL)).toEqual([
      'sets kvm_intel.nested=0 in GRUB_CMDLINE_LINUX_DEFAULT',
    ])
  })
})
