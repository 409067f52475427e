import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, screenshotPath, test } from './fixtures.js'
import { VmsPage } from './pages/vms-page.js'

/**
 * Issue 9, storage and networks as a new user meets them on "This computer" (the real libvirtd,
 * qemu:///system): a directory pool and a NAT network created in the UI after bad values at each
 * field, outside changes (a pool made with virsh, a volume, a network stopped) showing without a
 * reload, a volume resized, deletes confirmed — and refused while a VM uses the pool. Everything is
 * prefixed vd-sn-e2e- and removed afterwards.
 */

const virsh = (...args: string[]): string =>
  execFileSync('virsh', ['-q', '-c', 'qemu:///system', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  })
const quietly = (...args: string[]): void => {
  try {
    virsh(...args)
  } catch {
    // Already gone.
  }
}
const suffix = Math.random().toString(16).slice(2, 8)
const pool = `vd-sn-e2e-pool-${suffix}`
const outsidePool = `vd-sn-e2e-outside-${suffix}`
const network = `vd-sn-e2e-net-${suffix}`
const domain = `vd-sn-e2e-vm-${suffix}`
const third = 100 + Math.floor(Math.random() * 150)
let dir = ''

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vd-sn-e2e-'))
  chmodSync(dir, 0o755)
})

test.afterAll(() => {
  quietly('destroy', '--domain', domain)
  quietly('undefine', '--domain', domain)
  for (const name of [pool, outsidePool]) {
    quietly('pool-destroy', '--pool', name)
    quietly('pool-undefine', '--pool', name)
  }
  quietly('net-destroy', '--network', network)
  quietly('net-undefine', '--network', network)
  rmSync(dir, { recursive: true, force: true })
})

test.use({ viewport: { width: 1280, height: 900 } })

