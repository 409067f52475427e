import { existsSync } from 'node:fs'
import { rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { App } from '../../src/main/app.js'
import { expect, screenshotPath, test } from './fixtures.js'
import { TempRootHost } from '../support/temp-root-host.js'

const NESTED_CONF = '/etc/modprobe.d/nested_virtualization.conf'
/** modprobe as seen from sysfs, on the temp root (a stand-in: the real one cannot run here). */
const MODPROBE = `R="$VIRTDECK_TEST_ROOT"
if [ "$1" = "-r" ]; then rm -rf "$R/sys/module/$2"; exit 0; fi
mkdir -p "$R/sys/module/$1/parameters"; echo live > "$R/sys/module/$1/initstate"; echo 0 > "$R/sys/module/$1/refcnt"
if cat "$R"/etc/modprobe.d/*.conf | grep -q "nested=1"; then echo Y; else echo N; fi > "$R/sys/module/$1/parameters/nested"`

async function call(app: App, channel: string, input: unknown): Promise<unknown> {
  const result = await app.router.handle({ channel, input })
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

test('Changes page: a nested change on a machine (a TEMP-ROOT host standing for one) is listed with its diff and check, and undone from there', async ({
  page,
  app,
}) => {
  const noVms = join(tmpdir(), `virtdeck-e2e-changes-${process.pid}.xml`)
  await writeFile(noVms, '<node/>\n')
  const added = (await call(app, 'hosts.add', {
    kind: 'local',
    name: 'Lab machine',
    libvirtUri: `test://${noVms}`,
  })) as { id: string }
  const machine = await TempRootHost.create({ id: added.id })
  try {
    await machine.put('/proc/cpuinfo', 'processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu vmx ept\n')
    await machine.put('/sys/module/kvm_intel/initstate', 'live\n')
    await machine.put('/sys/module/kvm_intel/refcnt', '0\n')
    await machine.put('/sys/module/kvm_intel/parameters/nested', 'N\n')
    await machine.put('/etc/modprobe.d/alsa-base.conf', 'options snd-hda-intel model=auto\n')
    await machine.addStandIn('modprobe', MODPROBE)
    app.registry.register(added.id, machine)
    const plan = (await call(app, 'nested.plan', { hostId: added.id, method: 'modprobe' })) as { id: string }
    await call(app, 'nested.apply', { hostId: added.id, planId: plan.id })
    expect(await machine.get(NESTED_CONF)).toContain('nested=1')
    const main = page.getByRole('main')

    await test.step('the Changes page lists the change, verified, with its diff', async () => {
      await page
        .getByRole('navigation', { name: 'Hosts' })
        .getByRole('button', { name: /Lab machine/ })
        .click()
      await page
        .getByRole('navigation', { name: 'Host sections' })
        .getByRole('button', { name: 'Changes', exact: true })
        .click()
      const list = main.getByRole('region', { name: 'Changes on Lab machine' })
      const row = list.getByRole('listitem', { name: /^Nested KVM on for kvm_intel/ })
      await expect(row).toContainText('Active')
      await expect(row).toContainText('Verified')
      await row.getByRole('button', { name: /^Show details: / }).click()
      await expect(row.getByRole('region', { name: `Changes to ${NESTED_CONF}` })).toContainText(
        '+options kvm-intel nested=1',
      )
      await expect(row).toContainText('Passed:')
      await page.screenshot({ path: screenshotPath('changes.png') })
    })

    await test.step('All hosts names the host of each change', async () => {
      await main.locator('label', { hasText: 'All hosts' }).click()
      await expect(main.getByRole('radio', { name: 'All hosts' })).toBeChecked()
      const all = main.getByRole('region', { name: 'Changes on all hosts' })
      await expect(all.getByRole('listitem', { name: /^Nested KVM on for kvm_intel/ })).toContainText(
        'Lab machine · nested',
      )
    })

    await test.step('Undo, confirmed, puts the machine back', async () => {
      const all = main.getByRole('region', { name: 'Changes on all hosts' })
      await all.getByRole('button', { name: /^Undo: Nested KVM on for kvm_intel/ }).click()
      const dialog = page.getByRole('dialog', { name: 'Undo on Lab machine?' })
      await expect(dialog).toContainText(`Remove ${NESTED_CONF} (VirtDeck created it)`)
      await dialog.getByRole('button', { name: 'Undo change' }).click()
      await expect(dialog).toBeHidden()
      await expect(all.getByRole('listitem', { name: /^Nested KVM on for kvm_intel/ })).toContainText(
        'Undone',
      )
      expect(existsSync(machine.mapPath(NESTED_CONF))).toBe(false)
      expect(await machine.get('/sys/module/kvm_intel/parameters/nested')).toBe('N\n')
      expect(app.store.audit.list(5).map((a) => a.action)).toContain('nested.undo')
    })
  } finally {
    await machine.dispose()
    await rm(noVms, { force: true })
  }
})
