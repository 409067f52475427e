import { AppError } from '@shared/errors.js'

/** What to install when a well-known program is missing, by distribution family. */
const PACKAGES: Record<string, string> = {
  virsh: 'libvirt-clients (Debian, Ubuntu) or libvirt-client (Fedora, openSUSE, Arch: libvirt)',
  'virt-host-validate': 'libvirt-clients (Debian, Ubuntu) or libvirt-client (Fedora)',
  'virt-install': 'virtinst (Debian, Ubuntu) or virt-install (Fedora)',
  'qemu-img': 'qemu-utils (Debian, Ubuntu) or qemu-img (Fedora)',
  docker: 'docker.io (Debian, Ubuntu) or moby-engine (Fedora)',
  vagrant: 'vagrant',
  sudo: 'sudo',
  pkexec: 'pkexec (Debian 12, Ubuntu) or polkit (Fedora)',
  lspci: 'pciutils',
  lsusb: 'usbutils',
}

function packageFor(file: string): string | undefined {
  const name = file.slice(file.lastIndexOf('/') + 1)
  if (name.startsWith('lxc-')) return 'lxc'
  return PACKAGES[name]
}

/** COMMAND_NOT_FOUND for `file` on `where` ("this computer", a host name), saying what to install when known. */
export function commandNotFound(file: string, where: string, cause?: unknown): AppError {
  const name = file.slice(file.lastIndexOf('/') + 1)
  const pkg = packageFor(file)
  const detail =
    pkg === undefined
      ? `No program called "${file}" was found in the PATH on ${where}.`
      : `Install the package ${pkg} on ${where}, then try again.`
  return new AppError('COMMAND_NOT_FOUND', `${name} is not installed on ${where}`, {
    detail,
    data: { command: file },
    cause,
  })
}

/**
 * A shell that cannot find a program exits 127 and says so on stderr: bash "virsh: command not
 * found", dash "virsh: not found", env "'virsh': No such file or directory".
 */
export function looksLikeMissingCommand(file: string, code: number | null, stderr: string): boolean {
  if (code !== 127) return false
  return stderr.includes(file) && /not found|No such file or directory/.test(stderr)
}
