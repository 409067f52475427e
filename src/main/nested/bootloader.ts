import type { Host } from '../host/host.js'
import type { BootloaderInfo, PlannedCommand } from '@shared/nested.js'
import { commandPath, listDirectory, pathExists, readTextOrNull } from '../changes/host-files.js'

/**
 * Which bootloader writes the kernel command line on this host, and how to regenerate its
 * configuration. Only GRUB is edited automatically; systemd-boot and kernelstub (Pop!_OS) keep the
 * command line elsewhere, so for them the answer is what to do by hand (or the modprobe method).
 */

/** systemd-boot announces itself in this EFI variable; GRUB does not set it. */
const LOADER_INFO = '/sys/firmware/efi/efivars/LoaderInfo-4a67b082-0a4c-41cf-b6c7-440b29bb8c4f'
const LOADER_CONFS = ['/efi/loader/loader.conf', '/boot/loader/loader.conf', '/boot/efi/loader/loader.conf']
const ENTRY_DIRS = ['/efi/loader/entries', '/boot/loader/entries', '/boot/efi/loader/entries']

export function kernelstubInstructions(param: string): string[] {
  return [
    'This system boots through kernelstub (Pop!_OS), which keeps the kernel command line in /etc/kernelstub/configuration and rewrites the boot entry itself; /etc/default/grub is not used.',
    `Add the parameter with: sudo kernelstub -a '${param}'   (remove it later with: sudo kernelstub -d '${param}')`,
    'Then reboot. Or use the modprobe method, which works with any bootloader.',
  ]
}

export function systemdBootInstructions(param: string, entryDirs: readonly string[]): string[] {
  const entries =
    entryDirs.length > 0 ? entryDirs.join(', ') : '/boot/loader/entries (or /efi/loader/entries)'
  return [
    'This system boots with systemd-boot, which does not read /etc/default/grub.',
    `If /etc/kernel/cmdline exists (kernel-install manages the entries): add ${param} to it, then regenerate the entry: sudo kernel-install add "$(uname -r)" "/lib/modules/$(uname -r)/vmlinuz" (or reinstall the kernel package).`,
    `Otherwise edit the "options" line of each entry in ${entries} and append ${param}.`,
    'Then reboot. Or use the modprobe method, which works with any bootloader.',
  ]
}

export function unknownBootloaderInstructions(param: string): string[] {
  return [
    'VirtDeck could not tell which bootloader this system uses (no /etc/default/grub with grub-mkconfig, no systemd-boot, no kernelstub).',
    `Add ${param} to the kernel command line in your bootloader's configuration and reboot, or use the modprobe method.`,
  ]
}

/** UTF-16LE string after the 4 attribute bytes of an efivarfs file. */
function efiVarString(data: Buffer): string {
  return data.subarray(4).toString('utf16le').replace(/\0+$/, '')
}

async function readEfiVar(host: Host, path: string): Promise<string | null> {
  try {
    return efiVarString(await host.readFile(path))
  } catch {
    return null
  }
}

async function firstExisting(
  host: Host,
  paths: readonly string[],
  test: '-e' | '-d' = '-e',
): Promise<string[]> {
  const found: string[] = []
  for (const path of paths) if (await pathExists(host, path, test)) found.push(path)
  return found
}

/**
 * Where grub2-mkconfig must write. Fedora 34+ and RHEL 9 keep the real file at /boot/grub2/grub.cfg
 * even on EFI (the ESP's grub.cfg only `configfile`s it); older EFI installs (RHEL 8, Fedora ≤ 33)
 * keep the full config in /boot/efi/EFI/<vendor>/grub.cfg.
 */
async function grub2ConfigPath(host: Host, evidence: string[]): Promise<string> {
  const fallback = '/boot/grub2/grub.cfg'
  if (!(await pathExists(host, '/sys/firmware/efi', '-d'))) return fallback
  const vendors = await listDirectory(host, '/boot/efi/EFI')
  if (vendors === null) {
    evidence.push(
      'EFI system, but /boot/efi/EFI could not be listed (often root-only); assuming /boot/grub2/grub.cfg (Fedora 34+, RHEL 9+).',
    )
    return fallback
  }
  for (const vendor of vendors) {
    const path = `/boot/efi/EFI/${vendor}/grub.cfg`
    const content = await readTextOrNull(host, path).catch(() => null)
    if (content === null) continue
    if (/^\s*configfile\b/m.test(content)) {
      evidence.push(`${path} only points to the real configuration (configfile).`)
      return fallback
    }
    if (/^\s*(menuentry|blscfg|insmod)\b/m.test(content)) {
      evidence.push(`${path} is a full GRUB configuration (older EFI layout).`)
      return path
    }
  }
  return fallback
}

