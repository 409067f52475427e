import { describe, expect, expectTypeOf, it } from 'vitest'
import type { PoolKindOffer, PoolPreview } from '../pool-create.js'
import type { StoragePool, StorageVolume } from '../storage.js'
import type { TransferResult, VolumeUsers } from '../volume-admin.js'
import type { OutputOf } from '../contract.js'
import { contract } from '../contract.js'
import { storageAdminChannels, storageChannels } from './storage.js'

/** The storage channels pinned, one test per channel (see ../contract.test.ts). */

const PINNED = new Set<string>()
function pin(channel: keyof typeof storageChannels | keyof typeof storageAdminChannels): void {
  PINNED.add(channel)
}

describe('the storage channels, one at a time', () => {
  it('pools.list', () => {
    pin('pools.list')
    expectTypeOf<OutputOf<'pools.list'>>().toEqualTypeOf<StoragePool[]>()
    expect(contract['pools.list'].streaming).toBe(false)
  })
  it('pools.start', () => {
    pin('pools.start')
    expectTypeOf<OutputOf<'pools.start'>>().toEqualTypeOf<StoragePool[]>()
    expect(contract['pools.start'].streaming).toBe(false)
  })
  it('pools.stop', () => {
    pin('pools.stop')
    expectTypeOf<OutputOf<'pools.stop'>>().toEqualTypeOf<StoragePool[]>()
    expect(contract['pools.stop'].streaming).toBe(false)
  })
  it('pools.setAutostart', () => {
    pin('pools.setAutostart')
    expectTypeOf<OutputOf<'pools.setAutostart'>>().toEqualTypeOf<StoragePool[]>()
    expect(contract['pools.setAutostart'].streaming).toBe(false)
  })
  it('volumes.list', () => {
    pin('volumes.list')
    expectTypeOf<OutputOf<'volumes.list'>>().toEqualTypeOf<StorageVolume[]>()
    expect(contract['volumes.list'].streaming).toBe(false)
  })
  it('volumes.create', () => {
    pin('volumes.create')
    expectTypeOf<OutputOf<'volumes.create'>>().toEqualTypeOf<StorageVolume>()
    expect(contract['volumes.create'].streaming).toBe(true)
  })
  it('volumes.delete', () => {
    pin('volumes.delete')
    expectTypeOf<OutputOf<'volumes.delete'>>().toEqualTypeOf<{ deleted: true }>()
    expect(contract['volumes.delete'].streaming).toBe(false)
  })
  it('pools.kinds', () => {
    pin('pools.kinds')
    expectTypeOf<OutputOf<'pools.kinds'>>().toEqualTypeOf<PoolKindOffer[]>()
    expect(contract['pools.kinds'].streaming).toBe(false)
  })
  it('pools.preview', () => {
    pin('pools.preview')
    expectTypeOf<OutputOf<'pools.preview'>>().toEqualTypeOf<PoolPreview>()
    expect(contract['pools.preview'].streaming).toBe(false)
  })
  it('pools.create', () => {
    pin('pools.create')
    expectTypeOf<OutputOf<'pools.create'>>().toEqualTypeOf<StoragePool[]>()
    expect(contract['pools.create'].streaming).toBe(false)
  })
  it('pools.delete', () => {
    pin('pools.delete')
    expectTypeOf<OutputOf<'pools.delete'>>().toEqualTypeOf<StoragePool[]>()
    expect(contract['pools.delete'].streaming).toBe(false)
  })
  it('pools.build', () => {
    pin('pools.build')
    expectTypeOf<OutputOf<'pools.build'>>().toEqualTypeOf<StoragePool[]>()
    expect(contract['pools.build'].streaming).toBe(false)
  })
  it('pools.refresh', () => {
    pin('pools.refresh')
    expectTypeOf<OutputOf<'pools.refresh'>>().toEqualTypeOf<StoragePool[]>()
    expect(contract['pools.refresh'].streaming).toBe(false)
  })
  it('volumes.resize', () => {
    pin('volumes.resize')
    expectTypeOf<OutputOf<'volumes.resize'>>().toEqualTypeOf<StorageVolume>()
    expect(contract['volumes.resize'].streaming).toBe(false)
  })
  it('volumes.clone', () => {
    pin('volumes.clone')
    expectTypeOf<OutputOf<'volumes.clone'>>().toEqualTypeOf<StorageVolume>()
    expect(contract['volumes.clone'].streaming).toBe(true)
  })
  it('volumes.upload', () => {
    pin('volumes.upload')
    expectTypeOf<OutputOf<'volumes.upload'>>().toEqualTypeOf<TransferResult>()
    expect(contract['volumes.upload'].streaming).toBe(true)
  })
  it('volumes.download', () => {
    pin('volumes.download')
    expectTypeOf<OutputOf<'volumes.download'>>().toEqualTypeOf<TransferResult>()
    expect(contract['volumes.download'].streaming).toBe(true)
  })
  it('volumes.usedBy', () => {
    pin('volumes.usedBy')
    expectTypeOf<OutputOf<'volumes.usedBy'>>().toEqualTypeOf<VolumeUsers[]>()
    expect(contract['volumes.usedBy'].streaming).toBe(false)
  })

  it('every storage channel is pinned above', () => {
    expect([...PINNED].sort()).toEqual(Object.keys({ ...storageChannels, ...storageAdminChannels }).sort())
  })
})
