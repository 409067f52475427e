import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, screenshotPath, test } from './fixtures.js'
import { VmsPage } from './pages/vms-page.js'

/** The KVM tuning guide's slow settings on the real libvirtd: IDE disk with cache=writeback, rtl8139, qemu64. */
const name = `vd-e2e-tune-${process.pid}`
const dir = mkdtempSync(join(tmpdir(), 'virtdeck-e2e-tune-'))
const virsh = (...args: string[]): string =>
  execFileSync('virsh', ['-q', '-c', 'qemu:///system', ...args], { encoding: 'utf8' })

test.beforeAll(() => {
  const image = join(dir, 'slow.qcow2')
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', image, '64M'])
  writeFileSync(
    join(dir, 'slow.xml'),
    `<domain type='kvm'><name>${name}</name><memory unit='MiB'>128</memory><vcpu>1</vcpu>
<os><type arch='x86_64' machine='pc'>hvm</type></os><devices>
<disk type='file' device='disk'><driver name='qemu' type='qcow2' cache='writeback'/><source file='${image}'/><target dev='hda' bus='ide'/></disk>
<interface type='network'><source network='default'/><model type='rtl8139'/></interface>
<graphics type='vnc' listen='127.0.0.1' autoport='yes'/></devices></domain>\n`,
  )
  virsh('define', '--file', join(dir, 'slow.xml'))
})

test.afterAll(() => {
  try {
    virsh('undefine', '--domain', name)
  } catch {
    // Already gone.
  }
  rmSync(dir, { recursive: true, force: true })
})

test.use({ viewport: { width: 1440, height: 1000 } })

test('Tuning tab: the slow settings are found, two fixes previewed as XML and QEMU line, applied as one change, the image converted, the host-wide view, undone from the Changes page', async ({
  page,
}) => {
  const vms = new VmsPage(page)
  const original = virsh('dumpxml', '--inactive', '--domain', name)

  await test.step('open the VM and its Tuning tab: each finding with its evidence and fix', async () => {
    await vms.openPanel()
    await vms.main.getByRole('button', { name: `Open ${name}` }).click()
    await vms.main.getByRole('tab', { name: 'Tuning' }).click()
    await expect(vms.main.getByRole('heading', { name: /^Score \d+ \/ 100$/ })).toBeVisible({
      timeout: 30_000,
    })
    const cpu = vms.main.getByRole('listitem', { name: 'CPU model: the host CPU' })
    await expect(cpu).toContainText('Improve')
    await expect(cpu).toContainText('host-passthrough')
  })

  await test.step('choose two fixes and preview them: the XML diff and the QEMU line', async () => {
    for (const box of await vms.main.getByRole('checkbox', { name: /^Include the fix: / }).all())
      if (await box.isChecked()) await box.uncheck()
    await vms.main.getByRole('checkbox', { name: 'Include the fix: CPU model: the host CPU' }).check()
    const nic = vms.main.getByRole('checkbox', { name: /^Include the fix: .*(network|NIC)/i }).first()
    await nic.check()
    await vms.main.getByRole('button', { name: 'Preview 2 fixes' }).click()
    await expect(vms.main.getByLabel(`XML changes to ${name}`)).toContainText("<model type='virtio'/>")
    const qemu = vms.main.getByRole('region', { name: `QEMU command-line changes for ${name}` })
    await expect(qemu).toContainText('-cpu host')
    await expect(qemu).toContainText('-cpu qemu64')
    await vms.main.getByRole('heading', { name: /^Score / }).scrollIntoViewIfNeeded()
    await page.screenshot({ path: screenshotPath('tuning.png') })
  })

  await test.step('apply as one change', async () => {
    await vms.main.getByRole('button', { name: `Apply to ${name}…` }).click()
    const dialog = page.getByRole('dialog', { name: `Apply the fixes to ${name}?` })
    await dialog.getByRole('button', { name: 'Apply fixes' }).click()
    await expect(dialog).toBeHidden()
    await expect(vms.main.getByRole('status').filter({ hasText: 'Applied' })).toContainText('Tuning of VM')
    const now = virsh('dumpxml', '--inactive', '--domain', name)
    expect(now).toContain("<model type='virtio'/>")
    expect(now).toContain("mode='host-passthrough'")
    expect(now).toContain("bus='ide'") // not chosen: left alone
  })

  await test.step('convert the qcow2 image with metadata preallocation (a job, then one change)', async () => {
    await vms.main.getByRole('button', { name: 'Convert slow.qcow2…' }).click()
    const dialog = page.getByRole('dialog', { name: `Convert the image of ${name}?` })
    await dialog.getByRole('button', { name: 'Convert' }).click()
    await expect(dialog).toBeHidden({ timeout: 60_000 })
    await expect(vms.main.getByRole('status').filter({ hasText: 'Converted' })).toContainText(
      'slow.preallocated.qcow2',
    )
    expect(virsh('dumpxml', '--inactive', '--domain', name)).toContain('slow.preallocated.qcow2')
  })

  await test.step('the host-wide view lists the VM with its score', async () => {
    await page
      .getByRole('navigation', { name: 'Host sections' })
      .getByRole('button', { name: 'VM tuning', exact: true })
      .click()
    await vms.main.getByRole('button', { name: 'Judge every VM' }).click()
    const scores = vms.main.getByRole('table', { name: /^Tuning scores on / })
    await expect(scores.getByRole('row', { name: new RegExp(name) })).toContainText('/ 100', {
      timeout: 60_000,
    })
  })

  await test.step('undo both from the Changes page: the definition is back byte for byte', async () => {
    await page
      .getByRole('navigation', { name: 'Host sections' })
      .getByRole('button', { name: 'Changes', exact: true })
      .click()
    const list = vms.main.getByRole('region', { name: /^Changes on / })
    // Newest first: the conversion, then the two fixes.
    await list.getByRole('button', { name: new RegExp(`^Undo: VM ${name} uses `) }).click()
    const first = page.getByRole('dialog', { name: /^Undo on / })
    await first.getByRole('button', { name: 'Undo change' }).click()
    await expect(first).toBeHidden()
    await list.getByRole('button', { name: new RegExp(`^Undo: Tuning of VM ${name}`) }).click()
    const dialog = page.getByRole('dialog', { name: /^Undo on / })
    await expect(dialog).toContainText(`Define the previous definition of VM ${name} again`)
    await dialog.getByRole('button', { name: 'Undo change' }).click()
    await expect(dialog).toBeHidden()
    await expect(list.getByRole('listitem', { name: new RegExp(`^Tuning of VM ${name}`) })).toContainText(
      'Undone',
    )
    expect(virsh('dumpxml', '--inactive', '--domain', name)).toBe(original)
  })
})
