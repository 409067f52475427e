import type { PoolKindOffer, PoolPreview } from '../pool-create.js'
import * as poolAdminIn from '../pool-create.js'
import type { StoragePool, StorageVolume } from '../storage.js'
import * as storageIn from '../storage.js'
import * as vmIn from '../vms.js'
import type { TransferResult, VolumeUsers } from '../volume-admin.js'
import * as volAdminIn from '../volume-admin.js'
import { call, stream } from './define.js'

/** Storage pools and volumes: list, start, stop, create, delete. */
export const storageChannels = {
  'pools.list': call<StoragePool[]>()(vmIn.vmHostInput),
  'pools.start': call<StoragePool[]>()(storageIn.poolInput),
  'pools.stop': call<StoragePool[]>()(storageIn.poolInput),
  'pools.setAutostart': call<StoragePool[]>()(storageIn.poolAutostartInput),
  'volumes.list': call<StorageVolume[]>()(storageIn.volumesInput),
  'volumes.create': stream<StorageVolume>()(storageIn.volumeCreateInput),
  'volumes.delete': call<{ deleted: true }>()(storageIn.volumeDeleteInput),
} as const

/** Storage administration: pool kinds, pool creation, volume resize, clone, transfer. */
export const storageAdminChannels = {
  /** Pool kinds VirtDeck offers, each with whether the host's libvirt supports it (pool-capabilities). */
  'pools.kinds': call<PoolKindOffer[]>()(poolAdminIn.poolKindsInput),
  /** The XML a new pool would be defined with, and what to know first; refuses a taken name. */
  'pools.preview': call<PoolPreview>()(poolAdminIn.poolPreviewInput),
  /** Defines, builds, starts and autostarts a pool (not kept when building or starting fails). */
  'pools.create': call<StoragePool[]>()(poolAdminIn.poolCreateInput),
  /** Stops and undefines a pool (volumes stay on disk); refuses while VMs use its volumes. */
  'pools.delete': call<StoragePool[]>()(poolAdminIn.poolDeleteInput),
  'pools.build': call<StoragePool[]>()(storageIn.poolInput),
  /** Rescans the pool's volumes (pool-refresh). */
  'pools.refresh': call<StoragePool[]>()(storageIn.poolInput),
  /** Grows a volume; shrinking only with allowShrink; refused for a running VM's disk. */
  'volumes.resize': call<StorageVolume>()(volAdminIn.volumeResizeInput),
  'volumes.clone': stream<StorageVolume>()(volAdminIn.volumeCloneInput),
  /** A local file into a new volume, streamed over the host's connection (progress, cancel). */
  'volumes.upload': stream<TransferResult>()(volAdminIn.volumeUploadInput),
  /** A volume into a local file, streamed over the host's connection (progress, cancel). */
  'volumes.download': stream<TransferResult>()(volAdminIn.volumeDownloadInput),
  /** For each volume of a pool, the VMs whose disks name it. */
  'volumes.usedBy': call<VolumeUsers[]>()(volAdminIn.volumeUsersInput),
} as const