test('storage: create a directory pool, see outside changes, resize a volume, delete with confirmation', async ({
  page,
}) => {
  const ui = new VmsPage(page)
  await ui.openPanel('Storage')
  const pools = ui.main.getByRole('table', { name: 'Storage pools' })

  await test.step('New pool: each bad value is said at its field; the XML is shown before defining', async () => {
    await ui.main.getByRole('button', { name: 'New pool' }).click()
    const dialog = page.getByRole('dialog', { name: 'New storage pool' })
    await dialog.getByLabel('Name').fill('a/b')
    await expect(dialog).toContainText('A pool name cannot contain "/"')
    await dialog.getByLabel('Directory').fill('relative/images')
    await expect(dialog).toContainText('The directory must be an absolute path')
    await dialog.getByLabel('Directory').fill('/srv/../etc')
    await expect(dialog).toContainText('The directory cannot contain ".."')
    await dialog.getByLabel('Name').fill(pool)
    await dialog.getByLabel('Directory').fill(join(dir, 'images'))
    await dialog.getByRole('button', { name: 'Review' }).click()
    await expect(dialog.getByLabel('Pool XML')).toContainText(`<path>${join(dir, 'images')}</path>`)
    await expect(dialog).toContainText('does not exist yet')
    await dialog.screenshot({ path: screenshotPath('storage-new-pool.png') })
    await dialog.getByRole('button', { name: 'Create pool' }).click()
    await expect(dialog).toBeHidden()
    await expect(pools.getByRole('row', { name: new RegExp(pool) })).toContainText('Active')
  })

  await test.step('a pool defined and started outside with virsh appears without a reload', async () => {
    virsh('pool-define-as', '--name', outsidePool, '--type', 'dir', '--target', dir)
    virsh('pool-start', '--pool', outsidePool)
    await expect(pools).toContainText(outsidePool, { timeout: 10_000 })
  })

  const volumes = ui.main.getByRole('table', { name: `Volumes in ${pool}` })
  await test.step('a volume made outside shows after Rescan; Resize refuses zero and grows it', async () => {
    await ui.main.getByRole('button', { name: `Show the volumes of ${pool}` }).click()
    virsh('vol-create-as', '--pool', pool, '--name', 'disk.raw', '--capacity', '16M', '--format', 'raw')
    await ui.main.getByRole('button', { name: `Rescan ${pool}` }).click()
    await expect(volumes).toContainText('disk.raw')
    await expect(volumes).toContainText('no VM')
    await volumes.getByRole('button', { name: 'More actions for disk.raw' }).click()
    await page.getByRole('menuitem', { name: 'Resize…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Resize disk.raw' })
    await dialog.getByLabel('New size (GiB)').fill('0')
    await expect(dialog).toContainText('The size must be above zero')
    await dialog.getByLabel('New size (GiB)').fill('0.5')
    await dialog.getByRole('button', { name: 'Resize' }).click()
    await expect(dialog).toBeHidden()
    expect(virsh('vol-info', '--bytes', '--pool', pool, '--vol', 'disk.raw')).toMatch(
      /Capacity:\s+536870912 bytes/,
    )
    await expect(volumes.getByRole('row', { name: /disk\.raw/ })).toContainText('512')
  })

  await page.screenshot({ path: screenshotPath('storage.png'), fullPage: true })

  await test.step('Delete is refused while a VM uses a volume, naming it; confirmed once it does not', async () => {
    const path = virsh('vol-path', '--pool', pool, '--vol', 'disk.raw').trim()
    const file = join(dir, 'vm.xml')
    writeFileSync(
      file,
      `<domain type='qemu'><name>${domain}</name><memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type arch='x86_64' machine='pc'>hvm</type></os><devices><disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='${path}'/><target dev='vda' bus='virtio'/></disk></devices></domain>`,
    )
    virsh('define', '--file', file)
    await ui.main.getByRole('button', { name: `Delete the pool ${pool}` }).click()
    await page
      .getByRole('dialog', { name: `Delete the pool ${pool}?` })
      .getByRole('button', { name: 'Delete pool' })
      .click()
    const toast = page.locator('.mantine-Notifications-notification', { hasText: `Could not delete ${pool}` })
    await expect(toast).toContainText(`“${domain}” (vda)`)
    await expect(pools).toContainText(pool)
    virsh('undefine', '--domain', domain)
    await ui.main.getByRole('button', { name: `Delete the pool ${pool}` }).click()
    await page
      .getByRole('dialog', { name: `Delete the pool ${pool}?` })
      .getByRole('button', { name: 'Delete pool' })
      .click()
    await expect(pools.getByRole('row', { name: new RegExp(pool) })).toHaveCount(0)
  })
})

