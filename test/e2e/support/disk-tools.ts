/**
 * virsh, qemu-img and qemu-io for the E2E specs that check what a VM's disk really holds (a marker
 * written with qemu-io, read back after a revert or a clone). Synchronous, like the specs' hooks.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** `virsh -q -c qemu:///system ARGS`, run as root beside the app; returns what it printed. */
export function virsh(...args: string[]): string {
  return execFileSync('virsh', ['-q', '-c', 'qemu:///system', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

/** One qemu-io command on a qcow2 image, e.g. `write -P 0x22 0 4k`; throws when it fails. */
export function qemuIo(disk: string, command: string): void {
  execFileSync('qemu-io', ['-f', 'qcow2', '-c', command, disk], { stdio: 'ignore' })
}

/** True when the image's first 4 KiB are all the byte `pattern` (e.g. `0x22`). */
export function hasMarker(disk: string, pattern: string): boolean {
  try {
    qemuIo(disk, `read -P ${pattern} 0 4k`)
    return true
  } catch {
    return false
  }
}

/** A new 16 MiB qcow2 image at `path` whose first 4 KiB are the byte `marker`. */
export function markedQcow2(path: string, marker: string): void {
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', path, '16M'])
  qemuIo(path, `write -P ${marker} 0 4k`)
}

/** Writes `xml` to `dir`/`file` and defines the domain from it. */
export function defineFromFile(dir: string, file: string, xml: string): void {
  const path = join(dir, file)
  writeFileSync(path, xml)
  virsh('define', '--file', path)
}

/** Stops a domain if it runs, forgets its snapshots (metadata only) and undefines it; quiet when it is gone. */
export function removeVm(name: string): void {
  try {
    virsh('destroy', '--domain', name)
  } catch {
    // Not running.
  }
  try {
    for (const snap of virsh('snapshot-list', '--domain', name, '--name').split('\n').filter(Boolean))
      virsh('snapshot-delete', '--domain', name, '--snapshotname', snap.trim(), '--metadata')
    virsh('undefine', '--domain', name)
  } catch {
    // Not made, or already gone.
  }
}
