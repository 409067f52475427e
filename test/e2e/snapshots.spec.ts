import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, screenshotPath, test } from './fixtures.js'
import { VmsPage } from './pages/vms-page.js'
import { diskDomainXml } from '../support/disk-domains.js'
import { defineFromFile, hasMarker, markedQcow2, qemuIo, removeVm, virsh } from './support/disk-tools.js'

/**
 * The Snapshots tab on "This computer" (the real libvirtd + QEMU, qemu:///system): take a snapshot
 * of a shut-off qcow2 VM, change its disk (a marker written with qemu-io), revert after reading what
 * is lost, and see the disk content back; delete it. What libvirt 9.0 cannot do safely is shown
 * disabled, with the reason.
 */

const name = `vd-e2e-snap-${Math.random().toString(16).slice(2, 8)}`
let dir = ''
let disk = ''

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'virtdeck-e2e-snap-'))
  chmodSync(dir, 0o755)
  disk = join(dir, 'disk.qcow2')
  markedQcow2(disk, '0x11')
  defineFromFile(dir, 'domain.xml', diskDomainXml(name, disk, 'qcow2'))
})

test.afterAll(() => {
  removeVm(name)
  rmSync(dir, { recursive: true, force: true })
})

test.use({ viewport: { width: 1440, height: 960 } })

test('take a snapshot, change the VM, revert (after reading what is lost), delete', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  const vms = new VmsPage(page)
  await vms.openPanel()
  await vms.openVm(name, 'Snapshots')
  await expect(vms.main.getByText(`${name} has no snapshots yet.`)).toBeVisible()

  await test.step('take one: internal is offered, external is disabled with the reason', async () => {
    await expect(vms.main.getByText(/libvirt 9\.0\.0 on this host could neither revert/)).toBeVisible()
    await vms.main.getByRole('textbox', { name: 'Name' }).fill('before the change')
    await vms.main.getByRole('textbox', { name: 'Description' }).fill('clean disk')
    await vms.button('Take snapshot').click()
    const table = vms.main.getByRole('table', { name: `Snapshots of ${name}` })
    await expect(table.getByRole('row', { name: /before the change\s*current/ })).toBeVisible()
  })

  await test.step('change the disk, revert: the dialog says what is lost, the content comes back', async () => {
    qemuIo(disk, 'write -P 0xab 0 4k')
    await vms.button('Revert').click()
    const dialog = vms.dialog(`Revert ${name} to “before the change”?`)
    await expect(dialog.getByText(/Everything written to the disks of/)).toBeVisible()
    await vms.closeNotifications()
    await page.screenshot({ path: screenshotPath('vm-snapshots.png') })
    await dialog.getByRole('button', { name: 'Revert' }).click()
    await expect(dialog).toHaveCount(0)
    expect(hasMarker(disk, '0x11')).toBe(true)
    expect(hasMarker(disk, '0xab')).toBe(false)
  })

  await test.step('delete it', async () => {
    await vms.button('Delete').click()
    await vms
      .dialog('Delete snapshot “before the change”?')
      .getByRole('button', { name: 'Delete snapshot' })
      .click()
    await expect(vms.main.getByText(`${name} has no snapshots yet.`)).toBeVisible()
  })
})

test('clone the VM from its page: a full copy with its own disk, listed at once', async ({ page }) => {
  const vms = new VmsPage(page)
  const cloneName = `${name}-copy`
  try {
    await vms.openPanel()
    await vms.openVm(name)
    await vms.button('Clone…').click()
    const dialog = vms.dialog(`Clone ${name}`)
    await dialog.getByRole('textbox', { name: 'Name of the clone' }).fill(cloneName)
    await dialog.getByRole('radio', { name: 'Full copy' }).check()
    await dialog.getByRole('button', { name: 'Clone', exact: true }).click()
    await expect(dialog).toHaveCount(0)
    await expect(page.getByText(`${cloneName} is defined.`)).toBeVisible()
    const xml = virsh('dumpxml', '--domain', cloneName)
    expect(xml).toContain(`<source file='${dir}/${cloneName}-vda.qcow2'/>`)
    expect(hasMarker(`${dir}/${cloneName}-vda.qcow2`, '0x11')).toBe(true)
    await page.getByRole('button', { name: '← All virtual machines' }).click()
    await expect(vms.row(cloneName)).toHaveCount(1)
  } finally {
    removeVm(cloneName)
  }
})
