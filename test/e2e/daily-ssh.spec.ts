import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from './fixtures.js'
import { HostsPage } from './pages/hosts-page.js'
import { VmsPage } from './pages/vms-page.js'
import { diskDomainXml } from '../support/disk-domains.js'
import { consoleDomainXml } from '../support/console-domains.js'
import { defineFromFile, hasMarker, markedQcow2, qemuIo, removeVm, virsh } from './support/disk-tools.js'
import type { App } from '../../src/main/app.js'
import type { Page } from '@playwright/test'
import type { TestSshd } from '../support/sshd.js'

/**
 * Daily VM work on an SSH host (the loopback sshd, its test user in the libvirt group, the real
 * libvirtd behind it): a snapshot taken, reverted and deleted, and a clone — everything through the
 * host's one SSH connection, nothing run locally by the app.
 */

const name = `vd-e2e-sshday-${Math.random().toString(16).slice(2, 8)}`
const cloneName = `${name}-copy`
const screenVm = `${name}-screen`
let dir = ''
let disk = ''

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'virtdeck-e2e-sshday-'))
  chmodSync(dir, 0o777)
  disk = join(dir, 'disk.qcow2')
  markedQcow2(disk, '0x22')
  chmodSync(disk, 0o666)
  defineFromFile(dir, 'domain.xml', diskDomainXml(name, disk, 'qcow2'))
  defineFromFile(dir, 'screen.xml', consoleDomainXml(screenVm, 'vnc'))
  virsh('start', '--domain', screenVm, '--paused')
})

test.afterAll(() => {
  for (const vm of [name, cloneName, screenVm]) removeVm(vm)
  rmSync(dir, { recursive: true, force: true })
})

test.use({ viewport: { width: 1440, height: 960 } })

/** Adds the loopback sshd as a host, accepts its key in the page, and opens its VM list. */
async function connectSshHost(
  page: Page,
  app: App,
  sshd: TestSshd,
  hostName: string,
): Promise<{ id: string }> {
  const saved = await app.hosts.add({
    kind: 'ssh',
    name: hostName,
    hostname: '127.0.0.1',
    port: sshd.port,
    username: sshd.user,
    auth: 'password',
    secret: sshd.password,
    libvirtUri: 'qemu:///system',
  })
  const hosts = new HostsPage(page)
  const vms = new VmsPage(page)
  await hosts.hostInSidebar(hostName).click()
  await vms.openPanel()
  await vms.button('Verify the host key').click()
  await hosts.keyDialog.getByRole('button', { name: 'Accept and connect' }).click()
  await expect(hosts.hostStatus(hostName)).toHaveAttribute('data-status', 'connected')
  return saved
}

test('on an SSH host: snapshot, change, revert, delete; then clone', async ({ page, app, sshd }) => {
  const saved = await connectSshHost(page, app, sshd, 'Daily work over SSH')
  const vms = new VmsPage(page)
  await vms.openVm(name)

  await test.step('snapshot, change the disk, revert: the content comes back', async () => {
    await vms.main.getByRole('tab', { name: 'Snapshots' }).click()
    await expect(vms.main.getByText(`${name} has no snapshots yet.`)).toBeVisible()
    await vms.main.getByRole('textbox', { name: 'Name' }).fill('over ssh')
    await vms.button('Take snapshot').click()
    const table = vms.main.getByRole('table', { name: `Snapshots of ${name}` })
    await expect(table.getByRole('row', { name: /over ssh\s*current/ })).toBeVisible()
    qemuIo(disk, 'write -P 0xcd 0 4k')
    await vms.button('Revert').click()
    const dialog = vms.dialog(`Revert ${name} to “over ssh”?`)
    await dialog.getByRole('button', { name: 'Revert' }).click()
    await expect(dialog).toHaveCount(0)
    expect(hasMarker(disk, '0x22')).toBe(true)
    await vms.button('Delete').click()
    await vms.dialog('Delete snapshot “over ssh”?').getByRole('button', { name: 'Delete snapshot' }).click()
    await expect(vms.main.getByText(`${name} has no snapshots yet.`)).toBeVisible()
  })

  await test.step('clone: a full copy with its own disk, made on the host', async () => {
    await vms.button('Clone…').click()
    const dialog = vms.dialog(`Clone ${name}`)
    await dialog.getByRole('textbox', { name: 'Name of the clone' }).fill(cloneName)
    await dialog.getByRole('radio', { name: 'Full copy' }).check()
    await dialog.getByRole('button', { name: 'Clone', exact: true }).click()
    await expect(dialog).toHaveCount(0)
    await expect(page.getByText(`${cloneName} is defined.`)).toBeVisible()
    expect(hasMarker(`${dir}/${cloneName}-vda.qcow2`, '0x22')).toBe(true)
  })
  await test.step('its Overview counts containers without asking for the sudo password', async () => {
    await page.getByRole('navigation').getByRole('button', { name: 'Overview', exact: true }).click()
    // vdtest's sudo wants a password: the summary says so instead of prompting (sudo -n).
    await expect(
      page.getByText(/LXC: not counted: listing LXC containers needs the administrator password/),
    ).toBeVisible()
    await expect(page.getByText(/^Docker: \d+/)).toBeVisible()
    await expect(page.getByRole('dialog', { name: 'Administrator password needed' })).toHaveCount(0)
  })
  // Each action ran against the SSH host (audited with its id), none against "This computer".
  const audit = app.store.audit.list(20).filter((entry) => entry.target.includes(name))
  expect(new Set(audit.map((entry) => entry.hostId))).toEqual(new Set([saved.id]))
  expect(audit.map((entry) => entry.action)).toEqual(
    expect.arrayContaining(['snapshot.create', 'snapshot.revert', 'snapshot.delete', 'domain.clone']),
  )
})

test('on an SSH host: the screen of a booting VM through the host’s SSH connection, and its serial console', async ({
  page,
  app,
  sshd,
}) => {
  await connectSshHost(page, app, sshd, 'Console over SSH')
  const vms = new VmsPage(page)
  await vms.openVm(screenVm, 'Console')
  const canvas = vms.main.getByRole('application', { name: `Screen of ${screenVm}` }).locator('canvas')
  await expect(vms.main.getByRole('status').filter({ hasText: /Connected to the screen/ })).toBeVisible()
  await expect(canvas).toBeVisible()
  const paused = await canvas.screenshot()
  virsh('resume', '--domain', screenVm)
  await expect
    .poll(async () => Buffer.compare(await canvas.screenshot(), paused) !== 0, { timeout: 20_000 })
    .toBe(true)
  await vms.main.locator('label', { hasText: 'Serial / text' }).click()
  await expect(
    vms.main.getByRole('status').filter({ hasText: 'Connected to the serial console' }),
  ).toBeVisible()
  // Reset: the firmware prints its banner again on the serial line.
  virsh('reset', '--domain', screenVm)
  await expect(vms.main.getByTestId('terminal')).toContainText('Press ESC for boot menu', { timeout: 20_000 })
})
