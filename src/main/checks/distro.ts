import type { CheckFix } from '@shared/checks.js'
import type { HostReader } from './host-io.js'

export type DistroFamily = 'debian' | 'fedora' | 'arch' | 'suse' | 'unknown'

export interface Distro {
  family: DistroFamily
  /** PRETTY_NAME from /etc/os-release, when readable. */
  name?: string
}

/** Which distribution family the host is, from /etc/os-release: it decides the commands a fix shows. */
export async function readDistro(reader: HostReader): Promise<Distro> {
  const outcome = await reader.read('/etc/os-release')
  if (!outcome.ok) return { family: 'unknown' }
  const fields = new Map<string, string>()
  for (const line of outcome.text.split(/\r?\n/)) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim())
    if (match !== null) fields.set(match[1] ?? '', (match[2] ?? '').replace(/^["']|["']$/g, ''))
  }
  const ids = `${fields.get('ID') ?? ''} ${fields.get('ID_LIKE') ?? ''}`.toLowerCase().split(/\s+/)
  const family: DistroFamily = ids.some((id) => ['debian', 'ubuntu'].includes(id))
    ? 'debian'
    : ids.some((id) => ['fedora', 'rhel', 'centos'].includes(id))
      ? 'fedora'
      : ids.some((id) => ['arch', 'archlinux', 'manjaro'].includes(id))
        ? 'arch'
        : ids.some((id) => id.startsWith('suse') || id.startsWith('opensuse') || id === 'sles')
          ? 'suse'
          : 'unknown'
  const distro: Distro = { family }
  const name = fields.get('PRETTY_NAME')
  if (name !== undefined) distro.name = name
  return distro
}

/** The command that installs a package, per family; undefined when the family is not known. */
function installCommand(distro: Distro, packages: Partial<Record<DistroFamily, string>>): string | undefined {
  const name = packages[distro.family]
  if (name === undefined) return undefined
  switch (distro.family) {
    case 'debian':
      return `sudo apt install ${name}`
    case 'fedora':
      return `sudo dnf install ${name}`
    case 'arch':
      return `sudo pacman -S ${name}`
    case 'suse':
      return `sudo zypper install ${name}`
    case 'unknown':
      return undefined
  }
}

/**
 * The fix that installs `what`: the command for the host's family, or else a pointer to its package
 * manager (naming it `longName` there, where no package name is shown).
 */
export function installFix(
  distro: Distro,
  packages: Partial<Record<DistroFamily, string>>,
  what: string,
  longName = what,
): CheckFix {
  const command = installCommand(distro, packages)
  return command !== undefined
    ? { text: `Install ${what}.`, commands: [command] }
    : { text: `Install ${longName} with your distribution's package manager.` }
}

/** The command that regenerates GRUB's configuration after /etc/default/grub changed. */
export function grubUpdateCommand(distro: Distro): string {
  switch (distro.family) {
    case 'debian':
      return 'sudo update-grub'
    case 'fedora':
    case 'suse':
      return 'sudo grub2-mkconfig -o /boot/grub2/grub.cfg'
    case 'arch':
    case 'unknown':
      return 'sudo grub-mkconfig -o /boot/grub/grub.cfg'
  }
}