async function grubRegenerateCommand(
  host: Host,
  evidence: string[],
  grubDefault: string,
): Promise<PlannedCommand | undefined> {
  const updateGrub = await commandPath(host, 'update-grub')
  if (updateGrub !== null) {
    evidence.push(`update-grub found at ${updateGrub} (Debian/Ubuntu).`)
    return { file: 'update-grub', args: [], why: 'Regenerate /boot/grub/grub.cfg from /etc/default/grub' }
  }
  const grub2 = await commandPath(host, 'grub2-mkconfig')
  if (grub2 !== null) {
    const output = await grub2ConfigPath(host, evidence)
    const args = ['-o', output]
    evidence.push(`grub2-mkconfig found at ${grub2} (Fedora/RHEL/openSUSE).`)
    if (/^\s*GRUB_ENABLE_BLSCFG=["']?true/m.test(grubDefault)) {
      // Since GRUB 2.06 in Fedora 39+, BLS entries keep their own options unless asked to take the new ones.
      const help = await host
        .exec('grub2-mkconfig', ['--help'])
        .catch(() => ({ stdout: '', stderr: '', code: 1 }))
      if (`${help.stdout}${help.stderr}`.includes('--update-bls-cmdline')) {
        args.push('--update-bls-cmdline')
        evidence.push(
          'GRUB_ENABLE_BLSCFG=true and grub2-mkconfig supports --update-bls-cmdline: the boot entries get the new command line too.',
        )
      }
    }
    return { file: 'grub2-mkconfig', args, why: `Regenerate ${output} from /etc/default/grub` }
  }
  const grub = await commandPath(host, 'grub-mkconfig')
  if (grub !== null) {
    evidence.push(`grub-mkconfig found at ${grub}.`)
    return {
      file: 'grub-mkconfig',
      args: ['-o', '/boot/grub/grub.cfg'],
      why: 'Regenerate /boot/grub/grub.cfg from /etc/default/grub',
    }
  }
  return undefined
}

/** Detects the bootloader and, for GRUB, the command that regenerates its configuration. */
export async function detectBootloader(host: Host, param: string): Promise<BootloaderInfo> {
  const evidence: string[] = []

  const kernelstubConf = await pathExists(host, '/etc/kernelstub/configuration')
  const kernelstub = await commandPath(host, 'kernelstub')
  if (kernelstubConf || kernelstub !== null) {
    if (kernelstubConf) evidence.push('/etc/kernelstub/configuration exists.')
    if (kernelstub !== null) evidence.push(`kernelstub found at ${kernelstub}.`)
    return { kind: 'kernelstub', evidence, instructions: kernelstubInstructions(param) }
  }

  const entryDirs = await firstExisting(host, ENTRY_DIRS, '-d')
  const loaderInfo = await readEfiVar(host, LOADER_INFO)
  if (loaderInfo !== null && /systemd-boot/i.test(loaderInfo)) {
    evidence.push(`The running boot loader reports itself as "${loaderInfo}" (EFI LoaderInfo).`)
    return { kind: 'systemd-boot', evidence, instructions: systemdBootInstructions(param, entryDirs) }
  }

  const grubDefault = await readTextOrNull(host, '/etc/default/grub').catch(() => null)
  if (grubDefault !== null) {
    evidence.push('/etc/default/grub exists.')
    const regenerate = await grubRegenerateCommand(host, evidence, grubDefault)
    if (regenerate !== undefined) return { kind: 'grub', evidence, regenerate, instructions: [] }
    evidence.push('No update-grub, grub2-mkconfig or grub-mkconfig on the PATH.')
  }

  const bootctl = await commandPath(host, 'bootctl')
  const loaderConfs = await firstExisting(host, LOADER_CONFS)
  let bootctlInstalled = false
  if (bootctl !== null) {
    const result = await host.exec('bootctl', ['is-installed']).catch(() => null)
    bootctlInstalled = result?.code === 0 && /^yes/m.test(result.stdout)
    if (bootctlInstalled) evidence.push('bootctl is-installed: yes.')
  }
  if (loaderConfs.length > 0) evidence.push(`systemd-boot configuration: ${loaderConfs.join(', ')}.`)
  if (bootctlInstalled || loaderConfs.length > 0) {
    return { kind: 'systemd-boot', evidence, instructions: systemdBootInstructions(param, entryDirs) }
  }

  if (grubDefault !== null) {
    return {
      kind: 'grub',
      evidence,
      instructions: [
        "/etc/default/grub exists but no command to regenerate grub.cfg was found; install GRUB's tools (grub2-tools or grub-common) or use the modprobe method.",
      ],
    }
  }
  evidence.push('No /etc/default/grub, no systemd-boot, no kernelstub.')
  return { kind: 'unknown', evidence, instructions: unknownBootloaderInstructions(param) }
}
