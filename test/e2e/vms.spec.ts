import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, screenshotPath, test } from './fixtures.js'
import { VmsPage } from './pages/vms-page.js'
import { nodeXml } from '../support/libvirt.js'

/**
 * Virtual machines on "This computer" (the real libvirtd + QEMU of this machine, qemu:///system):
 * the wizard, the lifecycle, XML editing with diff, apply and restore, and live state from outside.
 * Every VM and volume is created in a temp-dir storage pool this file defines and removes.
 */

const virsh = (...args: string[]): string =>
  execFileSync('virsh', ['-q', '-c', 'qemu:///system', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  })
const suffix = Math.random().toString(16).slice(2, 8)
const poolName = `vd-e2e-pool-${suffix}`
let poolDir = ''
const domains: string[] = []

/** Forces off and undefines (with NVRAM), ignoring what is already gone. */
function removeDomain(name: string): void {
  for (const args of [
    ['destroy', '--domain', name],
    ['undefine', '--domain', name, '--nvram'],
  ]) {
    try {
      virsh(...args)
    } catch {
      // Not running, or already gone.
    }
  }
}

/** A small diskless TCG domain, as someone else would define it, with libosinfo metadata for the OS column. */
function defineOutside(
  name: string,
  options: { memoryMiB?: number; vcpus?: number; osId?: string } = {},
): void {
  const metadata =
    options.osId === undefined
      ? ''
      : `<metadata><libosinfo:libosinfo xmlns:libosinfo="http://libosinfo.org/xmlns/libvirt/domain/1.0"><libosinfo:os id="${options.osId}"/></libosinfo:libosinfo></metadata>`
  const xml = `<domain type='qemu'><name>${name}</name>${metadata}<memory unit='MiB'>${options.memoryMiB ?? 64}</memory><vcpu>${options.vcpus ?? 1}</vcpu><os><type arch='x86_64' machine='pc'>hvm</type></os><devices><graphics type='vnc' listen='127.0.0.1' autoport='yes'/></devices></domain>`
  const file = join(poolDir, `${name}.xml`)
  writeFileSync(file, xml)
  domains.push(name)
  virsh('define', '--file', file)
  rmSync(file)
}

test.beforeAll(() => {
  poolDir = mkdtempSync(join(tmpdir(), 'virtdeck-e2e-pool-'))
  // QEMU runs as its own user: it must reach the disk.
  chmodSync(poolDir, 0o755)
  virsh('pool-create-as', '--name', poolName, '--type', 'dir', '--target', poolDir)
})

test.afterAll(() => {
  for (const name of domains) removeDomain(name)
  try {
    virsh('pool-destroy', '--pool', poolName)
  } catch {
    // Already gone.
  }
  rmSync(poolDir, { recursive: true, force: true })
})

// Wide and tall enough for the screenshots in docs/ to show whole rows and the whole diff.
test.use({ viewport: { width: 1440, height: 960 } })

