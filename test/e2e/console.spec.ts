import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, screenshotPath, test } from './fixtures.js'
import { VmsPage } from './pages/vms-page.js'
import { consoleDomainXml } from '../support/console-domains.js'

/**
 * The Console tab on "This computer" (real libvirtd + QEMU TCG): a diskless domain with VNC on
 * 127.0.0.1 and a serial port. Its screen arrives through the harness's pipe (noVNC), and changes
 * while SeaBIOS boots; the serial view shows the firmware's text; a VM without graphics says so.
 */

const virsh = (...args: string[]): string =>
  execFileSync('virsh', ['-q', '-c', 'qemu:///system', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  })
const suffix = Math.random().toString(16).slice(2, 8)
const screenVm = `vd-e2e-console-${suffix}`
const blindVm = `vd-e2e-console-none-${suffix}`
const spiceVm = `vd-e2e-console-spice-${suffix}`
let dir = ''

function define(name: string, display: 'vnc' | 'none' | 'spice'): void {
  const file = join(dir, `${name}.xml`)
  writeFileSync(file, consoleDomainXml(name, display))
  virsh('define', '--file', file)
}

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'virtdeck-e2e-console-'))
  chmodSync(dir, 0o755)
  define(screenVm, 'vnc')
  define(blindVm, 'none')
  define(spiceVm, 'spice')
  virsh('start', '--domain', screenVm, '--paused')
})

test.afterAll(() => {
  for (const name of [screenVm, blindVm, spiceVm]) {
    try {
      virsh('destroy', '--domain', name)
    } catch {
      // Not running.
    }
    try {
      virsh('undefine', '--domain', name)
    } catch {
      // Already gone.
    }
  }
  rmSync(dir, { recursive: true, force: true })
})

test.use({ viewport: { width: 1440, height: 1000 } })

test('see a booting VM’s screen change, read its firmware on the serial console; a VM without graphics or with SPICE only says so', async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: 'light' })
  const vms = new VmsPage(page)
  await vms.openPanel()
  await vms.main.getByRole('button', { name: `Open ${screenVm}` }).click()
  await vms.main.getByRole('tab', { name: 'Console' }).click()
  const screen = vms.main.getByRole('application', { name: `Screen of ${screenVm}` })
  const canvas = screen.locator('canvas')

  await test.step('the screen connects through the pipe and changes while SeaBIOS boots', async () => {
    await expect(
      vms.main.getByRole('status').filter({ hasText: /Connected to the screen \(127\.0\.0\.1:59\d\d/ }),
    ).toBeVisible()
    await expect(canvas).toBeVisible()
    const paused = await canvas.screenshot()
    virsh('resume', '--domain', screenVm)
    await expect
      .poll(async () => Buffer.compare(await canvas.screenshot(), paused) !== 0, { timeout: 20_000 })
      .toBe(true)
    const booting = await canvas.screenshot()
    // And again a moment later: the firmware keeps drawing (boot menu prompt, then its boot attempts).
    await expect
      .poll(async () => Buffer.compare(await canvas.screenshot(), booting) !== 0, { timeout: 20_000 })
      .toBe(true)
    await page.waitForTimeout(300)
    await vms.main.screenshot({ path: screenshotPath('vm-console.png') })
  })

  await test.step('the screen opens in its own window (the harness: a new window of the page, same token)', async () => {
    const [popup] = await Promise.all([page.waitForEvent('popup'), vms.button('Open in own window').click()])
    await expect(popup.getByRole('heading', { name: screenVm })).toBeVisible()
    await expect(
      popup.getByRole('status').filter({ hasText: /Connected to the screen \(127\.0\.0\.1:59\d\d/ }),
    ).toBeVisible()
    await expect(
      popup.getByRole('application', { name: `Screen of ${screenVm}` }).locator('canvas'),
    ).toBeVisible()
    await popup.close()
  })

  await test.step('the Send key menu offers Ctrl+Alt+Del and the virtual consoles', async () => {
    await vms.button('Send key').click()
    await expect(page.getByRole('menuitem', { name: 'Ctrl+Alt+Del' })).toBeVisible()
    await expect(page.getByRole('menuitem', { name: 'Ctrl+Alt+F7' })).toBeVisible()
    await page.keyboard.press('Escape')
  })

  await test.step('the serial view shows the firmware’s text after a reset', async () => {
    // Mantine's segmented control: the label is what a person clicks.
    await vms.main.locator('label', { hasText: 'Serial / text' }).click()
    await expect(vms.main.getByRole('radio', { name: 'Serial / text' })).toBeChecked()
    await expect(
      vms.main.getByRole('status').filter({ hasText: 'Connected to the serial console' }),
    ).toBeVisible()
    virsh('reset', '--domain', screenVm)
    await expect(vms.main.getByTestId('terminal')).toContainText('Press ESC for boot menu', {
      timeout: 20_000,
    })
    await vms.main.screenshot({ path: screenshotPath('vm-serial-console.png') })
  })

  await test.step('a VM without graphics explains why there is no screen', async () => {
    await vms.main.getByRole('button', { name: '← All virtual machines' }).click()
    await vms.main.getByRole('button', { name: `Open ${blindVm}` }).click()
    await vms.main.getByRole('tab', { name: 'Console' }).click()
    // Without a display the tab opens on the serial view; the Screen view says why there is none.
    await expect(vms.main.getByRole('radio', { name: 'Serial / text' })).toBeChecked()
    await vms.main.locator('label', { hasText: 'Screen' }).click()
    await expect(vms.main.getByText('This VM has no graphical display')).toBeVisible()
  })

  await test.step('a SPICE-only VM: remote-viewer (or how to install it), and adding a VNC display as a change', async () => {
    await vms.main.getByRole('button', { name: '← All virtual machines' }).click()
    await vms.main.getByRole('button', { name: `Open ${spiceVm}` }).click()
    await vms.main.getByRole('tab', { name: 'Console' }).click()
    await vms.main.locator('label', { hasText: 'Screen' }).click()
    await expect(vms.main.getByText('This VM shows its screen over SPICE only')).toBeVisible()
    await vms.button('Open in remote-viewer').click()
    // remote-viewer is not installed on the test machine: the app says how to get it.
    await expect(vms.main.getByText('remote-viewer is not installed on this computer')).toBeVisible()
    await vms.button('Preview the change').click()
    await expect(vms.main.getByRole('region', { name: `Preview: VNC display for ${spiceVm}` })).toContainText(
      "<graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1'/>",
    )
    await expect(vms.button('Add the VNC display…')).toBeEnabled()
  })
})
