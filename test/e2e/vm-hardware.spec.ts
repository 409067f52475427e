import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, screenshotPath, test } from './fixtures.js'
import { VmsPage } from './pages/vms-page.js'

/**
 * The Hardware tab as a new user meets it, on the real libvirtd with a running diskless TCG VM:
 * bad values in the fields (said in words), a disk and a NIC added (each previewed, plugged in
 * live), the CD-ROM ejected and a disc inserted (change-media), that insert undone from the Changes page, a VM changed outside between
 * preview and apply (conflict, nothing overwritten), an undo from the Changes page, and the console
 * password removed (shown as dots, confirmed in the preview).
 */
const name = `vd-e2e-hw-${process.pid}`
// The console password the last step removes (VNC takes at most 8 characters).
const secret = 'e2e$(pw)'
const pool = `vd-e2e-hw-pool-${process.pid}`
// Made in beforeAll: Playwright loads this file in more than one process.
let dir = ''
let discOne = ''
let discTwo = ''
const virsh = (...args: string[]): string =>
  execFileSync('virsh', ['-q', '-c', 'qemu:///system', ...args], { encoding: 'utf8' })

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'virtdeck-e2e-hw-'))
  discOne = join(dir, 'installer one.iso')
  discTwo = join(dir, 'rescue two.iso')
  chmodSync(dir, 0o755)
  writeFileSync(discOne, Buffer.alloc(64 * 1024, 1))
  writeFileSync(discTwo, Buffer.alloc(64 * 1024, 2))
  virsh('pool-create-as', '--name', pool, '--type', 'dir', '--target', dir)
  writeFileSync(
    join(dir, 'vm.xml'),
    `<domain type='qemu'><name>${name}</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>
<os><type arch='x86_64' machine='pc'>hvm</type></os><features><acpi/></features><devices>
<disk type='file' device='cdrom'><driver name='qemu' type='raw'/><source file='${discOne}'/><target dev='sda' bus='sata'/><readonly/></disk>
<graphics type='vnc' listen='127.0.0.1' autoport='yes' passwd='${secret}'/></devices></domain>\n`,
  )
  virsh('define', '--file', join(dir, 'vm.xml'))
  virsh('start', '--domain', name)
})

test.afterAll(() => {
  for (const args of [
    ['destroy', '--domain', name],
    ['undefine', '--domain', name],
    ['pool-destroy', '--pool', pool],
  ])
    try {
      virsh(...args)
    } catch {
      // Already gone.
    }
  rmSync(dir, { recursive: true, force: true })
})

test.use({ viewport: { width: 1440, height: 1100 } })

