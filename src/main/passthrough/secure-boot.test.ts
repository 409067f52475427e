import { describe, expect, it } from 'vitest'
import { parseSecureBootVar, secureBootFindings } from './secure-boot.js'

describe('Secure Boot and unsigned modules', () => {
  it('reads the EFI variable: 4 attribute bytes, then 1 or 0', () => {
    expect(parseSecureBootVar(Buffer.from([6, 0, 0, 0, 1]))).toBe(true)
    expect(parseSecureBootVar(Buffer.from([6, 0, 0, 0, 0]))).toBe(false)
    expect(parseSecureBootVar(Buffer.from([6, 0]))).toBeNull()
    expect(parseSecureBootVar(null)).toBeNull()
  })

  it('blocks when Secure Boot is on and vfio-pci has no signature; says so when it is signed or unknown', () => {
    const unsigned = secureBootFindings({ enabled: true, vfioSigner: '' }, null)
    expect(unsigned.blockers[0]).toMatch(/vfio-pci module is not signed.*mokutil --import/)
    expect(secureBootFindings({ enabled: true, vfioSigner: 'Debian Secure Boot CA' }, null)).toEqual({
      blockers: [],
      notes: ['Secure Boot is on; vfio-pci is signed (Debian Secure Boot CA), so it loads.'],
    })
    expect(secureBootFindings({ enabled: true, vfioSigner: null }, null).notes[0]).toMatch(
      /modinfo -F signer vfio-pci/,
    )
    expect(secureBootFindings({ enabled: false, vfioSigner: null }, null).blockers).toEqual([])
    expect(secureBootFindings({ enabled: null, vfioSigner: null }, null)).toEqual({ blockers: [], notes: [] })
  })

  it('an ACS-override kernel under Secure Boot is named as needing your own signature', () => {
    const acs = secureBootFindings(
      { enabled: true, vfioSigner: 'x' },
      'BOOT_IMAGE=/vmlinuz pcie_acs_override=downstream,multifunction',
    )
    expect(acs.notes.join('\n')).toMatch(/patched kernel: with Secure Boot on it boots only if you signed it/)
  })
})