test('create a VM with the wizard, start it, force it off, edit its XML with a diff, apply, restore, delete it with its disk', async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: 'light' })
  const vms = new VmsPage(page)
  const name = `vd-e2e-wizard-${suffix}`
  domains.push(name)

  await test.step('the wizard creates the VM with a new disk in the pool', async () => {
    await vms.openPanel()
    const wizard = await vms.fillWizard({
      name,
      memoryMiB: 64,
      vcpus: 1,
      pool: poolName,
      diskGiB: 0.0625,
      acceleration: 'QEMU emulation',
      startAfterCreating: false,
    })
    await expect(
      wizard.getByRole('code', { name: 'Definition (XML)' }).or(wizard.getByLabel('Definition (XML)')),
    ).toContainText(`<name>${name}</name>`)
    await expect(wizard).toContainText(
      `New disk: ${name}.qcow2 in pool ${poolName}, 64 MiB, qcow2, preallocation metadata.`,
    )
    await wizard.getByRole('button', { name: 'Create' }).click()
    await expect(wizard).toBeHidden({ timeout: 30_000 })
    await expect(vms.stateOf(name)).toHaveText('Shut off')
  })

  await test.step('start it: the row says Running', async () => {
    await vms.main.getByRole('button', { name: `Start ${name}` }).click()
    await expect(vms.stateOf(name)).toHaveText('Running')
  })

  await test.step('force it off, after confirming', async () => {
    await vms.menuAction(name, 'Force off…')
    const confirm = vms.dialog(`Force off ${name}?`)
    await confirm.getByRole('button', { name: 'Force off' }).click()
    await expect(vms.stateOf(name)).toHaveText('Shut off')
  })

  await test.step('edit the XML: more memory, previewed as a diff', async () => {
    await vms.main.getByRole('button', { name: `Open ${name}` }).click()
    await expect(vms.main.getByRole('heading', { level: 2, name })).toBeVisible()
    await vms.main.getByRole('tab', { name: 'XML' }).click()
    const before = await vms.xml.text()
    expect(before).toContain("<memory unit='KiB'>65536</memory>")
    await vms.xml.replace(
      before
        .replace("<memory unit='KiB'>65536</memory>", "<memory unit='KiB'>131072</memory>")
        .replace(
          "<currentMemory unit='KiB'>65536</currentMemory>",
          "<currentMemory unit='KiB'>131072</currentMemory>",
        ),
    )
    await vms.button('Preview changes').click()
    await expect(vms.diff).toContainText("-  <memory unit='KiB'>65536</memory>")
    await expect(vms.diff).toContainText("+  <memory unit='KiB'>131072</memory>")
    await expect(vms.diff.locator('[data-diff="added"]')).toHaveCount(2)
    await vms.main.getByRole('textbox', { name: 'Why (kept in the history)' }).fill('Twice the memory')
    await vms.closeNotifications()
    // The editor card at the top of the window (below the app's header) scrolled back to the top of
    // the definition, where the change is; the diff under it. (A string: this file has no DOM types.)
    await page.evaluate(`(() => {
      const card = document.querySelector('section[aria-labelledby="xml-editor-title"]')
      card.querySelector('.cm-scroller').scrollTop = 0
      window.scrollTo(0, card.getBoundingClientRect().top + window.scrollY - 118)
    })()`)
    await page.screenshot({ path: screenshotPath('vm-xml-diff.png') })
  })

  await test.step('apply it (confirmed): the definition changes and the old one is in the history', async () => {
    await vms.button('Apply').click()
    await vms.dialog(`Apply the new definition of ${name}?`).getByRole('button', { name: 'Apply' }).click()
    await expect.poll(() => vms.xml.text()).toMatch(/<memory unit='KiB'>131072<\/memory>/)
    await expect(vms.history.getByRole('listitem')).toHaveCount(1)
    await expect(vms.history).toContainText('Before: Twice the memory')
    expect(virsh('dumpxml', '--domain', name, '--inactive')).toContain("<memory unit='KiB'>131072</memory>")
  })

  await test.step('restore the previous version', async () => {
    await vms.history.getByRole('button', { name: /^Restore the definition saved/ }).click()
    await vms
      .dialog(/^Restore the definition saved/)
      .getByRole('button', { name: 'Restore' })
      .click()
    await expect.poll(() => vms.xml.text()).toMatch(/<memory unit='KiB'>65536<\/memory>/)
    await expect(vms.history.getByRole('listitem')).toHaveCount(2)
    expect(virsh('dumpxml', '--domain', name, '--inactive')).toContain("<memory unit='KiB'>65536</memory>")
  })

  await test.step('delete it, ticking its disk', async () => {
    await vms.menuAction(name, 'Delete…')
    const dialog = vms.dialog(`Delete ${name}?`)
    const disk = dialog.getByRole('checkbox', { name: new RegExp(`${name}\\.qcow2$`) })
    await expect(disk).not.toBeChecked()
    await disk.check()
    await dialog.getByRole('button', { name: 'Delete' }).click()
    await expect(vms.table).toBeVisible()
    await expect(vms.row(name)).toHaveCount(0)
    expect(virsh('vol-list', '--pool', poolName)).not.toContain(`${name}.qcow2`)
  })
})