test('Hardware tab: add a disk and a NIC, eject and insert a disc, undo from the Changes page, a conflict', async ({
  page,
}) => {
  test.setTimeout(150_000)
  const vms = new VmsPage(page)
  const main = vms.main
  const dialog = (title: string | RegExp) => page.getByRole('dialog', { name: title })
  const previewAndApply = async (): Promise<void> => {
    const preview = page.getByRole('dialog').filter({ has: page.getByRole('button', { name: 'Apply' }) })
    await preview.getByRole('button', { name: 'Apply', exact: true }).click()
    await expect(preview).toBeHidden({ timeout: 30_000 })
  }

  await test.step('open the running VM’s Hardware tab', async () => {
    await vms.openPanel()
    await main.getByRole('button', { name: `Open ${name}` }).click()
    await main.getByRole('tab', { name: 'Hardware' }).click()
    await expect(main.getByRole('row', { name: 'CD-ROM sda' })).toContainText('installer one.iso')
  })

  await test.step('add a disk: bad values are said in words; the preview shows the diff and the live plug', async () => {
    await main.getByRole('button', { name: 'Add disk…' }).click()
    const add = dialog('Add a disk')
    await add.getByRole('combobox', { name: 'Storage pool' }).click()
    await page.getByRole('option', { name: pool, exact: true }).click()
    await add.getByRole('textbox', { name: 'Size (GiB)' }).fill('-1')
    await expect(add).toContainText('The size must be more than 0 GiB.')
    await add.getByRole('textbox', { name: 'Size (GiB)' }).fill('0.05')
    await expect(add).toContainText('0.05 GiB is not a whole number of MiB')
    await add.getByRole('textbox', { name: 'Size (GiB)' }).fill('ten')
    await expect(add).toContainText('must be a number; “ten” is not')
    await add.getByRole('textbox', { name: 'Volume name' }).fill('../../etc/evil')
    await add.getByRole('button', { name: 'Preview' }).click()
    await expect(add).toContainText('cannot contain “/”')
    await add.getByRole('textbox', { name: 'Volume name' }).fill('e2e data.qcow2')
    await add.getByRole('textbox', { name: 'Size (GiB)' }).fill('0.0625')
    await add.getByRole('button', { name: 'Preview' }).click()
    const preview = dialog(/^Add disk vda \(virtio\)/)
    await expect(preview.getByLabel(`Hardware changes to ${name}`)).toContainText(
      "<target dev='vda' bus='virtio'/>",
    )
    await expect(preview).toContainText('Attach vda to the running VM')
    await previewAndApply()
    await expect(main.getByRole('status').filter({ hasText: 'Applied' })).toContainText('✓ Attach vda')
    await expect(main.getByRole('row', { name: 'Disk vda' })).toContainText('e2e data.qcow2')
    expect(virsh('domblklist', '--domain', name)).toContain('e2e data.qcow2')
  })

  await test.step('add a NIC: a multicast MAC is refused in words; a fresh one is chosen', async () => {
    await main.getByRole('button', { name: 'Add network card…' }).click()
    const add = dialog('Add a network card')
    await add.getByRole('textbox', { name: 'MAC address' }).fill('01:00:5e:00:00:01')
    await expect(add).toContainText('is a multicast address')
    await expect(add.getByRole('button', { name: 'Preview' })).toBeDisabled()
    await add.getByRole('textbox', { name: 'MAC address' }).fill('')
    await add.getByRole('button', { name: 'Preview' }).click()
    const preview = dialog(/^Add network card 52:54:00:/)
    await expect(preview.getByLabel(`Hardware changes to ${name}`)).toContainText(
      "<source network='default'/>",
    )
    await expect(preview).toContainText('into the running VM')
    await previewAndApply()
    await expect(main.getByRole('table', { name: 'Network cards' })).toContainText('network default')
    expect(virsh('domiflist', '--domain', name)).toContain('default')
  })

  await test.step('eject the disc and insert another, live', async () => {
    await main.getByRole('row', { name: 'CD-ROM sda' }).getByRole('button', { name: 'Eject' }).click()
    const eject = dialog('Eject the disc from sda')
    await expect(eject.getByLabel(`Hardware changes to ${name}`)).toContainText(`<source file='${discOne}'/>`)
    await expect(eject).toContainText('Eject sda now')
    await previewAndApply()
    await expect(main.getByRole('row', { name: 'CD-ROM sda' })).toContainText('empty')
    expect(virsh('domblklist', '--domain', name)).not.toContain('installer one.iso')
    await main.getByRole('row', { name: 'CD-ROM sda' }).getByRole('button', { name: 'Insert…' }).click()
    const insert = dialog('Insert a disc in sda')
    await insert.getByRole('combobox', { name: 'ISO image' }).fill('relative.iso')
    await expect(insert).toContainText('must be absolute')
    // The pools' ISO images are offered as one types.
    await insert.getByRole('combobox', { name: 'ISO image' }).fill('rescue')
    await page.getByRole('option', { name: discTwo, exact: true }).click()
    await insert.getByRole('button', { name: 'Preview' }).click()
    await expect(dialog(`Insert ${discTwo} in sda`)).toContainText('Insert the disc in sda now')
    await previewAndApply()
    await expect(main.getByRole('row', { name: 'CD-ROM sda' })).toContainText('rescue two.iso')
    expect(virsh('domblklist', '--domain', name)).toContain('rescue two.iso')
  })

  await test.step('undo the disc change from the Changes page; the running VM shows the restart it needs', async () => {
    await page
      .getByRole('navigation', { name: 'Host sections' })
      .getByRole('button', { name: 'Changes', exact: true })
      .click()
    const list = main.getByRole('region', { name: /^Changes on / })
    await list.getByRole('button', { name: `Undo: VM ${name}: Insert ${discTwo} in sda` }).click()
    const undo = page.getByRole('dialog', { name: /^Undo on / })
    await undo.getByRole('button', { name: 'Undo change' }).click()
    await expect(undo).toBeHidden()
    await expect(list.getByRole('listitem', { name: `VM ${name}: Insert ${discTwo} in sda` })).toContainText(
      'Undone',
    )
    // The definition is back as before the insert (no disc); the running VM still has it.
    expect(virsh('dumpxml', '--inactive', '--domain', name)).not.toContain('rescue two.iso')
    await vms.openPanel()
    await main.getByRole('button', { name: `Open ${name}` }).click()
    await main.getByRole('tab', { name: 'Hardware' }).click()
    await expect(main.getByLabel('Restart needed')).toContainText(
      `CD-ROM sda is changed: ${discTwo} now, empty at the next boot`,
    )
    await main.getByRole('tab', { name: 'Hardware' }).scrollIntoViewIfNeeded()
    await page.screenshot({ path: screenshotPath('vm-hardware.png') })
  })
  await test.step('changed outside between preview and apply: a conflict, nothing overwritten', async () => {
    const memory = main.getByLabel('Memory', { exact: true })
    await memory.getByRole('textbox', { name: 'Current (MiB)' }).fill('abc')
    await expect(memory).toContainText('must be a number; “abc” is not')
    await memory.getByRole('textbox', { name: 'Current (MiB)' }).fill('48')
    await memory.getByRole('textbox', { name: 'Maximum (MiB)' }).fill('96')
    await memory.getByRole('button', { name: 'Preview memory' }).click()
    const preview = dialog(/^Memory 48 MiB, maximum 96 MiB/)
    await expect(preview).toContainText('Maximum memory 96 MiB applies at the next boot')
    await page.screenshot({ path: screenshotPath('vm-hardware-preview.png') })
    virsh('desc', '--domain', name, '--config', '--new-desc', 'changed outside')
    await preview.getByRole('button', { name: 'Apply', exact: true }).click()
    await expect(preview.getByRole('alert', { name: 'Changed meanwhile' })).toContainText(
      'changed since the preview',
    )
    await preview.getByRole('button', { name: 'Cancel' }).click()
    const xml = virsh('dumpxml', '--inactive', '--domain', name)
    expect(xml).toContain('changed outside')
    expect(xml).toContain("<memory unit='KiB'>65536</memory>")
  })

  await test.step('remove the console password: dots in the diff, confirmed in the preview, then gone', async () => {
    const display = main.getByLabel('Graphical console')
    await expect(display.getByLabel('New password')).toHaveAttribute('placeholder', '••••••••')
    await display.getByRole('checkbox', { name: 'Remove the password' }).check()
    await expect(display.getByLabel('New password')).toBeDisabled()
    await display.screenshot({ path: screenshotPath('vm-hardware-password-field.png') })
    await display.getByRole('button', { name: 'Preview console' }).click()
    const preview = dialog('VNC console, listening on 127.0.0.1, password removed')
    await expect(preview.getByLabel(`Hardware changes to ${name}`)).toContainText("passwd='••••••'")
    await expect(preview).not.toContainText(secret)
    await expect(preview.getByLabel('Restart needed')).toContainText('keeps asking for the old password')
    await expect(preview).toContainText('opens it without a password')
    await page.screenshot({ path: screenshotPath('vm-hardware-password.png') })
    await preview.getByRole('button', { name: 'Remove the password' }).click()
    await expect(preview).toBeHidden({ timeout: 30_000 })
    await expect(display.getByRole('checkbox', { name: 'Remove the password' })).toHaveCount(0)
    await expect(main.getByLabel('Restart needed')).toContainText('Console password is removed')
    expect(virsh('dumpxml', '--inactive', '--security-info', '--domain', name)).not.toContain('passwd')
  })
})
