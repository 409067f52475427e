import { chmod } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Host } from '../src/main/host/host.js'
import { LocalHost } from '../src/main/host/local-host.js'
import type { SshHost } from '../src/main/host/ssh-host.js'
import { clearPciIdsCache, readPciInventory } from '../src/main/passthrough/inventory.js'
import { judgePassthrough } from '../src/main/passthrough/viability.js'
import type { PciTree } from './support/pci-tree.js'
import { buildCapturedTree } from './support/pci-tree.js'
import { startSshLink, type SshLink } from './support/ssh-app.js'

/**
 * The inventory over real SSH (OpenSSH on 127.0.0.1, SshHost, the test account) on a captured
 * tree: one command for all of sysfs and one file read for pci.ids — and the same answer as locally.
 */

let ssh: SshLink
let host: SshHost
let tree: PciTree
beforeAll(async () => {
  ssh = await startSshLink({
    host: { id: 'pt-ssh', keepaliveIntervalMs: 5000, reconnect: { initialDelayMs: 50, maxDelayMs: 400 } },
  })
  host = ssh.host
  tree = await buildCapturedTree('amd-x570-rx570-gt710', { pciIds: '/usr/share/misc/pci.ids' })
  // mkdtemp makes the folder private; the SSH test account must be able to read the tree.
  await chmod(tree.root, 0o755)
}, 30_000)
afterAll(async () => {
  await ssh.stop()
  await tree.dispose()
})

/** Counts the calls that reach the host. */
function counting(inner: Host): { host: Host; exec: string[]; reads: string[] } {
  const exec: string[] = []
  const reads: string[] = []
  const wrapped: Host = Object.create(inner) as Host
  wrapped.exec = (file, args, options) => {
    exec.push(file)
    return inner.exec(file, args, options)
  }
  wrapped.readFile = (path) => {
    reads.push(path)
    return inner.readFile(path)
  }
  return { host: wrapped, exec, reads }
}

describe('passthrough inventory over SSH', () => {
  it('captured tree amd-x570 over SSH: one command and one pci.ids read, same report as locally', async () => {
    clearPciIdsCache()
    const remote = counting(host)
    const overSsh = await readPciInventory(remote.host, tree.root)
    expect(remote.exec).toEqual(['sh'])
    expect(remote.reads).toEqual([`${tree.root}/usr/share/misc/pci.ids`])
    const local = await readPciInventory(new LocalHost(), tree.root)
    expect(overSsh).toEqual(local)
    expect(overSsh.devices).toHaveLength(49)
    const report = judgePassthrough('pt-ssh', overSsh)
    expect(report.gpus.map((g) => [g.address, g.viability, g.boundToVfio])).toEqual([
      ['0000:24:00.0', 'viable', false],
      ['0000:2d:00.0', 'viable', true],
    ])
    // A second read on the same host reuses pci.ids: one command, no file read.
    const again = counting(host)
    await readPciInventory(again.host, tree.root)
    expect([again.exec, again.reads]).toEqual([['sh'], []])
  })
})