test('a VM started with virsh outside the app shows as running without a refresh', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  const vms = new VmsPage(page)
  const tag = suffix.slice(0, 4)
  const names = {
    web: `web-frontend-${tag}`,
    db: `postgres-16-${tag}`,
    build: `build-runner-${tag}`,
    win: `windows-11-gaming-${tag}`,
  }
  defineOutside(names.web, { memoryMiB: 96, osId: 'http://debian.org/debian/12' })
  defineOutside(names.db, { memoryMiB: 128, vcpus: 2, osId: 'http://ubuntu.com/ubuntu/24.04' })
  defineOutside(names.build, { memoryMiB: 64, vcpus: 2, osId: 'http://fedoraproject.org/fedora/41' })
  defineOutside(names.win, { memoryMiB: 8192, vcpus: 8, osId: 'http://microsoft.com/win/11' })
  virsh('start', '--domain', names.db)
  virsh('autostart', '--domain', names.db)

  await test.step('the list shows them as they are', async () => {
    await vms.openPanel()
    await expect(vms.stateOf(names.db)).toHaveText('Running')
    await expect(vms.stateOf(names.web)).toHaveText('Shut off')
  })

  await test.step('virsh start in a terminal: the row turns Running, with no reload', async () => {
    virsh('start', '--domain', names.web)
    const started = Date.now()
    await expect(vms.stateOf(names.web)).toHaveText('Running', { timeout: 3000 })
    test.info().annotations.push({ type: 'outside start → UI', description: `${Date.now() - started} ms` })
  })

  await test.step('a VM defined outside appears, one undefined outside disappears', async () => {
    const extra = `scratch-${suffix}`
    defineOutside(extra)
    await expect(vms.row(extra)).toHaveCount(1, { timeout: 3000 })
    virsh('undefine', '--domain', extra)
    await expect(vms.row(extra)).toHaveCount(0, { timeout: 3000 })
  })

  await test.step('paused outside, and filtered', async () => {
    virsh('start', '--domain', names.build)
    await expect(vms.stateOf(names.build)).toHaveText('Running')
    virsh('suspend', '--domain', names.build)
    await expect(vms.stateOf(names.build)).toHaveText('Paused', { timeout: 3000 })
    const filter = vms.main.getByRole('textbox', { name: 'Filter virtual machines' })
    await filter.fill('postgres')
    await expect(vms.table.getByRole('row')).toHaveCount(2)
    await filter.fill('')
    await filter.blur()
  })

  await test.step('screenshot of the list', async () => {
    // CPU use needs two samples, 5 s apart.
    await expect(vms.row(names.db).getByText(/%$/)).toBeVisible({ timeout: 15_000 })
    await expect(vms.row(names.web).getByText(/%$/)).toBeVisible({ timeout: 15_000 })
    await vms.closeNotifications()
    await page.screenshot({ path: screenshotPath('vm-list.png') })
  })
})

test('1,000 VMs (a libvirt test-driver host): only the rows in view are in the page; sort and scroll reach all', async ({
  page,
  app,
}) => {
  const dir = mkdtempSync(join(tmpdir(), 'virtdeck-e2e-node-'))
  try {
    writeFileSync(join(dir, 'node.xml'), nodeXml(1000))
    await app.hosts.add({
      kind: 'local',
      name: 'Thousand VMs',
      libvirtUri: `test://${join(dir, 'node.xml')}`,
    })
    const vms = new VmsPage(page)
    await page
      .getByRole('navigation', { name: 'Hosts' })
      .getByRole('button', { name: /^Thousand VMs/ })
      .click()
    await vms.openPanel()
    await expect(vms.main.getByText('1000 VMs')).toBeVisible()
    await expect(vms.table).toHaveAttribute('aria-rowcount', '1001')
    expect(await vms.table.getByRole('row').count()).toBeLessThan(40)
    await vms.main.getByRole('button', { name: 'Sort by Name' }).click()
    await expect(vms.table.getByRole('row').nth(1)).toHaveAttribute('data-vm', 'vm-0999')
    await vms.main.getByRole('rowgroup', { name: /scroll for more/ }).press('End')
    await expect(vms.row('vm-0000')).toBeVisible()
    expect(await vms.table.getByRole('row').count()).toBeLessThan(40)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
