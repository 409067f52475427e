import type { Locator, Page } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import { chmod, rm } from 'node:fs/promises'
import { execFileSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp } from '../../src/main/app.js'
import type { App } from '../../src/main/app.js'
import { createEphemeralCipher } from '../../src/main/store/ephemeral-cipher.js'
import { expect, screenshotPath, test as base } from './fixtures.js'
import { defineGamingDomain } from '../support/gaming-domain.js'
import { removeDomain, uniqueName } from '../support/libvirt.js'
import {
  PT_GRUB,
  PT_GRUB_TEXT,
  PT_MODULES,
  PT_MODULES_TEXT,
  PT_VFIO,
  passthroughMachine,
  passthroughReboot,
} from '../support/passthrough-machine.js'

/** Where each host's sysfs is read for passthrough: the captured tree of the temp-root machine. */
const roots = new Map<string, string>()

const test = base.extend<{ app: App }>({
  app: async ({}, use) => {
    const app = createApp({
      dataDir: mkdtempSync(join(tmpdir(), 'virtdeck-e2e-pt-')),
      cipher: createEphemeralCipher(),
      reconnect: { initialDelayMs: 200, maxDelayMs: 1000 },
      passthroughReadRoot: (hostId) => roots.get(hostId),
    })
    await use(app)
    await app.close()
  },
})

/** A screenshot of a long region in one piece: the window made tall enough, so the app's fixed header stays on top. */
async function tallShot(page: Page, region: Locator, name: string): Promise<void> {
  const size = page.viewportSize() ?? { width: 1280, height: 800 }
  const box = await region.boundingBox()
  await page.setViewportSize({ width: size.width, height: Math.ceil((box?.height ?? 0) + 200) })
  // Scrolled so the region starts below the app's fixed header, then clipped to it.
  await region.evaluate((el) => el.scrollIntoView({ block: 'end' }))
  const at = await region.boundingBox()
  if (at === null) throw new Error(`${name}: the region is not on screen`)
  await page.screenshot({ path: screenshotPath(name), clip: at })
  await page.setViewportSize(size)
}

/** A screenshot of the smallest box holding every region (an open dropdown is rendered outside its card). */
async function shotOf(page: Page, regions: Locator[], name: string): Promise<void> {
  const boxes = await Promise.all(regions.map(async (r) => r.boundingBox()))
  if (boxes.some((b) => b === null)) throw new Error(`${name}: a region is not on screen`)
  const all = boxes.filter((b) => b !== null)
  const x = Math.max(0, Math.min(...all.map((b) => b.x)) - 16)
  const y = Math.max(0, Math.min(...all.map((b) => b.y)) - 16)
  const right = Math.max(...all.map((b) => b.x + b.width)) + 16
  const bottom = Math.max(...all.map((b) => b.y + b.height)) + 16
  await page.screenshot({ path: screenshotPath(name), clip: { x, y, width: right - x, height: bottom - y } })
}

function virsh(args: string[]): string {
  return execFileSync('virsh', ['-q', '-c', 'qemu:///system', ...args], { encoding: 'utf8' })
}

