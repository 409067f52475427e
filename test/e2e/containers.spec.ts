import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { Locator, Page } from '@playwright/test'
import {
  TEST_IMAGE,
  dockerCli,
  lockDockerd,
  removeContainers,
  requireDocker,
  uniqueDockerName,
} from '../support/docker.js'
import {
  detectDaemonControl,
  restartDaemon,
  waitForDaemon,
} from '../../src/main/containers/docker/daemon-control.js'
import { LocalHost } from '../../src/main/host/local-host.js'
import { expect, screenshotPath, test } from './fixtures.js'

/**
 * The Containers panel on this computer's real dockerd and LXC: run with keep-alive, see it
 * running and stopped from outside, logs, stop and remove with confirmation, bad values at their
 * fields; an LXC busybox container created from its template, started, stopped, destroyed; the
 * All hosts list; and the docker0 repair flow (the nat DOCKER chain removed for real, repaired,
 * the start retried) under the exclusive dockerd lock.
 */
const run = promisify(execFile)
const tag = randomBytes(3).toString('hex')
const made: string[] = []
const lxcMade: string[] = []
const projectsRoot = mkdtempSync(join(tmpdir(), 'virtdeck-e2e-containers-vagrant-'))

test.use({ viewport: { width: 1440, height: 1100 } })
test.describe.configure({ mode: 'serial' })

