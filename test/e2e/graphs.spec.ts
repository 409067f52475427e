import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, screenshotPath, test } from './fixtures.js'
import { VmsPage } from './pages/vms-page.js'
import { call } from '../support/router.js'
import { ensureLibvirtGroup, tinyDomainXml } from '../support/libvirt.js'
import { ensureTestAccount } from '../support/sshd.js'

/**
 * The Graphs tab on "This computer" (real libvirtd + QEMU TCG): a diskless domain is started while
 * its Graphs tab is open, and the CPU graph gets new points and new values as SeaBIOS boots; the
 * VM list then shows a picture of its screen, and the host Overview its Performance card.
 */

const virsh = (...args: string[]): string =>
  execFileSync('virsh', ['-q', '-c', 'qemu:///system', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  })

const name = `vd-e2e-graphs-${Math.random().toString(16).slice(2, 8)}`

test.beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'virtdeck-e2e-graphs-'))
  writeFileSync(join(dir, 'domain.xml'), tinyDomainXml(name))
  virsh('define', '--file', join(dir, 'domain.xml'))
  rmSync(dir, { recursive: true, force: true })
})

test.afterAll(() => {
  for (const args of [
    ['destroy', '--domain', name],
    ['undefine', '--domain', name],
  ]) {
    try {
      virsh(...args)
    } catch {
      // Not running / already gone.
    }
  }
})

test.use({ viewport: { width: 1440, height: 1000 } })

test('the CPU graph moves while the VM boots; the list shows its screen; the Overview its host', async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: 'light' })
  const vms = new VmsPage(page)
  await vms.openPanel()
  await vms.main.getByRole('button', { name: `Open ${name}` }).click()
  await vms.main.getByRole('tab', { name: 'Graphs' }).click()
  const cpu = vms.main.getByRole('figure', { name: 'CPU' })
  await expect(cpu).toBeVisible()

  await test.step('start it: the CPU graph gets points, and its value changes', async () => {
    virsh('start', '--domain', name)
    await expect(cpu.getByText(/^Now: CPU \d/)).toBeVisible({ timeout: 15_000 })
    const seen = new Set<string>()
    const points: number[] = []
    for (let i = 0; i < 8; i++) {
      seen.add((await cpu.locator('figcaption').textContent()) ?? '')
      points.push(Number(await cpu.getAttribute('data-points')))
      await page.waitForTimeout(1000)
    }
    expect(seen.size).toBeGreaterThan(1)
    expect(points.at(-1)).toBeGreaterThan(points[0] ?? 0)
    await expect(vms.main.getByRole('figure', { name: 'Memory' }).getByText(/^Now: Used \d/)).toBeVisible()
    await vms.closeNotifications()
    await page.screenshot({ path: screenshotPath('vm-graphs.png') })
  })

  await test.step('the list shows a picture of its screen', async () => {
    await page.getByRole('button', { name: '← All virtual machines' }).click()
    const thumbnail = vms.row(name).getByRole('img', { name: `Screen of ${name}` })
    await expect(thumbnail).toBeVisible({ timeout: 20_000 })
    const size = await thumbnail.evaluate((img) => {
      const shown = img as unknown as { naturalWidth: number; naturalHeight: number }
      return [shown.naturalWidth, shown.naturalHeight]
    })
    expect(size[0]).toBe(128)
    expect(size[1]).toBeGreaterThan(20)
    await page.screenshot({ path: screenshotPath('vm-thumbnails.png') })
  })

  await test.step('the Overview shows the host and its VMs', async () => {
    await page
      .getByRole('navigation', { name: 'Host sections' })
      .getByRole('button', { name: 'Overview', exact: true })
      .click()
    const card = page.getByRole('region', { name: 'Performance' })
    await expect(card.getByText(/running VMs?: CPU/)).toBeVisible({ timeout: 15_000 })
    await expect(card.getByRole('figure', { name: 'CPU' }).getByText(/^Now: Host CPU \d/)).toBeVisible()
    await card.screenshot({ path: screenshotPath('host-performance.png') })
  })
})

test('on an SSH host (the loopback sshd): the Performance card and the VM graphs over the SSH link', async ({
  page,
  app,
  sshd,
}) => {
  await ensureTestAccount()
  await ensureLibvirtGroup('vdtest')
  if (virsh('domstate', '--domain', name).trim() !== 'running') virsh('start', '--domain', name)
  app.store.knownHosts.accept(`127.0.0.1:${sshd.port}`, sshd.hostKeyType, sshd.hostKeyFingerprint)
  const host = await call(app, 'hosts.add', {
    kind: 'ssh',
    name: 'Loopback',
    hostname: '127.0.0.1',
    port: sshd.port,
    username: sshd.user,
    auth: 'password',
    secret: sshd.password,
  })
  await call(app, 'hosts.connect', { id: host.id })
  await page
    .getByRole('navigation', { name: 'Hosts' })
    .getByRole('button', { name: /Loopback/ })
    .click()
  const card = page.getByRole('region', { name: 'Performance' })
  await expect(card.getByText(/running VMs?: CPU \d/)).toBeVisible({ timeout: 20_000 })
  await expect(card.getByRole('figure', { name: 'Memory' }).getByText(/^Now: Used \d/)).toBeVisible()

  const vms = new VmsPage(page)
  await vms.openPanel()
  await vms.main.getByRole('button', { name: `Open ${name}` }).click()
  await vms.main.getByRole('tab', { name: 'Graphs' }).click()
  const cpu = vms.main.getByRole('figure', { name: 'CPU' })
  await expect(cpu.getByText(/^Now: CPU \d/)).toBeVisible({ timeout: 15_000 })
  const before = Number(await cpu.getAttribute('data-points'))
  await expect
    .poll(async () => Number(await cpu.getAttribute('data-points')), { timeout: 10_000 })
    .toBeGreaterThan(before)
})
