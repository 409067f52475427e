import { AppError } from '@shared/errors.js'

/**
 * Looking Glass: the guest copies each frame into an IVSHMEM region the host client reads. The
 * region holds two frames of W×H at 4 bytes a pixel plus 10 MiB for the cursor and headers, rounded
 * up to a power of two (QEMU wants one): 32 MiB at 1920×1080, 64 MiB at 2560×1440, 128 MiB at 3840×2160.
 */

export const LOOKING_GLASS_SHM = 'looking-glass'
export const LOOKING_GLASS_TMPFILES = '/etc/tmpfiles.d/10-looking-glass.conf'

const MIB = 1024 * 1024

export function lookingGlassSizeMiB(width: number, height: number): number {
  const bytes = width * height * 4 * 2 + 10 * MIB
  const mib = bytes / MIB
  let size = 1
  while (size < mib) size *= 2
  return size
}

/** How the size was found, for the preview. */
export function lookingGlassFormula(width: number, height: number): string {
  const mib = (width * height * 4 * 2) / MIB + 10
  return `${width} × ${height} × 4 bytes × 2 frames + 10 MiB = ${mib.toFixed(2)} MiB → ${lookingGlassSizeMiB(width, height)} MiB (the next power of two)`
}

/**
 * The tmpfiles.d line that creates /dev/shm/looking-glass at boot, writable by the user running the
 * client and by QEMU (group kvm), so neither has to run as root.
 */
export function lookingGlassTmpfiles(user: string): { path: string; content: string } {
  if (!/^[a-z_][a-z0-9_-]*\$?$/i.test(user))
    throw new AppError('INVALID_INPUT', `"${user}" is not a user name tmpfiles.d accepts`, {
      detail: 'Use the login name of the user who runs the Looking Glass client.',
    })
  return {
    path: LOOKING_GLASS_TMPFILES,
    content: `# Written by VirtDeck: shared memory for the Looking Glass client.\nf /dev/shm/${LOOKING_GLASS_SHM} 0660 ${user} kvm -\n`,
  }
}
