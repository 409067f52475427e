import { describe, expect, expectTypeOf, it } from 'vitest'
import type { ForwardCheck, MtuCheck } from '../container-fixes.js'
import type {
  ContainerDetails,
  ContainerStats,
  ContainerSummary,
  Docker0RepairPlan,
  DockerAvailability,
  ImageSummary,
  LogLine,
  NetworkSummary,
  PrunePreview,
  PruneResult,
  VolumeSummary,
} from '../containers.js'
import type { OutputOf } from '../contract.js'
import { contract } from '../contract.js'
import { dockerChannels } from './docker.js'

/** The docker channels pinned, one test per channel (see ../contract.test.ts). */

const PINNED = new Set<string>()
function pin(channel: keyof typeof dockerChannels): void {
  PINNED.add(channel)
}

describe('the docker channels, one at a time', () => {
  it('docker.status', () => {
    pin('docker.status')
    expectTypeOf<OutputOf<'docker.status'>>().toEqualTypeOf<DockerAvailability>()
    expect(contract['docker.status'].streaming).toBe(false)
  })
  it('docker.startDaemon', () => {
    pin('docker.startDaemon')
    expectTypeOf<OutputOf<'docker.startDaemon'>>().toEqualTypeOf<DockerAvailability>()
    expect(contract['docker.startDaemon'].streaming).toBe(true)
  })
  it('docker.list', () => {
    pin('docker.list')
    expectTypeOf<OutputOf<'docker.list'>>().toEqualTypeOf<ContainerSummary[]>()
    expect(contract['docker.list'].streaming).toBe(false)
  })
  it('docker.get', () => {
    pin('docker.get')
    expectTypeOf<OutputOf<'docker.get'>>().toEqualTypeOf<ContainerSummary>()
    expect(contract['docker.get'].streaming).toBe(false)
  })
  it('docker.action', () => {
    pin('docker.action')
    expectTypeOf<OutputOf<'docker.action'>>().toEqualTypeOf<{ container: ContainerSummary | null }>()
    expect(contract['docker.action'].streaming).toBe(false)
  })
  it('docker.inspect', () => {
    pin('docker.inspect')
    expectTypeOf<OutputOf<'docker.inspect'>>().toEqualTypeOf<ContainerDetails>()
    expect(contract['docker.inspect'].streaming).toBe(false)
  })
  it('docker.logs', () => {
    pin('docker.logs')
    expectTypeOf<OutputOf<'docker.logs'>>().toEqualTypeOf<LogLine[]>()
    expect(contract['docker.logs'].streaming).toBe(true)
  })
  it('docker.stats', () => {
    pin('docker.stats')
    expectTypeOf<OutputOf<'docker.stats'>>().toEqualTypeOf<ContainerStats>()
    expect(contract['docker.stats'].streaming).toBe(false)
  })
  it('docker.statsWatch', () => {
    pin('docker.statsWatch')
    expectTypeOf<OutputOf<'docker.statsWatch'>>().toEqualTypeOf<{ stopped: true }>()
    expect(contract['docker.statsWatch'].streaming).toBe(true)
  })
  it('docker.create', () => {
    pin('docker.create')
    expectTypeOf<OutputOf<'docker.create'>>().toEqualTypeOf<ContainerSummary>()
    expect(contract['docker.create'].streaming).toBe(true)
  })
  it('docker.repairPlan', () => {
    pin('docker.repairPlan')
    expectTypeOf<OutputOf<'docker.repairPlan'>>().toEqualTypeOf<Docker0RepairPlan>()
    expect(contract['docker.repairPlan'].streaming).toBe(false)
  })
  it('docker.repairDocker0', () => {
    pin('docker.repairDocker0')
    expectTypeOf<OutputOf<'docker.repairDocker0'>>().toEqualTypeOf<DockerAvailability>()
    expect(contract['docker.repairDocker0'].streaming).toBe(true)
  })
  it('docker.images', () => {
    pin('docker.images')
    expectTypeOf<OutputOf<'docker.images'>>().toEqualTypeOf<ImageSummary[]>()
    expect(contract['docker.images'].streaming).toBe(false)
  })
  it('docker.volumes', () => {
    pin('docker.volumes')
    expectTypeOf<OutputOf<'docker.volumes'>>().toEqualTypeOf<VolumeSummary[]>()
    expect(contract['docker.volumes'].streaming).toBe(false)
  })
  it('docker.networks', () => {
    pin('docker.networks')
    expectTypeOf<OutputOf<'docker.networks'>>().toEqualTypeOf<NetworkSummary[]>()
    expect(contract['docker.networks'].streaming).toBe(false)
  })
  it('docker.remove', () => {
    pin('docker.remove')
    expectTypeOf<OutputOf<'docker.remove'>>().toEqualTypeOf<{ removed: true }>()
    expect(contract['docker.remove'].streaming).toBe(false)
  })
  it('docker.prunePreview', () => {
    pin('docker.prunePreview')
    expectTypeOf<OutputOf<'docker.prunePreview'>>().toEqualTypeOf<PrunePreview>()
    expect(contract['docker.prunePreview'].streaming).toBe(false)
  })
  it('docker.prune', () => {
    pin('docker.prune')
    expectTypeOf<OutputOf<'docker.prune'>>().toEqualTypeOf<PruneResult>()
    expect(contract['docker.prune'].streaming).toBe(false)
  })
  it('docker.pull', () => {
    pin('docker.pull')
    expectTypeOf<OutputOf<'docker.pull'>>().toEqualTypeOf<{ image: string }>()
    expect(contract['docker.pull'].streaming).toBe(true)
  })
  it('docker.importImage', () => {
    pin('docker.importImage')
    expectTypeOf<OutputOf<'docker.importImage'>>().toEqualTypeOf<{ image: string }>()
    expect(contract['docker.importImage'].streaming).toBe(true)
  })
  it('docker.forwardCheck', () => {
    pin('docker.forwardCheck')
    expectTypeOf<OutputOf<'docker.forwardCheck'>>().toEqualTypeOf<ForwardCheck>()
    expect(contract['docker.forwardCheck'].streaming).toBe(false)
  })
  it('docker.mtuCheck', () => {
    pin('docker.mtuCheck')
    expectTypeOf<OutputOf<'docker.mtuCheck'>>().toEqualTypeOf<MtuCheck>()
    expect(contract['docker.mtuCheck'].streaming).toBe(false)
  })

  it('every docker channel is pinned above', () => {
    expect([...PINNED].sort()).toEqual(Object.keys(dockerChannels).sort())
  })
})
