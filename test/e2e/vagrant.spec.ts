import { mkdtempSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { busyboxImage } from '../support/vagrant.js'
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
    await main.getByLabel('Docker image').fill(image)
    await main.getByLabel('Machine 1 name').fill('web')
    await main.getByLabel('Machine 1 IP').fill('172.30.77.10')
    await main.getByRole('button', { name: 'Add machine' }).click()
    await main.getByLabel('Machine 2 name').fill('db')
    await main.getByLabel('Machine 2 IP').fill('172.30.77.11')
    await main.getByLabel('Do not sync the project folder to /vagrant').check()
    await main
      .getByLabel('Shell provisioner (inline script, every machine)')
      .fill('echo "hello #{from} the designer"\n')
    await main.getByRole('button', { name: 'Preview Vagrantfile' }).click()
    await expect(main.getByText("config.vm.define 'web' do |web|")).toBeVisible()
    await expect(main.getByText("web.vm.network 'private_network', ip: '172.30.77.10'")).toBeVisible()
    await main.getByRole('button', { name: 'Create project' }).click()
    await expect(main.getByRole('heading', { level: 3, name: 'two machines' })).toBeVisible()
    await expect(main.getByText('Made in the designer')).toBeVisible()
  })

  await test.step('validate passes', async () => {
    await main.getByRole('button', { name: 'Validate' }).click()
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
})