test('networks: create a NAT network after bad values, see it stopped outside, delete with confirmation', async ({
  page,
}) => {
  const ui = new VmsPage(page)
  await ui.openPanel('Networks')
  await ui.main.getByRole('button', { name: 'New network' }).click()
  const dialog = page.getByRole('dialog', { name: 'New virtual network' })

  await test.step('each bad value is said at its field', async () => {
    await dialog.getByLabel('Name').fill(network)
    const v4 = dialog.getByRole('textbox', { name: 'Host address' }).first()
    await v4.fill('300.1.1.1')
    await expect(dialog).toContainText('“300.1.1.1” is not an IPv4 address')
    await v4.fill(`10.233.${third}.1`)
    await dialog.getByLabel('Prefix length').first().fill('abc')
    await expect(dialog).toContainText('The prefix is a whole number, like 24')
    await dialog.getByLabel('Prefix length').first().fill('24')
    await dialog.getByLabel('DHCP from').fill(`10.233.${third}.200`)
    await dialog.getByLabel('DHCP to').fill(`10.233.${third}.20`)
    await expect(dialog).toContainText('The DHCP range ends before it starts')
    await dialog.getByLabel('DHCP from').fill(`10.234.${third}.20`)
    await expect(dialog).toContainText('The DHCP range must lie inside the network’s subnet')
    await dialog.getByLabel('DHCP from').fill(`10.233.${third}.20`)
    await dialog.getByLabel('DHCP to').fill(`10.233.${third}.200`)
  })

  await test.step('Review shows the XML; Create starts it and it appears', async () => {
    await dialog.getByRole('button', { name: 'Review' }).click()
    await expect(dialog.getByLabel('Network XML')).toContainText("<forward mode='nat'/>")
    await dialog.screenshot({ path: screenshotPath('networks-new.png') })
    await expect(dialog.getByLabel('Network XML')).toContainText(
      `<range start='10.233.${third}.20' end='10.233.${third}.200'/>`,
    )
    await dialog.getByRole('button', { name: 'Create network' }).click()
    await expect(dialog).toBeHidden()
    const row = ui.main
      .getByRole('table', { name: 'Virtual networks' })
      .getByRole('row', { name: new RegExp(network) })
    await expect(row).toContainText('Active')
    await expect(row).toContainText('NAT')
    await expect(row).toContainText(`10.233.${third}.20 – 10.233.${third}.200`)
    await ui.main.getByRole('button', { name: `Show the DHCP leases of ${network}` }).click()
    await expect(ui.main).toContainText('No leases: no VM has asked this network for an address yet.')
  })

  await page.screenshot({ path: screenshotPath('networks.png'), fullPage: true })

  await test.step('a running VM on it shows its address in the list and its details (FAKE lease: the tiny VM has no OS to ask)', async () => {
    const mac = `52:54:00:5e:${third.toString(16).padStart(2, '0')}:01`
    const file = join(dir, 'vm-net.xml')
    writeFileSync(
      file,
      `<domain type='qemu'><name>${domain}</name><memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type arch='x86_64' machine='pc'>hvm</type></os><devices><interface type='network'><mac address='${mac}'/><source network='${network}'/><model type='e1000'/></interface></devices></domain>`,
    )
    virsh('define', '--file', file)
    virsh('start', '--domain', domain)
    const bridge = /Bridge:\s+(\S+)/.exec(virsh('net-info', '--network', network))?.[1] ?? ''
    // What dnsmasq's lease helper writes when a guest takes a lease.
    writeFileSync(
      `/var/lib/libvirt/dnsmasq/${bridge}.status`,
      JSON.stringify([
        {
          'ip-address': `10.233.${third}.77`,
          'mac-address': mac,
          'expiry-time': Math.floor(Date.now() / 1000) + 3600,
        },
      ]),
    )
    await ui.openPanel('Virtual machines')
    await expect(ui.row(domain)).toContainText(`10.233.${third}.77`, { timeout: 15_000 })
    await page.screenshot({ path: screenshotPath('vm-list-addresses.png') })
    await ui.main.getByRole('button', { name: `Open ${domain}` }).click()
    const card = ui.main.getByRole('table', { name: 'IP addresses' })
    await expect(card).toContainText(`10.233.${third}.77/24`)
    await expect(card).toContainText('DHCP lease')
    await page.screenshot({ path: screenshotPath('vm-addresses.png') })
    virsh('destroy', '--domain', domain)
    virsh('undefine', '--domain', domain)
    await ui.openPanel('Networks')
  })

  const row = ui.main
    .getByRole('table', { name: 'Virtual networks' })
    .getByRole('row', { name: new RegExp(network) })
  await test.step('stopped outside with virsh, it shows Inactive without a reload', async () => {
    virsh('net-destroy', '--network', network)
    await expect(row).toContainText('Inactive', { timeout: 10_000 })
  })

  await test.step('Delete asks first, then removes it', async () => {
    await ui.main.getByRole('button', { name: `Delete the network ${network}` }).click()
    const confirm = page.getByRole('dialog', { name: `Delete the network ${network}?` })
    await confirm.getByRole('button', { name: 'Cancel' }).click()
    await expect(row).toHaveCount(1)
    await ui.main.getByRole('button', { name: `Delete the network ${network}` }).click()
    await confirm.getByRole('button', { name: 'Delete network' }).click()
    await expect(row).toHaveCount(0)
    expect(virsh('net-list', '--all', '--name')).not.toContain(network)
  })
})
