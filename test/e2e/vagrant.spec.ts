import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { defineTiny, removeDomain, uniqueName } from '../support/libvirt.js'
import { busyboxImage, emptyLibvirtBox } from '../support/vagrant.js'
import { expect, screenshotPath, test } from './fixtures.js'

// A private Vagrant home for the app's vagrant runs (they inherit this process's environment).
const root = mkdtempSync(join(tmpdir(), 'virtdeck-e2e-vagrant-'))
process.env['VAGRANT_HOME'] = join(root, 'vagrant-home')
process.env['VAGRANT_CHECKPOINT_DISABLE'] = '1'

test.use({ viewport: { width: 1280, height: 1400 } })
test.afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

function machineCell(page: Page, machine: string, project: string): ReturnType<Page['getByRole']> {
  return page
    .getByRole('table', { name: `Machines of ${project}` })
    .getByRole('row', { name: new RegExp(`^${machine} `) })
}

test('Vagrant: design a two-machine project, validate, up with docker and watch the output, destroy', async ({
  page,
}) => {
  test.setTimeout(240_000)
  const image = await busyboxImage(root)
  const folder = join(root, 'two machines')
  const main = page.getByRole('main')

  await test.step('open the Vagrant panel and the designer', async () => {
    await page
      .getByRole('navigation', { name: 'Host sections' })
      .getByRole('button', { name: 'Vagrant', exact: true })
      .click()
    await main.getByRole('heading', { level: 2, name: 'Vagrant', exact: true }).waitFor()
    await expect(main.getByText(/Vagrant 2\.\d+\.\d+/)).toBeVisible({ timeout: 30_000 })
    await main.getByRole('button', { name: 'New project…' }).click()
  })

  await test.step('fill in two machines with static private IPs and a shell provisioner, preview, create', async () => {
    await main.getByLabel('Folder on the host').fill(folder)
    await main.getByRole('combobox', { name: 'Provider' }).click()
    await page.getByRole('option', { name: 'docker', exact: true }).click()
    await main.getByRole('tab', { name: 'Providers' }).click()
    await main.getByLabel('Docker image').fill(image)
    // A name Vagrant refuses is marked at its field as it is typed, and nothing is written.
    await main.getByLabel('Machine 1 name').fill('we/b')
    await expect(
      main.getByText('A machine name has none of [ ] { } / and no control character'),
    ).toBeVisible()
    await main.getByRole('button', { name: 'Preview Vagrantfile' }).click()
    await expect(main.getByText(/^Fix the marked field first: machines\.0\.name/)).toBeVisible()
    await main.getByLabel('Machine 1 name').fill('web')
    await main.getByLabel('Machine 1 IP').fill('172.30.77.10')
    await main.getByRole('button', { name: 'Add machine' }).click()
    await main.getByLabel('Machine 2 name').fill('db')
    await main.getByLabel('Machine 2 IP').fill('172.30.77.11')
    await main.getByRole('tab', { name: /^Synced folders/ }).click()
    await main.getByLabel('Do not sync the project folder to /vagrant').check()
    await main.getByRole('tab', { name: /^Provisioners/ }).click()
    await main.getByRole('combobox', { name: 'Add provisioner' }).click()
    await page.getByRole('option', { name: 'shell', exact: true }).click()
    await main.getByLabel('Provisioner 1 inline script').fill('echo "hello #{from} the designer"\n')
    await main.getByRole('combobox', { name: 'Provisioner 1 run' }).click()
    await page.getByRole('option', { name: 'always', exact: true }).click()
    await main.getByRole('button', { name: 'Preview Vagrantfile' }).click()
    await expect(main.getByText("config.vm.define 'web' do |web|")).toBeVisible()
    await expect(main.getByText("web.vm.network 'private_network', ip: '172.30.77.10'")).toBeVisible()
    await page.mouse.move(640, 20)
    await page.screenshot({ path: screenshotPath('vagrant-designer.png') })
    await main.getByRole('button', { name: 'Create project' }).click()
    // Created, then validated: valid, so the designer closes.
    await expect(main.getByRole('button', { name: /^(Create project|Save and validate)$/ })).toHaveCount(0, {
      timeout: 60_000,
    })
    await expect(main.getByRole('heading', { level: 3, name: 'two machines', exact: true })).toBeVisible()
    await expect(main.getByText('Made in the designer')).toBeVisible()
  })

  await test.step('validate passes', async () => {
    await main.getByRole('button', { name: 'Validate', exact: true }).click()
    await expect(main.getByText('The Vagrantfile is valid.')).toBeVisible({ timeout: 30_000 })
  })

  await test.step('up: the output streams, both machines run', async () => {
    await main.getByRole('button', { name: 'Up', exact: true }).click()
    const output = main.getByLabel('Vagrant output')
    await expect(output).toContainText("Bringing machine 'web' up with 'docker' provider", {
      timeout: 60_000,
    })
    await expect(main.getByRole('button', { name: 'Cancel', exact: true })).toBeVisible()
    await expect(main.getByText('vagrant up: done')).toBeVisible({ timeout: 120_000 })
    await expect(machineCell(page, 'web', 'two machines')).toContainText('running')
    await expect(machineCell(page, 'db', 'two machines')).toContainText('running')
    await page.mouse.move(640, 20)
    await page.screenshot({ path: screenshotPath('vagrant.png') })
  })

  await test.step('destroy, confirmed first', async () => {
    await main.getByRole('button', { name: 'Destroy', exact: true }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Destroy', exact: true }).click()
    await expect(main.getByText('vagrant destroy: done')).toBeVisible({ timeout: 120_000 })
    await expect(machineCell(page, 'web', 'two machines')).toContainText('not created')
  })

  await test.step('boxes: add a .box file, see it, check for updates, remove after confirming', async () => {
    const box = emptyLibvirtBox(root)
    await main.getByLabel('Add a box from').fill(box)
    await main.getByLabel('Box name').fill('e2e/empty')
    await main.getByRole('button', { name: 'Add box' }).click()
    await expect(main.getByText('The box was added.')).toBeVisible({ timeout: 60_000 })
    const row = main.getByRole('table', { name: 'Boxes' }).getByRole('row', { name: /e2e\/empty/ })
    await expect(row).toContainText('libvirt')
    await main.getByRole('button', { name: 'Check for updates' }).click()
    await expect(row).toContainText('was added from a file', { timeout: 60_000 })
    await row.getByRole('button', { name: 'Remove' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Remove', exact: true }).click()
    await expect(main.getByText('Removed e2e/empty.')).toBeVisible({ timeout: 60_000 })
    await expect(row).toHaveCount(0)
  })
})

test('Vagrant machine in the VM list: tagged with its project, both ways linked, warned before Delete', async ({
  page,
}) => {
  test.setTimeout(120_000)
  const name = uniqueName('vd-vagrant-e2e')
  const uuid = await defineTiny(name)
  try {
    // A vagrant-libvirt project whose machine "node" is that domain: Vagrant keeps the UUID here.
    const folder = join(root, 'tagged')
    mkdirSync(join(folder, '.vagrant', 'machines', 'node', 'libvirt'), { recursive: true })
    writeFileSync(
      join(folder, 'Vagrantfile'),
      [
        'Vagrant.configure("2") do |config|',
        "  config.vm.define 'node'",
        "  config.vm.provider :libvirt do |lv|\n    lv.uri = 'qemu:///system'\n  end",
        'end',
        '',
      ].join('\n'),
    )
    writeFileSync(join(folder, '.vagrant', 'machines', 'node', 'libvirt', 'id'), uuid)
    const main = page.getByRole('main')
    const nav = page.getByRole('navigation', { name: 'Host sections' })

    await nav.getByRole('button', { name: 'Vagrant', exact: true }).click()
    await main.getByLabel('Add a folder holding a Vagrantfile').fill(folder)
    await main.getByRole('button', { name: 'Add project' }).click()
    await expect(main.getByRole('heading', { level: 3, name: 'tagged', exact: true })).toBeVisible()

    await nav.getByRole('button', { name: 'Virtual machines', exact: true }).click()
    const tag = main.getByRole('button', { name: 'Open the Vagrant project tagged' })
    await expect(tag).toHaveText('tagged / node', { timeout: 30_000 })
    await page.mouse.move(640, 20)
    await page.screenshot({
      path: screenshotPath('vagrant-vm-list.png'),
      clip: { x: 0, y: 0, width: 1280, height: 400 },
    })

    await main.getByRole('button', { name: `More actions for ${name}` }).click()
    await page.getByRole('menuitem', { name: 'Delete…' }).click()
    const dialog = page.getByRole('dialog', { name: `Delete ${name}?` })
    await expect(dialog.getByText('This VM belongs to a Vagrant project')).toBeVisible()
    await expect(dialog).toContainText(`It is the machine “node” of tagged (${folder})`)
    await page.screenshot({ path: screenshotPath('vagrant-delete-warning.png') })
    await dialog.getByRole('button', { name: 'Cancel' }).click()

    await tag.click()
    const card = main.getByLabel('Project tagged')
    await expect(card).toBeVisible()
    await card.getByRole('button', { name: 'Open the VM of node' }).click({ timeout: 60_000 })
    await expect(main.getByRole('heading', { level: 2, name })).toBeVisible()
    await expect(main.getByRole('button', { name: 'Open the Vagrant project tagged' })).toBeVisible()
  } finally {
    await removeDomain(uuid)
  }
})
