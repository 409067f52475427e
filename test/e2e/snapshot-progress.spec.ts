import { randomBytes } from 'node:crypto'
import { chmodSync, closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, screenshotPath, test } from './fixtures.js'
import { VmsPage } from './pages/vms-page.js'
import { defineFromFile, markedQcow2, removeVm, virsh } from './support/disk-tools.js'

/**
 * A memory snapshot that takes a while, on "This computer" (real libvirtd + QEMU TCG): the guest's
 * RAM is filled with 1.5 GiB of random bytes at power-on (QEMU's generic loader), so QEMU writes
 * them all into the qcow2 file. While it works the Snapshots tab shows what runs, for how long, and
 * why there is no progress bar or Cancel (libvirt 9.0 reports no job for internal snapshots); the
 * revert shows the same in its dialog. The snapshot and the revert then complete.
 */

const name = `vd-e2e-snapprog-${Math.random().toString(16).slice(2, 8)}`
const FILL_MIB = 1536
let dir = ''

function guestXml(disk: string, fill: string): string {
  return `<domain type='qemu' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
  <name>${name}</name>
  <memory unit='MiB'>${FILL_MIB + 256}</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='${disk}'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <serial type='pty'/>
  </devices>
  <qemu:commandline>
    <qemu:arg value='-device'/>
    <qemu:arg value='loader,file=${fill},addr=0x8000000,force-raw=on'/>
  </qemu:commandline>
</domain>
`
}

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'virtdeck-e2e-snapprog-'))
  chmodSync(dir, 0o755)
  const disk = join(dir, 'disk.qcow2')
  const fill = join(dir, 'fill.bin')
  // Random pages (QEMU skips zero pages): 16 MiB of random bytes, written again and again.
  const block = randomBytes(16 * 1024 * 1024)
  const fd = openSync(fill, 'w', 0o644)
  for (let i = 0; i < FILL_MIB / 16; i++) writeSync(fd, block)
  closeSync(fd)
  markedQcow2(disk, '0x11')
  defineFromFile(dir, 'domain.xml', guestXml(disk, fill))
  virsh('start', '--domain', name)
})

test.afterAll(() => {
  removeVm(name)
  rmSync(dir, { recursive: true, force: true })
})

test.use({ viewport: { width: 1440, height: 960 } })

test('a long memory snapshot and its revert show what runs and why there is no Cancel', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  const vms = new VmsPage(page)
  await vms.openPanel()
  await vms.openVm(name, 'Snapshots')
  await expect(vms.main.getByText(`${name} has no snapshots yet.`)).toBeVisible()

  await test.step('take a snapshot with the memory: the status says what runs and why no Cancel', async () => {
    await vms.main.getByRole('textbox', { name: 'Name' }).fill('with memory')
    await vms.main.getByRole('checkbox', { name: /Include the memory/ }).check()
    await vms.button('Take snapshot').click()
    const status = vms.main.getByRole('status', { name: `Taking a snapshot of ${name}` })
    await expect(status).toBeVisible()
    await expect(
      status.getByText(/libvirt reports no progress for an internal snapshot and cannot cancel one/),
    ).toBeVisible()
    await expect(
      status.getByText(/the memory and the disks' state into the qcow2 files while the VM is paused/),
    ).toBeVisible()
    await expect(status.getByRole('button', { name: 'Cancel' })).toHaveCount(0)
    // libvirt holds the paused VM meanwhile: the page offers no Resume that would only wait, then fail.
    await expect(vms.main.getByRole('status', { name: `${name}: Taking a snapshot` })).toBeVisible()
    await expect(vms.main.getByRole('button', { name: `Resume ${name}` })).toHaveCount(0)
    await vms.closeNotifications()
    await page.screenshot({ path: screenshotPath('vm-snapshot-progress.png') })
    const table = vms.main.getByRole('table', { name: `Snapshots of ${name}` })
    await expect(table.getByRole('row', { name: /with memory\s*current/ })).toBeVisible({ timeout: 60_000 })
    await expect(status).toHaveCount(0)
    await expect(vms.main.getByRole('status', { name: `${name}: Taking a snapshot` })).toHaveCount(0)
    // What the status waited for is real: the memory is inside the qcow2 file.
    expect(virsh('snapshot-info', '--domain', name, '--snapshotname', 'with memory')).toMatch(
      /State:\s+running/,
    )
  })

  await test.step('revert to it: the dialog shows the revert running, then the VM runs again', async () => {
    await vms.button('Revert').click()
    const dialog = vms.dialog(`Revert ${name} to “with memory”?`)
    await dialog.getByRole('button', { name: 'Revert' }).click()
    await expect(dialog.getByRole('status', { name: `Reverting ${name} to “with memory”` })).toBeVisible()
    await expect(dialog).toHaveCount(0, { timeout: 60_000 })
    expect(virsh('domstate', '--domain', name).trim()).toBe('running')
  })
})