test.afterAll(async () => {
  await removeContainers(made)
  for (const name of lxcMade) await run('lxc-destroy', ['-f', '-n', name]).catch(() => undefined)
  await rm(projectsRoot, { recursive: true, force: true })
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

function row(main: Locator, table: string, name: string): Locator {
  return main.getByRole('table', { name: table }).getByRole('row').filter({ hasText: name })
}

async function pickImage(page: Page, dialog: Locator): Promise<void> {
  await dialog.getByRole('combobox', { name: 'Image' }).click()
  await page.getByRole('option', { name: TEST_IMAGE, exact: true }).click()
}

test('Docker: run with keep-alive, bad values, logs, stopped from outside, stop and remove; LXC busybox; All hosts', async ({
  page,
  app,
}) => {
  test.setTimeout(180_000)
  const release = await lockDockerd('shared')
  try {
    await requireDocker()
    const name = uniqueDockerName('vd-e2e-run')
    made.push(name)
    // A machine of Vagrant's docker provider: Vagrant keeps its container id in .vagrant/machines/web/docker/id.
    const vagrantName = uniqueDockerName('vd-e2e-vagrant')
    made.push(vagrantName)
    const vagrantId = (await dockerCli(['create', '--name', vagrantName, TEST_IMAGE, 'true'])).trim()
    const project = join(projectsRoot, `vde2e${tag}`)
    mkdirSync(join(project, '.vagrant', 'machines', 'web', 'docker'), { recursive: true })
    writeFileSync(
      join(project, 'Vagrantfile'),
      'Vagrant.configure("2") do |config|\n  config.vm.define "web"\nend\n',
    )
    writeFileSync(join(project, '.vagrant', 'machines', 'web', 'docker', 'id'), vagrantId)
    await app.vagrant.add('local', project)
    const main = await openContainers(page)
    await expect(main.getByRole('table', { name: 'Docker containers' })).toBeVisible({ timeout: 30_000 })
    await expect(
      row(main, 'Docker containers', vagrantName).getByRole('button', {
        name: `Open the Vagrant project vde2e${tag}`,
      }),
    ).toHaveText(`vde2e${tag} / web`, { timeout: 30_000 })

    await test.step('bad values are named at their fields; nothing is created', async () => {
      await main.getByRole('button', { name: 'Run container…' }).click()
      const dialog = page.getByRole('dialog', { name: 'Run a container' })
      await dialog.getByRole('button', { name: 'Run', exact: true }).click()
      await expect(dialog.getByText(/Choose an image/)).toBeVisible()
      await pickImage(page, dialog)
      await dialog.getByLabel('Name').fill('bad name; $(id)')
      await dialog.getByLabel('Ports').fill('80:99999')
      await dialog.getByLabel('Environment').fill('NO_EQUALS_SIGN')
      await dialog.getByRole('button', { name: 'Run', exact: true }).click()
      await expect(dialog.getByText(/Letters, digits, _ \. - only/)).toBeVisible()
      await expect(dialog.getByText(/“80:99999” is not a port mapping/)).toBeVisible()
      await expect(dialog.getByText(/Line 1: write NAME=value/)).toBeVisible()
      await dialog.getByLabel('Name').fill(name)
      await dialog.getByLabel('Ports').fill('')
      await dialog.getByLabel('Environment').fill('GREETING=hello "$(id)"; `x`')
      await dialog.getByLabel('Keep it running (tail -f /dev/null)').check()
      await expect(dialog.getByText(/never ends and uses no CPU/)).toBeVisible()
      await dialog.getByRole('button', { name: 'Run', exact: true }).click()
      await expect(dialog).toBeHidden({ timeout: 30_000 })
    })

    await test.step('it runs; the env value arrived verbatim', async () => {
      await expect(row(main, 'Docker containers', name)).toContainText('running', { timeout: 15_000 })
      const env = await dockerCli(['inspect', '--format', '{{json .Config.Env}}', name])
      expect(JSON.parse(env) as string[]).toContain('GREETING=hello "$(id)"; `x`')
    })

    await test.step('logs, with a search', async () => {
      await dockerCli([
        'exec',
        name,
        'sh',
        '-c',
        'echo visible-line > /proc/1/fd/1; echo other > /proc/1/fd/1',
      ])
      await main.getByRole('button', { name: `logs of ${name}` }).click()
      const dialog = page.getByRole('dialog', { name: `Logs of ${name}` })
      await expect(dialog.getByLabel('Log lines')).toContainText('visible-line')
      await dialog.getByLabel('Search the log').fill('visible')
      await expect(dialog.getByLabel('Log lines')).not.toContainText('other')
      await page.keyboard.press('Escape')
    })

    await test.step('stopped from outside: the row follows; started again from the panel', async () => {
      await dockerCli(['stop', '-t', '0', name])
      await expect(row(main, 'Docker containers', name)).toContainText('exited', { timeout: 5_000 })
      await main.getByRole('button', { name: `start ${name}` }).click()
      await expect(row(main, 'Docker containers', name)).toContainText('running', { timeout: 15_000 })
    })

    const lxcName = `vd-e2e-lxc-${tag}`
    lxcMade.push(lxcName)
    await test.step('LXC: bad name refused; busybox template with its options; create, start', async () => {
      await expect(main.getByLabel('LXC services')).toContainText('lxc-net')
      await main.getByRole('button', { name: 'New LXC container…' }).click()
      const dialog = page.getByRole('dialog', { name: 'New LXC container' })
      await dialog.getByLabel('Name').fill('../etc')
      await dialog.getByRole('combobox', { name: 'Template' }).click()
      // These machines have no network but loopback: the download template is marked offline.
      await page.getByRole('option', { name: 'download (needs the network — offline)' }).click()
      await expect(dialog.getByText('download needs the network, and this host is offline')).toBeVisible()
      await expect(
        dialog.getByText(/cannot resolve images\.linuxcontainers\.org|no default route/),
      ).toBeVisible()
      await dialog.getByRole('combobox', { name: 'Template' }).click()
      await page.getByRole('option', { name: 'busybox', exact: true }).click()
      await expect(dialog.getByLabel('Options of busybox')).toContainText('--busybox-path')
      await dialog.getByLabel('Bridge').fill('virbr0')
      await dialog.getByRole('button', { name: 'Create', exact: true }).click()
      await expect(dialog.getByText(/it becomes a folder/)).toBeVisible()
      await dialog.getByLabel('Name').fill(lxcName)
      await dialog.getByRole('button', { name: 'Create', exact: true }).click()
      await expect(dialog).toBeHidden({ timeout: 60_000 })
      await expect(row(main, 'LXC containers', lxcName)).toContainText('stopped')
      await main.getByRole('button', { name: `start ${lxcName}` }).click()
      await expect(row(main, 'LXC containers', lxcName)).toContainText('running', { timeout: 30_000 })
      const config = await readFile(`/var/lib/lxc/${lxcName}/config`, 'utf8')
      expect(config).toMatch(/^lxc\.net\.0\.link = virbr0$/m)
    })

    await test.step('screenshot', async () => {
      await page.mouse.move(640, 10)
      await page.screenshot({ path: screenshotPath('containers.png'), fullPage: true })
    })

    await test.step('All hosts lists both kinds with their host', async () => {
      await main.locator('label', { hasText: 'All hosts' }).click()
      await expect(main.getByRole('radio', { name: 'All hosts' })).toBeChecked()
      const all = main.getByRole('table', { name: 'Containers on all hosts' })
      await expect(all.getByRole('row').filter({ hasText: name })).toContainText('Docker')
      await expect(all.getByRole('row').filter({ hasText: lxcName })).toContainText('LXC')
      await main.locator('label', { hasText: /^On / }).click()
    })

    await test.step('kill and destroy the LXC container (confirmed)', async () => {
      // busybox's init ignores lxc-stop's SIGPWR: stop would wait for its timeout; kill does not.
      await main.getByRole('button', { name: `kill ${lxcName}` }).click()
      await expect(row(main, 'LXC containers', lxcName)).toContainText('stopped', { timeout: 30_000 })
      await main.getByRole('button', { name: `destroy ${lxcName}` }).click()
      await page
        .getByRole('dialog', { name: `Destroy ${lxcName}?` })
        .getByRole('button', { name: 'Destroy' })
        .click()
      await expect(row(main, 'LXC containers', lxcName)).toHaveCount(0, { timeout: 30_000 })
    })

    await test.step('stop and remove the Docker container (confirmed)', async () => {
      await main.getByRole('button', { name: `stop ${name}` }).click()
      await expect(row(main, 'Docker containers', name)).toContainText('exited', { timeout: 20_000 })
      await main.getByRole('button', { name: `remove ${name}` }).click()
      const confirm = page.getByRole('dialog', { name: `Remove ${name}?` })
      await confirm.getByRole('button', { name: 'Cancel' }).click()
      await expect(row(main, 'Docker containers', name)).toHaveCount(1)
      await main.getByRole('button', { name: `remove ${name}` }).click()
      await confirm.getByRole('button', { name: 'Remove' }).click()
      await expect(row(main, 'Docker containers', name)).toHaveCount(0, { timeout: 10_000 })
    })
  } finally {
    // Here, not only in afterAll: a failed test's worker may be gone before afterAll runs.
    await removeContainers(made)
    for (const name of lxcMade) await run('lxc-destroy', ['-f', '-n', name]).catch(() => undefined)
    await release()
  }
})

async function iptables(args: string[]): Promise<string> {
  return (await run('iptables', ['--wait', ...args])).stdout
}

/** What a firewalld reload leaves: no DOCKER chain in nat, no jumps to it (as the serial test does). */
async function removeNatDockerChain(): Promise<void> {
  for (const chain of ['PREROUTING', 'OUTPUT']) {
    const rules = (await iptables(['-t', 'nat', '-S', chain]))
      .split('\n')
      .filter((r) => / -j DOCKER$/.test(r))
    for (const rule of rules) await iptables(['-t', 'nat', ...rule.replace(/^-A /, '-D ').split(' ')])
  }
  await iptables(['-t', 'nat', '-F', 'DOCKER'])
  await iptables(['-t', 'nat', '-X', 'DOCKER'])
}

test('Docker: the docker0 repair flow (DOCKER chain removed for real, repaired, start retried)', async ({
  page,
}) => {
  test.setTimeout(180_000)
  // Restarts dockerd: alone, under the exclusive lock; the chain comes back with the restart.
  const release = await lockDockerd('exclusive')
  const name = uniqueDockerName('vd-e2e-d0')
  made.push(name)
  try {
    await requireDocker()
    const main = await openContainers(page)
    await expect(main.getByRole('button', { name: 'Run container…' })).toBeEnabled({ timeout: 30_000 })
    await removeNatDockerChain()
    await main.getByRole('button', { name: 'Run container…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Run a container' })
    await pickImage(page, dialog)
    await dialog.getByLabel('Name').fill(name)
    await dialog.getByLabel('Ports').fill('80')
    await dialog.getByLabel('Keep it running (tail -f /dev/null)').check()
    await dialog.getByRole('button', { name: 'Run', exact: true }).click()
    const repair = main.getByRole('alert', { name: /iptables chain DOCKER \(nat table\) is missing/ })
    await expect(repair).toContainText('iptables chain DOCKER (nat table) is missing', { timeout: 30_000 })
    await expect(repair).toContainText('firewalld reload')
    await page.screenshot({ path: screenshotPath('containers-docker0-repair.png'), fullPage: true })
    await repair.getByRole('button', { name: 'Repair Docker’s network…' }).click()
    const confirm = page.getByRole('dialog', { name: 'Repair Docker’s network?' })
    await expect(confirm).toContainText('ip link delete docker0')
    await confirm.getByRole('button', { name: `Repair and start ${name}` }).click()
    await expect(repair).toContainText(`${name} is running again`, { timeout: 90_000 })
    await expect(row(main, 'Docker containers', name)).toContainText('running', { timeout: 30_000 })
    expect(await iptables(['-t', 'nat', '-S', 'DOCKER'])).toContain('-N DOCKER')
  } finally {
    // Whatever happened, Docker must have its chain back before others use it.
    const chain = await iptables(['-t', 'nat', '-S', 'DOCKER']).catch(() => '')
    if (!chain.includes('-N DOCKER')) {
      const host = new LocalHost()
      await run('ip', ['link', 'delete', 'docker0']).catch(() => undefined)
      await restartDaemon(host, await detectDaemonControl(host), 'Give Docker its chains back after the E2E')
      await waitForDaemon(() => dockerCli(['version'], 5_000))
    }
    await removeContainers([name])
    await release()
  }
})
