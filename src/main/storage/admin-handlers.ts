import type { Handlers } from '../ipc/router.js'
import { StorageService } from '../libvirt/storage.js'
import type { LibvirtConnections } from '../vms/libvirt-connections.js'
import { progressOf } from '../vms/vm-service.js'
import { PoolAdmin } from './pool-admin.js'
import { VolumeOps } from './volume-ops.js'
import { VolumeTransfer } from './volume-transfer.js'

type Channels =
  | 'pools.kinds'
  | 'pools.preview'
  | 'pools.create'
  | 'pools.delete'
  | 'pools.build'
  | 'pools.refresh'
  | 'volumes.resize'
  | 'volumes.clone'
  | 'volumes.upload'
  | 'volumes.download'
  | 'volumes.usedBy'

/** Creating and deleting pools; resizing, cloning, copying in and out, and "used by" of volumes. */
export function storageAdminHandlers(connections: LibvirtConnections): Pick<Handlers, Channels> {
  const conn = (hostId: string): ReturnType<LibvirtConnections['get']> => connections.get(hostId)
  const pools = async (
    hostId: string,
    work: (admin: PoolAdmin, storage: StorageService) => Promise<unknown>,
  ) => {
    const c = await conn(hostId)
    const storage = new StorageService(c)
    await work(new PoolAdmin(c), storage)
    return storage.listPools()
  }
  return {
    'pools.kinds': async ({ hostId }) => new PoolAdmin(await conn(hostId)).kinds(),
    'pools.preview': async ({ hostId, spec }) => new PoolAdmin(await conn(hostId)).preview(spec),
    'pools.create': ({ hostId, spec, build, start, autostart }) =>
      pools(hostId, (admin) => admin.create(spec, { build, start, autostart })),
    'pools.delete': ({ hostId, name }) => pools(hostId, (admin) => admin.delete(name)),
    'pools.build': ({ hostId, name }) =>
      pools(hostId, async () => {
        const c = await conn(hostId)
        await c.audited('pool.build', name, () => c.run(['pool-build', '--pool', name]))
      }),
    'pools.refresh': ({ hostId, name }) =>
      pools(hostId, async () => {
        const c = await conn(hostId)
        await c.run(['pool-refresh', '--pool', name])
      }),
    'volumes.resize': async ({ hostId, pool, name, capacityBytes, allowShrink }) =>
      new VolumeOps(await conn(hostId)).resize(pool, name, capacityBytes, allowShrink),
    'volumes.clone': async ({ hostId, pool, name, newName }, context) => {
      context.progress({ message: `Copying ${name}` })
      return new VolumeOps(await conn(hostId)).clone(pool, name, newName, context.signal)
    },
    'volumes.upload': async ({ hostId, pool, name, localPath }, context) =>
      new VolumeTransfer(await conn(hostId)).upload(pool, name, localPath, {
        signal: context.signal,
        onProgress: (p) => context.progress(progressOf(p)),
      }),
    'volumes.download': async ({ hostId, pool, name, localPath, overwrite }, context) =>
      new VolumeTransfer(await conn(hostId)).download(pool, name, localPath, overwrite, {
        signal: context.signal,
        onProgress: (p) => context.progress(progressOf(p)),
      }),
    'volumes.usedBy': async ({ hostId, pool }) => new VolumeOps(await conn(hostId)).usedBy(pool),
  }
}
