import type { Host } from '../host/host.js'

/**
 * Secure Boot and the modules the plan relies on. With Secure Boot on, the kernel loads only signed
 * modules (lockdown): vfio-pci from the distribution's kernel is signed and loads; a self-built kernel
 * (e.g. one with the ACS override patch) or a module without a signature does not. The state is read
 * from the EFI variable under the host's root (so a captured tree carries it as a file); the module's
 * signer from `modinfo` on the host.
 */

/** The SecureBoot variable of the EFI global-variable GUID: 4 bytes of attributes, then 1 (on) or 0. */
export const SECURE_BOOT_VAR = '/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c'

export interface SecureBootFacts {
  /** null: no EFI variable (BIOS boot, or not readable). */
  enabled: boolean | null
  /** Signer of vfio-pci: a name, '' when the module has none, null when it could not be read (or built in). */
  vfioSigner: string | null
}

export function parseSecureBootVar(bytes: Buffer | null): boolean | null {
  if (bytes === null || bytes.length < 5) return null
  return bytes[4] === 1
}

export async function readSecureBoot(
  host: Host,
  base: string,
  kernelRelease: string | null,
): Promise<SecureBootFacts> {
  let bytes: Buffer | null = null
  try {
    bytes = await host.readFile(`${base}${SECURE_BOOT_VAR}`)
  } catch {
    bytes = null
  }
  const enabled = parseSecureBootVar(bytes)
  if (enabled !== true) return { enabled, vfioSigner: null }
  const args = [...(kernelRelease === null ? [] : ['-k', kernelRelease]), '-F', 'signer', 'vfio-pci']
  const result = await host.exec('modinfo', args, { timeoutMs: 10_000 }).catch(() => null)
  // modinfo prints the signer; nothing for an unsigned module; "(builtin)"-style errors when built in.
  const vfioSigner = result === null || result.code !== 0 ? null : result.stdout.trim()
  return { enabled, vfioSigner }
}

/** What Secure Boot means for this plan: blockers (the module will not load) and notes. */
export function secureBootFindings(
  facts: SecureBootFacts,
  cmdline: string | null,
): { blockers: string[]; notes: string[] } {
  if (facts.enabled !== true)
    return {
      blockers: [],
      notes: facts.enabled === false ? ['Secure Boot is off: every module loads.'] : [],
    }
  const blockers: string[] = []
  const notes: string[] = []
  if (facts.vfioSigner === '')
    blockers.push(
      'Secure Boot is on and this kernel’s vfio-pci module is not signed, so it will not load and the card stays on its driver. Use your distribution’s signed kernel, or sign the module with a Machine Owner Key (mokutil --import) — or turn Secure Boot off in the firmware setup.',
    )
  else if (facts.vfioSigner === null)
    notes.push(
      'Secure Boot is on; VirtDeck could not read whether vfio-pci is signed (built into the kernel, or modinfo is missing). Distribution kernels sign it; check with: modinfo -F signer vfio-pci',
    )
  else notes.push(`Secure Boot is on; vfio-pci is signed (${facts.vfioSigner}), so it loads.`)
  if (cmdline !== null && /\bpcie_acs_override=/.test(cmdline))
    notes.push(
      'This kernel takes pcie_acs_override, so it is a patched kernel: with Secure Boot on it boots only if you signed it yourself.',
    )
  return { blockers, notes }
}
