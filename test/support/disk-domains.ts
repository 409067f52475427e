/**
 * Tiny shut-off QEMU (TCG) domains with real disk files, for snapshot and clone tests: qcow2 or raw
 * images made by qemu-img in a temp folder, markers written and checked with qemu-io (qemu-utils).
 */
import { execFile } from 'node:child_process'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { buildElement, createElement, createText } from '../../src/main/libvirt/xml/index.js'
import { otherVirsh, SYSTEM_URI } from './libvirt.js'

const run = promisify(execFile)

/** A folder libvirt's QEMU user can read (mkdtemp makes it 0700). */
export async function diskDir(prefix: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  await chmod(dir, 0o755)
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) }
}

export async function makeImage(path: string, format: 'qcow2' | 'raw', size = '16M'): Promise<void> {
  await run('qemu-img', ['create', '-q', '-f', format, path, size])
}

/** Writes `pattern` (a byte, e.g. 0xab) into the first 4 KiB of the image (the VM must be shut off). */
export async function writeMarker(path: string, format: string, pattern: string): Promise<void> {
  await run('qemu-io', ['-f', format, '-c', `write -P ${pattern} 0 4k`, path])
}

/** Whether the first 4 KiB of the image hold `pattern` (qemu-io's pattern check). */
export async function hasMarker(path: string, format: string, pattern: string): Promise<boolean> {
  try {
    await run('qemu-io', ['-f', format, '-c', `read -P ${pattern} 0 4k`, path])
    return true
  } catch {
    return false
  }
}

export async function imageInfo(path: string): Promise<{ format: string; 'backing-filename'?: string }> {
  const { stdout } = await run('qemu-img', ['info', '-U', '--output=json', path])
  return JSON.parse(stdout) as { format: string; 'backing-filename'?: string }
}

/** A 64 MiB BIOS domain with one disk (and a NIC on the default network when `nic`). */
export function diskDomainXml(
  name: string,
  disk: string,
  format: string,
  options: { nic?: boolean } = {},
): string {
  const text = (
    tag: string,
    value: string,
    attrs: Record<string, string> = {},
  ): ReturnType<typeof createElement> => createElement(tag, attrs, [createText(value)])
  const devices = [
    createElement('disk', { type: 'file', device: 'disk' }, [
      createElement('driver', { name: 'qemu', type: format }),
      createElement('source', { file: disk }),
      createElement('target', { dev: 'vda', bus: 'virtio' }),
    ]),
    ...(options.nic === true
      ? [createElement('interface', { type: 'network' }, [createElement('source', { network: 'default' })])]
      : []),
  ]
  const domain = createElement('domain', { type: 'qemu' }, [
    text('name', name),
    text('memory', '64', { unit: 'MiB' }),
    text('vcpu', '1'),
    createElement('os', {}, [text('type', 'hvm', { arch: 'x86_64', machine: 'pc' })]),
    createElement('devices', {}, devices),
  ])
  return `${buildElement(domain)}\n`
}

/** Defines the XML as someone else would (a separate virsh); returns the UUID. */
export async function defineXml(xml: string, dir: string, name: string): Promise<string> {
  const file = join(dir, 'domain.xml')
  await writeFile(file, xml)
  await otherVirsh(['define', '--file', file])
  return (await otherVirsh(['domuuid', '--domain', name])).trim()
}

/** Removes every snapshot's metadata, then the domain (snapshots block undefine). */
export async function removeWithSnapshots(uuid: string, uri = SYSTEM_URI): Promise<void> {
  const names = await otherVirsh(['snapshot-list', '--domain', uuid, '--name'], { uri }).catch(() => '')
  for (const name of names
    .split('\n')
    .map((n) => n.trim())
    .filter(Boolean))
    await otherVirsh(['snapshot-delete', '--domain', uuid, '--snapshotname', name, '--metadata'], {
      uri,
    }).catch(() => undefined)
  await otherVirsh(['destroy', '--domain', uuid], { uri }).catch(() => undefined)
  await otherVirsh(['undefine', '--domain', uuid, '--nvram'], { uri }).catch(() => undefined)
}
