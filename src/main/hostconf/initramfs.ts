import type { InitramfsSystem, PlanCommand } from '@shared/passthrough.js'

/**
 * The vfio modules in the initramfs, so vfio-pci claims the card before the GPU driver does, for
 * the three initramfs builders: initramfs-tools (/etc/initramfs-tools/modules, one module a line),
 * dracut (a drop-in in /etc/dracut.conf.d/), mkinitcpio (MODULES=() in /etc/mkinitcpio.conf).
 * Edits keep every other byte; a module already listed (vfio-pci or vfio_pci) is not added again.
 */

export const INITRAMFS_TOOLS_MODULES = '/etc/initramfs-tools/modules'
export const DRACUT_DROP_IN = '/etc/dracut.conf.d/10-virtdeck-vfio.conf'
export const MKINITCPIO_CONF = '/etc/mkinitcpio.conf'

/** vfio_virqfd was folded into vfio in Linux 6.2; listing it later makes the build fail or warn. */
export function vfioModules(kernelRelease: string | null): string[] {
  const modules = ['vfio_pci', 'vfio', 'vfio_iommu_type1']
  const m = /^(\d+)\.(\d+)/.exec(kernelRelease ?? '')
  const before62 = m !== null && (Number(m[1]) < 6 || (Number(m[1]) === 6 && Number(m[2]) < 2))
  if (before62) modules.push('vfio_virqfd')
  return modules
}

const norm = (name: string): string => name.replace(/-/g, '_')

function withNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`
}

/** /etc/initramfs-tools/modules: missing modules appended one a line. */
export function editInitramfsToolsModules(before: string | null, modules: readonly string[]): string {
  const text = before ?? ''
  const listed = new Set(
    text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'))
      .map((l) => norm(l.split(/\s+/)[0] ?? '')),
  )
  const missing = modules.filter((m) => !listed.has(norm(m)))
  if (missing.length === 0) return text
  return `${withNewline(text)}${missing.join('\n')}\n`
}

/** Modules any dracut file already forces or adds (add_drivers, force_drivers). */
export function dracutListedModules(files: readonly (string | null)[]): Set<string> {
  const found = new Set<string>()
  for (const text of files) {
    for (const m of (text ?? '').matchAll(/^\s*(?:add_drivers|force_drivers)\+?=\s*["']([^"']*)["']/gm))
      for (const name of (m[1] ?? '').split(/\s+/)) if (name !== '') found.add(norm(name))
  }
  return found
}

/** Our dracut drop-in: force_drivers loads them early even when no device needs them yet. */
export function dracutDropIn(before: string | null, modules: readonly string[], others: Set<string>): string {
  const missing = modules.filter((m) => !others.has(norm(m)))
  const line = `force_drivers+=" ${missing.join(' ')} "`
  if (before !== null && before.includes(line)) return before
  if (missing.length === 0) return before ?? ''
  return `# Written by VirtDeck: load vfio before the GPU drivers (GPU passthrough).\n${line}\n`
}

/**
 * MODULES=(…) or MODULES="…" in mkinitcpio.conf: the missing vfio modules go FIRST, so they load
 * before a GPU driver listed there (amdgpu, nouveau). The last uncommented assignment is the one
 * mkinitcpio uses; a file without one gets a new line.
 */
export function editMkinitcpioModules(before: string | null, modules: readonly string[]): string {
  const text = before ?? ''
  const matches = [...text.matchAll(/^MODULES=(\(([^)]*)\)|"([^"]*)")/gm)]
  const last = matches.at(-1)
  if (last === undefined || last.index === undefined)
    return `${withNewline(text)}MODULES=(${modules.join(' ')})\n`
  const inner = last[2] ?? last[3] ?? ''
  const listed = new Set(
    inner
      .split(/\s+/)
      .filter((s) => s !== '')
      .map(norm),
  )
  const missing = modules.filter((m) => !listed.has(norm(m)))
  if (missing.length === 0) return text
  const start = last.index + 'MODULES='.length + 1
  const sep = inner === '' || /^\s/.test(inner) ? '' : ' '
  return `${text.slice(0, start)}${missing.join(' ')}${sep}${text.slice(start)}`
}

export function initramfsRegenerate(system: InitramfsSystem): PlanCommand | undefined {
  switch (system) {
    case 'initramfs-tools':
      return {
        file: 'update-initramfs',
        args: ['-u', '-k', 'all'],
        why: 'Rebuild the initramfs with the vfio modules',
      }
    case 'dracut':
      return {
        file: 'dracut',
        args: ['--regenerate-all', '--force'],
        why: 'Rebuild the initramfs with the vfio modules',
      }
    case 'mkinitcpio':
      return { file: 'mkinitcpio', args: ['-P'], why: 'Rebuild the initramfs images with the vfio modules' }
    case 'unknown':
      return undefined
  }
}
