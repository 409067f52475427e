import { expect, screenshotPath, test } from './fixtures.js'
import { HostsPage } from './pages/hosts-page.js'
import { VmsPage } from './pages/vms-page.js'

test('add an SSH host, accept its key, see it connected; a changed key is refused', async ({
  page,
  sshd,
}) => {
  const hosts = new HostsPage(page)
  const name = 'Loopback “lab” box'

  await test.step('add the loopback sshd as an SSH host with a password', async () => {
    await hosts.addSshHost({
      name,
      address: '127.0.0.1',
      port: sshd.port,
      user: sshd.user,
      password: sshd.password,
    })
    await hosts.save()
    await expect(hosts.addDialog).toBeHidden()
    await expect(hosts.hostInSidebar(name)).toBeVisible()
  })

  await test.step('connecting shows the unknown host key with its SHA256 fingerprint', async () => {
    await hosts.hostInSidebar(name).click()
    await hosts.button('Connect').click()
    await expect(hosts.keyDialog).toBeVisible()
    await expect(hosts.keyDialog.getByTestId('host-key-fingerprint')).toHaveText(sshd.hostKeyFingerprint)
  })

  await test.step('accepting the key connects', async () => {
    await hosts.keyDialog.getByRole('button', { name: 'Accept and connect' }).click()
    await expect(hosts.keyDialog).toBeHidden()
    await expect(hosts.hostStatus(name)).toHaveAttribute('data-status', 'connected')
    await expect(hosts.hostInSidebar(name)).toHaveAccessibleName(/Connected/)
  })

  await test.step('the connection test shows the machine', async () => {
    await hosts.button('Test connection').click()
    const report = page.getByRole('region', { name: 'Connection test' })
    await expect(report).toContainText('Debian')
    await expect(report).toContainText(/libvirt\s*\d+\.\d+\.\d+/)
    await expect(hosts.button('Test connection')).toBeEnabled()
    for (const close of await page.getByRole('button', { name: 'Close notification' }).all())
      await close.click({ timeout: 2000 }).catch(() => undefined)
    await expect(page.getByRole('button', { name: 'Close notification' })).toHaveCount(0)
    await page.screenshot({ path: screenshotPath('hosts-connected.png') })
  })

  await test.step('after the server changes its host key, connecting is refused', async () => {
    await hosts.button('Disconnect').click()
    await sshd.restart({ newHostKey: true })
    await hosts.button('Connect').click()
    await expect(hosts.changedKeyDialog).toBeVisible()
    await expect(hosts.changedKeyDialog).toContainText(/changed/i)
    await expect(hosts.keyDialog).toBeHidden()
    await expect(hosts.hostStatus(name)).toHaveAttribute('data-status', 'error')
    await hosts.changedKeyDialog.getByRole('button', { name: 'Close' }).first().click()
    await expect(hosts.hostStatus(name)).toHaveAttribute('data-status', 'error')
  })
})

test('the VM list of an SSH host with a key not accepted yet asks to verify it, then loads', async ({
  page,
  app,
  sshd,
}) => {
  const name = 'Key not seen yet'
  await app.hosts.add({
    kind: 'ssh',
    name,
    hostname: '127.0.0.1',
    port: sshd.port,
    username: sshd.user,
    auth: 'password',
    secret: sshd.password,
    libvirtUri: 'qemu:///system',
  })
  const hosts = new HostsPage(page)
  const vms = new VmsPage(page)
  await hosts.hostInSidebar(name).click()
  await vms.openPanel()
  await vms.button('Verify the host key').click()
  await expect(hosts.keyDialog.getByTestId('host-key-fingerprint')).toHaveText(sshd.hostKeyFingerprint)
  await hosts.keyDialog.getByRole('button', { name: 'Accept and connect' }).click()
  await expect(vms.table).toBeVisible()
  await expect(hosts.hostStatus(name)).toHaveAttribute('data-status', 'connected')
})