test('GPU passthrough on a CAPTURED host (temp root): pick the card, host plan, apply, reboot, verified, VM configured, all undone from the Changes page', async ({
  page,
  app,
}) => {
  test.setTimeout(90_000)
  const added = await app.router.handle({
    channel: 'hosts.add',
    input: { kind: 'local', name: 'Gaming rig', libvirtUri: 'qemu:///system' },
  })
  if (!added.ok) throw new Error(added.error.message)
  const hostId = (added.value as { id: string }).id
  const machine = await passthroughMachine(hostId)
  roots.set(hostId, machine.root)
  app.registry.register(hostId, machine)
  const vm = uniqueName('vd-pte2e')
  const uuid = await defineGamingDomain(vm)
  const main = page.getByRole('main')
  try {
    await test.step('pick the GPU: its functions, its group, no blockers; the iGPU drives the host', async () => {
      await page
        .getByRole('navigation', { name: 'Hosts' })
        .getByRole('button', { name: /Gaming rig/ })
        .click()
      await page
        .getByRole('navigation', { name: 'Host sections' })
        .getByRole('button', { name: 'GPU passthrough', exact: true })
        .click()
      const cards = main.getByRole('region', { name: 'Graphics cards' })
      await expect(cards.getByRole('radio', { name: /^00:02\.0 / })).toBeVisible()
      await cards.getByRole('radio', { name: /^01:00\.0 .*GT 1030/ }).check()
      const details = main.getByRole('region', { name: 'Details of 01:00.0' })
      await expect(details).toContainText('The host does not display on this card')
      await expect(details.getByRole('table', { name: /^IOMMU group \d+$/ })).toContainText('01:00.1')
      await expect(details).toContainText('No blockers')
    })

    await test.step('preview the host plan with its diffs and the rescue note, apply it', async () => {
      const card = main.getByRole('region', { name: 'Prepare the host' })
      await card.getByRole('button', { name: 'Preview host plan for 01:00.0' }).click()
      await expect(card.getByRole('region', { name: `Changes to ${PT_GRUB}` })).toContainText(
        'intel_iommu=on',
      )
      await expect(card.getByRole('region', { name: `Changes to ${PT_VFIO}` })).toContainText(
        'options vfio-pci ids=10de:',
      )
      await expect(card.getByRole('region', { name: 'Rescue note' })).toContainText(
        'If the screen stays black after the reboot',
      )
      await tallShot(page, main, 'passthrough.png')
      await card.getByRole('button', { name: 'Apply…' }).click()
      const dialog = page.getByRole('dialog', { name: 'Prepare Gaming rig for passthrough?' })
      await dialog.getByRole('button', { name: 'Apply changes' }).click()
      await expect(dialog).toBeHidden()
      await expect(card.getByRole('status')).toContainText('Applied — reboot the host')
      expect(await machine.get(PT_GRUB)).toContain('intel_iommu=on iommu=pt')
      const checks = main.getByRole('region', { name: 'Host preparation: check after the reboot' })
      await expect(
        checks.getByRole('listitem', { name: /^Prepare the host to pass through 01:00\.0/ }),
      ).toContainText('Waiting for a reboot')
      // The rescue note now names this change's backup folder.
      await expect(card.getByRole('region', { name: 'Rescue note' })).toContainText(
        "sudo cp -a '/var/lib/virtdeck/backups/",
      )
    })

    await test.step('"reboot": the card is on vfio-pci; the check passes with its evidence', async () => {
      await passthroughReboot(machine)
      const checks = main.getByRole('region', { name: 'Host preparation: check after the reboot' })
      const row = checks.getByRole('listitem', { name: /^Prepare the host to pass through 01:00\.0/ })
      await row.getByRole('button', { name: /^Check again: / }).click()
      await expect(row).toContainText('Verified')
      await row.getByRole('button', { name: /^Show details: / }).click()
      await expect(row).toContainText('0000:01:00.1: vfio-pci')
      await main.getByRole('button', { name: 'Read again' }).click()
      await expect(main.getByRole('region', { name: 'Graphics cards' })).toContainText('On vfio-pci')
    })

    await test.step('configure the VM: XML diff with hostdev, Code 43 and shmem; QEMU line with vfio-pci; apply', async () => {
      const card = main.getByRole('region', { name: 'Give the card to a VM' })
      await card.getByRole('combobox', { name: 'VM' }).click()
      await page.getByRole('option', { name: vm }).click()
      await expect(card.getByRole('checkbox', { name: /Code 43 workaround/ })).toBeChecked()
      await card.getByRole('checkbox', { name: /Looking Glass/ }).check()
      await card.getByRole('button', { name: 'Preview VM change' }).click()
      const xml = card.getByRole('region', { name: `XML changes to ${vm}` })
      await expect(xml).toContainText("<hostdev mode='subsystem' type='pci' managed='yes'>")
      await expect(xml).toContainText("<vendor_id state='on' value='virtdeck0000'/>")
      await expect(xml).toContainText("<shmem name='looking-glass'>")
      await expect(card.getByRole('region', { name: `QEMU command-line changes for ${vm}` })).toContainText(
        '"driver":"vfio-pci","host":"0000:01:00.0"',
      )
      await expect(card).toContainText('32 MiB (the next power of two)')
      await card
        .getByRole('region', { name: 'Changes to /etc/tmpfiles.d/10-looking-glass.conf' })
        .scrollIntoViewIfNeeded()
      await tallShot(page, card, 'passthrough-vm.png')
      await card.getByRole('button', { name: 'Apply to VM…' }).click()
      const dialog = page.getByRole('dialog', { name: `Change ${vm}?` })
      await dialog.getByRole('button', { name: 'Apply changes' }).click()
      await expect(dialog).toBeHidden()
      await expect(card.getByRole('status')).toContainText('Undo it from the Changes page')
      expect(virsh(['dumpxml', '--domain', vm, '--inactive'])).toContain('<hostdev')
    })

    await test.step("evdev: the keyboard picked from the host's list with the keyboard alone, the mouse by click; the XML gets both", async () => {
      const card = main.getByRole('region', { name: 'Give the card to a VM' })
      await card.getByRole('checkbox', { name: 'evdev keyboard and mouse' }).check()
      const keyboard = card.getByRole('combobox', { name: 'Keyboard' })
      // A tall window, the pickers at its top: the list opens below them, whole.
      const size = page.viewportSize() ?? { width: 1280, height: 800 }
      await page.setViewportSize({ width: size.width, height: 1100 })
      await keyboard.evaluate((el) => el.scrollIntoView({ block: 'center' }))
      await keyboard.click()
      // The host's /dev/input/by-id (captured from openrazer#2592), keyboards first, by name.
      const list = page.getByRole('listbox')
      await expect(list.getByRole('option')).toHaveText([
        'Logitech USB Receiver (keyboard)',
        'Razer Huntsman V3 Pro Mini (keyboard)',
        'Razer Huntsman V3 Pro Mini (keyboard, interface 1)',
        'Logitech USB Receiver (mouse)',
        'Razer Huntsman V3 Pro Mini (mouse)',
        'HP Inc HyperX Cloud III Wireless (input)',
        'Razer Huntsman V3 Pro Mini (input)',
      ])
      await shotOf(
        page,
        [
          card.getByRole('checkbox', { name: 'evdev keyboard and mouse' }),
          card.getByRole('combobox', { name: 'Mouse' }),
          list,
        ],
        'passthrough-evdev.png',
      )
      await page.keyboard.press('Escape')
      await page.setViewportSize(size)
      await keyboard.focus()
      await page.keyboard.type('huntsman')
      await page.keyboard.press('ArrowDown')
      await page.keyboard.press('Enter')
      await expect(keyboard).toHaveValue('Razer Huntsman V3 Pro Mini (keyboard)')
      await expect(card).toContainText(
        '/dev/input/by-id/usb-Razer_Razer_Huntsman_V3_Pro_Mini-event-kbd (/dev/input/event12 now)',
      )
      await card.getByRole('combobox', { name: 'Mouse' }).click()
      await page.getByRole('option', { name: 'Logitech USB Receiver (mouse)' }).click()
      // The chosen paths carry over to typing by hand, and back.
      const byHand = card.getByRole('checkbox', { name: /Type the paths by hand/ })
      await byHand.check()
      await expect(card.getByRole('textbox', { name: 'Mouse (by-id path)' })).toHaveValue(
        '/dev/input/by-id/usb-Logitech_USB_Receiver-event-mouse',
      )
      await byHand.uncheck()
      await card.getByRole('button', { name: 'Preview VM change' }).click()
      const xml = card.getByRole('region', { name: `XML changes to ${vm}` })
      await expect(xml).toContainText(
        "<source dev='/dev/input/by-id/usb-Razer_Razer_Huntsman_V3_Pro_Mini-event-kbd' grab='all' grabToggle='ctrl-ctrl' repeat='on'/>",
      )
      await expect(xml).toContainText(
        "<source dev='/dev/input/by-id/usb-Logitech_USB_Receiver-event-mouse'/>",
      )
      // The keyboard and mouse unplugged (no /dev/input/by-id left): the card says so, the paths stay typable.
      await rm(machine.mapPath('/dev/input/by-id'), { recursive: true })
      await card.getByRole('button', { name: 'Read the input devices again' }).click()
      await expect(
        card.getByRole('alert').filter({ hasText: 'No /dev/input/by-id on this host' }),
      ).toContainText('no USB keyboard or mouse is attached')
      await expect(card.getByRole('textbox', { name: 'Keyboard (by-id path)' })).toHaveValue(
        '/dev/input/by-id/usb-Razer_Razer_Huntsman_V3_Pro_Mini-event-kbd',
      )
      // Not applied: the launch below checks the VM as configured above.
      await card.getByRole('checkbox', { name: 'evdev keyboard and mouse' }).uncheck()
    })

    await test.step('Start gaming VM: pre-flight passes, libvirt here has no VFIO, and the panel says what that means', async () => {
      const card = main.getByRole('region', { name: 'Start gaming VM' })
      await card.getByRole('combobox', { name: 'Gaming VM' }).click()
      await page.getByRole('option', { name: vm }).click()
      await card.getByRole('button', { name: 'Start gaming VM' }).click()
      const result = card.getByRole('region', { name: `Start of ${vm}` })
      await expect(result).toContainText('Passed: Every passed-through function is on vfio-pci', {
        timeout: 30_000,
      })
      // The tmpfiles.d file creates /dev/shm/looking-glass at boot; until then pre-flight says so.
      await expect(result).toContainText(
        'Failed: The Looking Glass file is writable by QEMU — /dev/shm/looking-glass does not exist',
      )
      expect(virsh(['domstate', '--domain', vm]).trim()).toBe('shut off')
      // What `systemd-tmpfiles --create` makes of the file the VM change wrote: 0660, group kvm.
      await machine.put('/dev/shm/looking-glass', '')
      await chmod(machine.mapPath('/dev/shm/looking-glass'), 0o660)
      execFileSync('chgrp', ['kvm', machine.mapPath('/dev/shm/looking-glass')])
      await card.getByRole('button', { name: 'Start gaming VM' }).click()
      await expect(result).toContainText(`${vm} did not start: libvirt finds no VFIO on this host`, {
        timeout: 30_000,
      })
      await expect(result).toContainText('Passed: The Looking Glass file is writable by QEMU')
      await expect(result).toContainText("host doesn't support VFIO PCI passthrough")
    })

    await test.step('single-GPU hooks: previewed with the warnings, every script in full', async () => {
      const card = main.getByRole('region', { name: 'Single-GPU passthrough (advanced)' })
      await card.getByRole('combobox', { name: 'VM' }).click()
      await page.getByRole('option', { name: vm }).click()
      await card.getByRole('textbox', { name: /Display manager/ }).fill('gdm.service')
      await card.getByRole('button', { name: 'Preview hook scripts' }).click()
      await expect(card).toContainText('the host has NO display')
      await expect(
        card.getByRole('region', {
          name: `Changes to /etc/libvirt/hooks/qemu.d/${vm}/release/end/90-virtdeck-single-gpu`,
        }),
      ).toContainText("systemctl start 'gdm.service'")
    })

    await test.step('undo everything from the Changes page', async () => {
      await page
        .getByRole('navigation', { name: 'Host sections' })
        .getByRole('button', { name: 'Changes', exact: true })
        .click()
      const list = main.getByRole('region', { name: 'Changes on Gaming rig' })
      for (const summary of [/^VM .* gets GPU/, /^Prepare the host to pass through/]) {
        await list.getByRole('button', { name: new RegExp(`^Undo: ${summary.source.slice(1)}`) }).click()
        const dialog = page.getByRole('dialog', { name: 'Undo on Gaming rig?' })
        await dialog.getByRole('button', { name: 'Undo change' }).click()
        await expect(dialog).toBeHidden()
        await expect(list.getByRole('listitem', { name: summary })).toContainText('Undone')
      }
      expect(await machine.get(PT_GRUB)).toBe(PT_GRUB_TEXT)
      expect(await machine.get(PT_MODULES)).toBe(PT_MODULES_TEXT)
      await expect(machine.get(PT_VFIO)).rejects.toThrow()
      await expect(machine.get('/etc/tmpfiles.d/10-looking-glass.conf')).rejects.toThrow()
      expect(virsh(['dumpxml', '--domain', vm, '--inactive'])).not.toContain('<hostdev')
    })
  } finally {
    roots.delete(hostId)
    await removeDomain(uuid)
    await machine.dispose()
  }
})
