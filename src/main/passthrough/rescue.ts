import type { HostPassthroughPlan, PassthroughBootloader } from '@shared/passthrough.js'

/** Stands for the change's backup folder until the change engine knows it. */
export const BACKUP_DIR_PLACEHOLDER = '{{BACKUP_DIR}}'

function quote(arg: string): string {
  return /^[A-Za-z0-9_./:=,+-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`
}

/**
 * What to type on a text console when the screen stays black after the reboot: boot without the
 * new parameters once, put every file back from the backup, rebuild, reboot. Printed and copyable
 * before the change is applied.
 */
export function rescueNote(
  plan: Pick<HostPassthroughPlan, 'files' | 'commands' | 'kernelParams'>,
  bootloader: PassthroughBootloader,
  backupDir = BACKUP_DIR_PLACEHOLDER,
): string {
  const lines = [
    'If the screen stays black after the reboot:',
    '',
    '1. Get a text console: press Ctrl+Alt+F3 (F2–F6) and log in, or log in over SSH from another machine.',
  ]
  if (plan.kernelParams.add.length > 0) {
    lines.push(
      bootloader === 'systemd-boot'
        ? `   If even that shows nothing: at the boot menu press e on the entry and remove ${plan.kernelParams.add.join(' ')}, then Enter.`
        : `   If even that shows nothing: at the GRUB menu press e, remove ${plan.kernelParams.add.join(' ')} from the line starting with "linux", then Ctrl+X.`,
    )
  }
  lines.push('', `2. Put the files back (the backups are in ${backupDir}):`)
  for (const file of plan.files) {
    lines.push(
      file.before === null
        ? `   sudo rm -f ${quote(file.path)}`
        : `   sudo cp -a ${quote(`${backupDir}${file.path}`)} ${quote(file.path)}`,
    )
  }
  for (const command of plan.commands.filter((c) => c.file === 'kernelstub' || c.file === 'grubby')) {
    const args =
      command.file === 'kernelstub'
        ? ['--delete-options', ...command.args.slice(1)]
        : ['--update-kernel=ALL', (command.args[1] ?? '').replace('--args=', '--remove-args=')]
    lines.push(`   sudo ${[command.file, ...args].map(quote).join(' ')}`)
  }
  const rebuild = plan.commands.filter((c) => c.file !== 'kernelstub' && c.file !== 'grubby')
  if (rebuild.length > 0) {
    lines.push('', '3. Rebuild what reads them:')
    for (const command of rebuild)
      lines.push(`   sudo ${[command.file, ...command.args].map(quote).join(' ')}`)
  }
  lines.push('', `${rebuild.length > 0 ? '4' : '3'}. Reboot: sudo reboot`)
  return lines.join('\n')
}
