import type { Host } from '../host/host.js'
import type {
  GpuReport,
  InitramfsSystem,
  PassthroughBootloader,
  PciInventory,
  PlanCommand,
} from '@shared/passthrough.js'
import { AppError } from '@shared/errors.js'
import { GRUB_DEFAULT } from './host-plan.js'
import type { HostPlanInput } from './host-plan.js'
import { DRACUT_DROP_IN, INITRAMFS_TOOLS_MODULES, MKINITCPIO_CONF } from '../hostconf/initramfs.js'
import { runningVmsUsing } from './running-vms.js'
import { readSecureBoot } from './secure-boot.js'
import { VFIO_CONF_PATH } from './vfio-conf.js'

/**
 * Reads what the host plan depends on, under a root folder: which initramfs builder and bootloader
 * the host has (by their files and tools), and the files a plan may change. One fixed `sh` script
 * lists what exists; then only the few files that matter are read.
 */

const PROBE_SCRIPT = `r=$1
for p in /etc/initramfs-tools/modules /etc/mkinitcpio.conf /etc/dracut.conf /etc/dracut.conf.d \\
  /etc/kernelstub/configuration /etc/default/grub /usr/sbin/grubby /usr/bin/grubby \\
  /usr/sbin/update-grub /usr/bin/update-grub /usr/sbin/grub2-mkconfig /usr/bin/grub2-mkconfig \\
  /usr/sbin/grub-mkconfig /usr/bin/grub-mkconfig /boot/loader/entries /efi/loader/entries /boot/efi/loader/entries; do
  [ -e "$r$p" ] && printf '%s\\n' "$p"
done
for d in /etc/dracut.conf.d /boot/loader/entries /efi/loader/entries /boot/efi/loader/entries; do
  [ -d "$r$d" ] || continue
  for f in "$r$d"/*.conf; do [ -f "$f" ] && printf '%s/%s\\n' "$d" "\${f##*/}"; done
done`

export async function readOrNull(host: Host, path: string): Promise<string | null> {
  try {
    return (await host.readFile(path)).toString('utf8')
  } catch (error) {
    if (error instanceof AppError && (error.code === 'NOT_FOUND' || error.code === 'PERMISSION_DENIED'))
      return null
    const code = (error as { code?: unknown }).code
    if (code === 'ENOENT' || code === 'EACCES') return null
    throw error
  }
}

export async function gatherPlanInput(
  host: Host,
  root: string,
  inventory: PciInventory,
  gpu: GpuReport,
  options: { libvirtUri?: string } = {},
): Promise<HostPlanInput> {
  const base = root === '/' ? '' : root.replace(/\/+$/, '')
  const probe = await host.exec('sh', ['-c', PROBE_SCRIPT, 'virtdeck-plan-probe', base], {
    env: { LC_ALL: 'C' },
  })
  const found = new Set(probe.stdout.split('\n').filter((l) => l.startsWith('/')))
  const has = (p: string): boolean => found.has(p)

  const initramfs: InitramfsSystem = has('/etc/initramfs-tools/modules')
    ? 'initramfs-tools'
    : has(MKINITCPIO_CONF)
      ? 'mkinitcpio'
      : has('/etc/dracut.conf') || has('/etc/dracut.conf.d')
        ? 'dracut'
        : 'unknown'
  const entries = [...found].filter((p) => /\/loader\/entries\/[^/]+\.conf$/.test(p))
  const grubby = has('/usr/sbin/grubby') || has('/usr/bin/grubby')
  const bootloader: PassthroughBootloader = has('/etc/kernelstub/configuration')
    ? 'kernelstub'
    : entries.length > 0 && !has(GRUB_DEFAULT)
      ? 'systemd-boot'
      : grubby && entries.length > 0
        ? 'grubby'
        : has(GRUB_DEFAULT)
          ? 'grub'
          : 'unknown'
  let grubRegenerate: PlanCommand | undefined
  if (has('/usr/sbin/update-grub') || has('/usr/bin/update-grub'))
    grubRegenerate = {
      file: 'update-grub',
      args: [],
      why: 'Regenerate /boot/grub/grub.cfg from /etc/default/grub',
    }
  else if (has('/usr/sbin/grub2-mkconfig') || has('/usr/bin/grub2-mkconfig'))
    grubRegenerate = {
      file: 'grub2-mkconfig',
      args: ['-o', '/boot/grub2/grub.cfg'],
      why: 'Regenerate grub.cfg',
    }
  else if (has('/usr/sbin/grub-mkconfig') || has('/usr/bin/grub-mkconfig'))
    grubRegenerate = {
      file: 'grub-mkconfig',
      args: ['-o', '/boot/grub/grub.cfg'],
      why: 'Regenerate grub.cfg',
    }

  const paths = [
    VFIO_CONF_PATH,
    GRUB_DEFAULT,
    INITRAMFS_TOOLS_MODULES,
    MKINITCPIO_CONF,
    DRACUT_DROP_IN,
    ...entries,
  ]
  const files: Record<string, string | null> = {}
  for (const path of paths) files[path] = await readOrNull(host, `${base}${path}`)
  const dracutFiles: (string | null)[] = []
  for (const path of [...found].filter((p) => p.startsWith('/etc/dracut.conf.d/') && p !== DRACUT_DROP_IN))
    dracutFiles.push(await readOrNull(host, `${base}${path}`))

  const functionClasses: Record<string, string> = {}
  for (const f of gpu.functions)
    functionClasses[f.address] = inventory.devices.find((d) => d.address === f.address)?.classCode ?? ''
  const input: HostPlanInput = {
    gpu,
    functionClasses,
    cpuVendor: inventory.cpuVendor,
    kernelRelease: inventory.kernelRelease,
    cmdline: inventory.cmdline,
    initramfs,
    bootloader,
    files,
    dracutFiles,
    systemdBootEntries: entries,
  }
  if (grubRegenerate !== undefined) input.grubRegenerate = grubRegenerate
  if (bootloader === 'kernelstub')
    input.kernelstubConfig = await readOrNull(host, `${base}/etc/kernelstub/configuration`)
  // Only the live host has running VMs; a captured tree does not (unless a URI is named).
  if (base === '' || options.libvirtUri !== undefined)
    input.runningVms = await runningVmsUsing(
      host,
      options.libvirtUri ?? 'qemu:///system',
      gpu.functions.map((f) => f.address),
    )
  input.secureBoot = await readSecureBoot(host, base, inventory.kernelRelease)
  if (bootloader === 'grubby' && base === '') {
    const info = await host.exec('grubby', ['--info=ALL']).catch(() => null)
    input.grubbyInfo = info?.code === 0 ? info.stdout : null
  }
  return input
}
