import { randomBytes } from 'node:crypto'
import { dockerCli, lockDockerd, requireDocker } from '../support/docker.js'
import { expect, screenshotPath, test } from './fixtures.js'

/**
 * Docker's images, volumes and networks in the Containers panel (real dockerd): a volume made
 * outside is listed with what uses it, the prune preview names it (and is cancelled: a test must not
 * prune what others made), it is removed after a confirmation; a pull with no reachable registry
 * says so and points to the offline way.
 */
const volume = `vd-e2e-vol-${randomBytes(3).toString('hex')}`

test.use({ viewport: { width: 1440, height: 1100 } })
test.afterAll(async () => {
  await dockerCli(['volume', 'rm', '-f', volume]).catch(() => undefined)
})

test('volumes: listed, previewed for a prune, removed after confirming; a pull without a registry says why', async ({
  page,
}) => {
  const release = await lockDockerd('shared')
  try {
    await requireDocker()
    await dockerCli(['volume', 'create', volume])
    await page
      .getByRole('navigation', { name: 'Host sections' })
      .getByRole('button', { name: 'Containers', exact: true })
      .click()
    const main = page.getByRole('main')
    const objects = main.getByRole('radiogroup', { name: 'Docker objects' })
    await expect(objects).toBeVisible({ timeout: 30_000 })

    await test.step('a pull with no reachable registry says so, with the offline way', async () => {
      await main.getByRole('textbox', { name: 'Pull an image' }).fill('registry.invalid/virtdeck/none:1')
      await main.getByRole('button', { name: 'Pull', exact: true }).click()
      await expect(
        main.getByText('Docker could not reach the registry of registry.invalid/virtdeck/none:1').first(),
      ).toBeVisible({
        timeout: 30_000,
      })
    })

    await test.step('the volume made outside is listed; the prune preview names it; Cancel keeps it', async () => {
      await objects.getByText('Volumes', { exact: true }).click()
      const table = main.getByRole('table', { name: 'Docker volumes' })
      await expect(table.getByRole('row').filter({ hasText: volume })).toContainText('nothing')
      await main.getByRole('button', { name: 'Prune unused volumes…' }).click()
      const dialog = page.getByRole('dialog', { name: 'Prune volumes?' })
      await expect(dialog.getByText(volume, { exact: true })).toBeVisible()
      await expect(dialog.getByRole('button', { name: 'Prune' })).toBeEnabled()
      await page.waitForTimeout(300) // the dialog's fade-in, for the screenshot
      await page.screenshot({ path: screenshotPath('docker-objects.png') })
      await dialog.getByRole('button', { name: 'Cancel' }).click()
      await expect(dialog).toHaveCount(0)
      expect((await dockerCli(['volume', 'ls', '-q', '--filter', `name=${volume}`])).trim()).toBe(volume)
    })

    await test.step('remove it after confirming', async () => {
      await main.getByRole('button', { name: `remove ${volume}` }).click()
      await page
        .getByRole('dialog', { name: `Remove ${volume}?` })
        .getByRole('button', { name: 'Remove' })
        .click()
      await expect(main.getByText(`Removed ${volume}.`)).toBeVisible()
      await expect(main.getByRole('table', { name: 'Docker volumes' })).not.toContainText(volume)
      expect((await dockerCli(['volume', 'ls', '-q', '--filter', `name=${volume}`])).trim()).toBe('')
    })
  } finally {
    await release()
  }
})
