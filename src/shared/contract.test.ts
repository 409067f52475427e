import { describe, expect, it } from 'vitest'
import { contract } from './contract.js'
import { addressesChannels } from './contract/addresses.js'
import { appChannels } from './contract/app.js'
import { auditChannels } from './contract/audit.js'
import { changesChannels } from './contract/changes.js'
import { checksChannels } from './contract/checks.js'
import { cloneChannels } from './contract/clone.js'
import { consoleChannels } from './contract/console.js'
import { containerFixesChannels } from './contract/container-fixes.js'
import { dockerChannels } from './contract/docker.js'
import { hostsChannels } from './contract/hosts.js'
import { jobsChannels } from './contract/jobs.js'
import { lxcChannels } from './contract/lxc.js'
import { nestedChannels } from './contract/nested.js'
import { networkAdminChannels, networksChannels } from './contract/networks.js'
import { osinfoChannels } from './contract/osinfo.js'
import { overviewChannels } from './contract/overview.js'
import { passthroughChannels } from './contract/passthrough.js'
import { secretsChannels } from './contract/secrets.js'
import { snapshotsChannels } from './contract/snapshots.js'
import { statsChannels } from './contract/stats.js'
import { storageAdminChannels, storageChannels } from './contract/storage.js'
import { thumbnailsChannels } from './contract/thumbnails.js'
import { tuningChannels } from './contract/tuning.js'
import { vagrantChannels } from './contract/vagrant.js'
import { vmDefinitionsChannels } from './contract/vm-definitions.js'
import { vmhwChannels } from './contract/vmhw.js'
import { vmsChannels } from './contract/vms.js'

/**
 * The contract is its channel groups (src/shared/contract/*.ts), in this order, each channel once.
 * Each group's channels are pinned in the test beside it (one `expectTypeOf` per channel, checked by
 * the type check); each of those tests also checks that every channel of its group is pinned.
 */
const GROUPS = [
  hostsChannels,
  appChannels,
  checksChannels,
  nestedChannels,
  vmsChannels,
  storageChannels,
  networksChannels,
  changesChannels,
  secretsChannels,
  tuningChannels,
  dockerChannels,
  lxcChannels,
  containerFixesChannels,
  snapshotsChannels,
  cloneChannels,
  vagrantChannels,
  passthroughChannels,
  statsChannels,
  thumbnailsChannels,
  jobsChannels,
  storageAdminChannels,
  networkAdminChannels,
  addressesChannels,
  consoleChannels,
  vmDefinitionsChannels,
  auditChannels,
  overviewChannels,
  osinfoChannels,
  vmhwChannels,
]

describe('the contract', () => {
  it('is every channel group, in order, each channel exactly once', () => {
    expect(Object.keys(contract)).toEqual(GROUPS.flatMap((group) => Object.keys(group)))
  })
  it('takes each channel as its group declares it', () => {
    for (const group of GROUPS)
      for (const [channel, declared] of Object.entries(group))
        expect(contract[channel as keyof typeof contract], channel).toBe(declared)
  })
})
