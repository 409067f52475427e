import { AppError } from '@shared/errors.js'
import type { StorageVolume } from '@shared/storage.js'
import type { VolumeUsers } from '@shared/volume-admin.js'
import type { LibvirtConnection } from '../libvirt/libvirt-connection.js'
import { StorageService, volumeXml } from '../libvirt/storage.js'
import { allDiskReferences, describeUsers, usersOfVolume } from './volume-users.js'

/** Volume changes beyond create/delete: resize (grow; shrink only when asked), clone, and who uses each. */
export class VolumeOps {
  private readonly storage: StorageService

  constructor(private readonly conn: LibvirtConnection) {
    this.storage = new StorageService(conn)
  }

  /** For each volume of the pool, the VMs whose definitions (live or next boot) name it. */
  async usedBy(pool: string): Promise<VolumeUsers[]> {
    const [volumes, refs] = await Promise.all([this.storage.listVolumes(pool), allDiskReferences(this.conn)])
    return volumes.map((v) => ({
      name: v.name,
      users: usersOfVolume(refs, v).map((r) => ({ vm: r.domain, target: r.target, running: r.running })),
    }))
  }

  /**
   * Sets the capacity. Growing is the normal case; shrinking loses whatever lies beyond the new end,
   * so it needs `allowShrink`. A running VM's disk is refused: its guest would not see the change.
   */
  async resize(
    pool: string,
    name: string,
    capacityBytes: number,
    allowShrink = false,
  ): Promise<StorageVolume> {
    const volume = await this.storage.volume(pool, name)
    if (capacityBytes === volume.capacity) return volume
    const shrink = capacityBytes < volume.capacity
    if (shrink && !allowShrink)
      throw new AppError(
        'CONFLICT',
        `Shrinking “${name}” from ${volume.capacity} to ${capacityBytes} bytes would cut off data at its end`,
        { detail: 'Shrink the file system inside first, then confirm shrinking explicitly.' },
      )
    if (shrink && volume.format === 'qcow2')
      throw new AppError(
        'UNSUPPORTED',
        `libvirt cannot shrink the qcow2 volume “${name}”; only raw volumes shrink`,
      )
    const running = usersOfVolume(await allDiskReferences(this.conn), volume).filter((r) => r.running)
    if (running.length > 0)
      throw new AppError('CONFLICT', `“${name}” is the disk of a running VM: ${describeUsers(running)}`, {
        detail: 'Shut the VM down first (or resize the disk from its Hardware tab, which tells the guest).',
      })
    const args = ['vol-resize', '--pool', pool, '--vol', name, '--capacity', String(capacityBytes)]
    await this.conn.audited(
      'volume.resize',
      `${pool}/${name}`,
      () => this.conn.run(shrink ? [...args, '--shrink'] : args),
      `${volume.capacity} -> ${capacityBytes} bytes`,
    )
    return this.storage.volume(pool, name)
  }

  /** A copy of the volume under a new name in the same pool (its own virsh: big copies take long). */
  async clone(pool: string, name: string, newName: string, signal?: AbortSignal): Promise<StorageVolume> {
    const existing = await this.storage.listVolumes(pool)
    if (existing.some((v) => v.name === newName))
      throw new AppError('CONFLICT', `Pool “${pool}” already has a volume named “${newName}”`, {
        detail: 'Choose another name for the copy.',
      })
    const source = await this.storage.volume(pool, name)
    // vol-clone writes the new name into its XML unescaped ('&' breaks it): VirtDeck writes the XML.
    const xml = volumeXml(newName, source.capacity, 0, source.format ?? 'raw')
    await this.conn.audited(
      'volume.clone',
      `${pool}/${name}`,
      () =>
        this.conn.withTempFile(xml, (path) =>
          this.conn.runLong(
            ['vol-create-from', '--pool', pool, '--file', path, '--vol', name, '--inputpool', pool],
            signal === undefined ? {} : { signal },
          ),
        ),
      `as ${newName}`,
    )
    return this.storage.volume(pool, newName)
  }
}
