import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { promisify } from 'node:util'
import type { Locator, Page } from '@playwright/test'
import { LocalHost } from '../../src/main/host/local-host.js'
import { createLxc, startLxc } from '../../src/main/containers/lxc/commands.js'
import {
  TEST_IMAGE,
  dockerCli,
  lockDockerd,
  removeContainers,
  requireDocker,
  uniqueDockerName,
} from '../support/docker.js'
import { expect, screenshotPath, test } from './fixtures.js'

/**
 * Terminals into containers from the Containers panel (xterm.js on a pipe): a shell in a running
 * Docker container of the real dockerd (docker exec with a TTY), and lxc-attach into a running
 * busybox LXC container. The commands typed really run inside (their output comes back).
 */
const run = promisify(execFile)
const container = uniqueDockerName('vd-e2e-term')
const lxcName = `vd-e2e-term-${randomBytes(3).toString('hex')}`

test.use({ viewport: { width: 1440, height: 1000 } })

test.afterAll(async () => {
  await removeContainers([container])
  await run('lxc-destroy', ['-f', '-n', lxcName]).catch(() => undefined)
})

async function openContainers(page: Page): Promise<Locator> {
  await page
    .getByRole('navigation', { name: 'Host sections' })
    .getByRole('button', { name: 'Containers', exact: true })
    .click()
  const main = page.getByRole('main')
  await main.getByRole('heading', { level: 2, name: 'Containers', exact: true }).waitFor()
  return main
}

/** Types into the terminal as a user does: focus it, then keys. */
async function typeInto(page: Page, dialog: Locator, text: string): Promise<void> {
  await dialog.locator('.xterm-helper-textarea').focus()
  await page.keyboard.type(text)
  await page.keyboard.press('Enter')
}

test('a terminal into a Docker container and into an LXC container runs what is typed there', async ({
  page,
}) => {
  test.setTimeout(120_000)
  const release = await lockDockerd('shared')
  try {
    await requireDocker()
    await dockerCli([
      'run',
      '-d',
      '--name',
      container,
      '--label',
      'virtdeck-test',
      '-e',
      'VD_TERM=on',
      TEST_IMAGE,
      'tail',
      '-f',
      '/dev/null',
    ])
    const host = new LocalHost()
    await createLxc(host, { name: lxcName, template: 'busybox', templateArgs: [], bridge: 'virbr0' })
    expect(await startLxc(host, lxcName)).toEqual({ ok: true })

    // The Overview (the first page) read the container lists before these two existed: the panel
    // must show them anyway.
    const main = await openContainers(page)
    await test.step('live CPU and memory in the list; the details (inspect) in words', async () => {
      const row = main
        .getByRole('table', { name: 'Docker containers' })
        .getByRole('row')
        .filter({ hasText: container })
      await expect(row.getByTestId('container-usage')).toContainText(/\d+\.\d % · \d/, { timeout: 20_000 })
      await main.getByRole('button', { name: `details of ${container}`, exact: true }).click()
      const details = page.getByRole('dialog', { name: `Details of ${container}` })
      await expect(details.getByRole('table', { name: 'Environment' })).toContainText('VD_TERMon')
      await expect(details.getByRole('table', { name: 'Networks' })).toContainText('bridge')
      await expect(details).toContainText('tail -f /dev/null')
      await details.getByRole('button', { name: 'Close' }).click()
      await expect(details).toHaveCount(0)
    })

    await test.step('logs followed live: a line written after Follow is switched on appears', async () => {
      await main.getByRole('button', { name: `logs of ${container}`, exact: true }).click()
      const logs = page.getByRole('dialog', { name: `Logs of ${container}` })
      await logs.getByRole('switch', { name: 'Follow' }).check({ timeout: 5000 })
      await expect(logs.getByLabel('Log lines, followed')).toBeVisible()
      await dockerCli(['exec', container, 'sh', '-c', 'echo followed-$((6*7)) > /proc/1/fd/1'])
      await expect(logs.getByLabel('Log lines, followed')).toContainText('followed-42', { timeout: 15_000 })
      await logs.getByRole('button', { name: 'Close' }).click()
      await expect(logs).toHaveCount(0)
    })

    await test.step('docker exec: a shell in the container', async () => {
      await main
        .getByRole('button', { name: `terminal in ${container}`, exact: true })
        .click({ timeout: 30_000 })
      const dialog = page.getByRole('dialog', { name: `Terminal in ${container}` })
      await expect(dialog.getByText(`Connected: /bin/sh in ${container}.`)).toBeVisible()
      await typeInto(page, dialog, 'echo docker-$((6*7)); hostname')
      const screen = dialog.locator('.xterm-rows')
      await expect(screen).toContainText('docker-42')
      // The container's hostname is its short id: the command ran inside, not on this machine.
      const id = (await dockerCli(['inspect', '--format', '{{.Id}}', container])).trim().slice(0, 12)
      await expect(screen).toContainText(id)
      await page.screenshot({ path: screenshotPath('container-terminal.png') })
      await dialog.getByRole('button', { name: 'Close' }).click()
      await expect(dialog).toHaveCount(0)
      // Closing ended the shell, not the container.
      expect((await dockerCli(['inspect', '--format', '{{.State.Status}}', container])).trim()).toBe(
        'running',
      )
    })

    await test.step('lxc-attach: a shell in the LXC container', async () => {
      await main
        .getByRole('button', { name: `terminal in ${lxcName}`, exact: true })
        .click({ timeout: 30_000 })
      const dialog = page.getByRole('dialog', { name: `Terminal in ${lxcName}` })
      await expect(dialog.getByText(`Connected: lxc-attach to ${lxcName}.`)).toBeVisible()
      // busybox asks where the cursor is; xterm.js answers it, as a terminal does. Type a moment later.
      await page.waitForTimeout(500)
      await typeInto(page, dialog, 'echo lxc-$((6*7)); hostname')
      const screen = dialog.locator('.xterm-rows')
      await expect(screen).toContainText('lxc-42')
      await expect(screen).toContainText(lxcName)
      await dialog.getByRole('button', { name: 'Close' }).click()
      await expect(dialog).toHaveCount(0)
    })
  } finally {
    await release()
  }
})
