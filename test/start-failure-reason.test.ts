/**
 * Fault 1 of issue 9: a VM whose network is not active fails to start, and VirtDeck said "is already
 * running". Real libvirtd + QEMU (TCG): a defined-but-inactive network, a tiny domain on it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LocalHost } from '../src/main/host/local-host.js'
import { DomainActions } from '../src/main/libvirt/domain-actions.js'
import { LibvirtConnection } from '../src/main/libvirt/libvirt-connection.js'
import { NetworkService } from '../src/main/libvirt/networks.js'
import { Auditor } from '../src/main/services/auditor.js'
import { AuditRepo } from '../src/main/store/audit-repo.js'
import { openDatabase } from '../src/main/store/database.js'
import type { Db } from '../src/main/store/database.js'
import { AppError } from '@shared/errors.js'
import { lockLibvirtd, otherVirsh, removeDomain, uniqueName } from './support/libvirt.js'

let db: Db
let conn: LibvirtConnection
let release: () => Promise<void>
let dir: string
const network = uniqueName('vd-offnet')
const vm = uniqueName('vd-offnet-vm', true)
let uuid = ''

beforeAll(async () => {
  release = await lockLibvirtd('shared')
  db = openDatabase(':memory:')
  conn = new LibvirtConnection({
    host: new LocalHost(),
    uri: 'qemu:///system',
    hostId: 'local',
    where: 'this computer',
    auditor: new Auditor(new AuditRepo(db)),
  })
  dir = await mkdtemp(join(tmpdir(), 'virtdeck-offnet-'))
  await writeFile(join(dir, 'net.xml'), `<network><name>${network}</name></network>\n`)
  await otherVirsh(['net-define', '--file', join(dir, 'net.xml')])
  const escaped = vm.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  await writeFile(
    join(dir, 'vm.xml'),
    `<domain type='qemu'><name>${escaped}</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>` +
      `<os><type arch='x86_64' machine='pc'>hvm</type></os><devices>` +
      `<interface type='network'><source network='${network}'/></interface></devices></domain>\n`,
  )
  await otherVirsh(['define', '--file', join(dir, 'vm.xml')])
  uuid = (await otherVirsh(['domuuid', '--domain', vm])).trim()
}, 60_000)

afterAll(async () => {
  if (uuid) await removeDomain(uuid)
  await otherVirsh(['net-undefine', '--network', network]).catch(() => undefined)
  await rm(dir, { recursive: true, force: true })
  await conn?.close()
  db?.close()
  await release?.()
}, 60_000)

describe('a failed start says why (fault 1)', () => {
  it('names the inactive network, offers to start it, and the audit log says the same', async () => {
    const error = await new DomainActions(conn).start({ name: vm, uuid }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(AppError)
    const appError = error as AppError
    expect(appError.message).not.toMatch(/already running/)
    expect(appError.message).toContain(`network “${network}” is not active`)
    expect(appError.data).toMatchObject({ fix: { kind: 'start-network', network } })
    const entry = new AuditRepo(db).list(5).find((e) => e.action === 'domain.start')
    expect(entry?.detail ?? '').toContain(`network “${network}” is not active`)
    expect(entry?.detail ?? '').not.toMatch(/already running/)
  })

  it('still says "is already running" when it is', async () => {
    const net = new NetworkService(conn)
    await net.start(network)
    try {
      const actions = new DomainActions(conn)
      await actions.start({ name: vm, uuid })
      await expect(actions.start({ name: vm, uuid })).rejects.toThrow(/is already running/)
      // And a network start on a running network keeps its words too.
      await expect(net.start(network)).rejects.toThrow(/is already running/)
    } finally {
      await otherVirsh(['destroy', '--domain', uuid]).catch(() => undefined)
      await otherVirsh(['net-destroy', '--network', network]).catch(() => undefined)
    }
  }, 60_000)
})
