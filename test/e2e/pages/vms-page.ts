import type { Locator, Page } from '@playwright/test'
import { expect } from '@playwright/test'
import { XmlEditor } from './xml-editor.js'

export interface NewVm {
  name: string
  memoryMiB: number
  vcpus: number
  pool: string
  diskGiB: number
  /** 'QEMU emulation' (TCG) or 'KVM'. */
  acceleration: 'KVM' | 'QEMU emulation'
  startAfterCreating: boolean
}

/** The Virtual machines panel of the selected host: list, row actions, wizard, details and XML tab, by role and name. */
export class VmsPage {
  constructor(readonly page: Page) {}

  get main(): Locator {
    return this.page.getByRole('main')
  }

  async openPanel(name: 'Virtual machines' | 'Storage' | 'Networks' = 'Virtual machines'): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Host sections' })
      .getByRole('button', { name, exact: true })
      .click()
    await this.main.getByRole('heading', { level: 2, name, exact: true }).waitFor()
  }

  /** Opens a VM's page from the list (the panel must show), then one of its tabs. */
  async openVm(name: string, tab?: string): Promise<void> {
    await this.main.getByRole('button', { name: `Open ${name}`, exact: true }).click()
    if (tab !== undefined) await this.main.getByRole('tab', { name: tab }).click()
  }

  get table(): Locator {
    return this.main.getByRole('table', { name: /^Virtual machines on/ })
  }

  /** A VM's row (rows carry the VM's name as data-vm). */
  row(name: string): Locator {
    return this.table.locator(`[role="row"][data-vm="${name.replaceAll('"', '\\"')}"]`)
  }

  stateOf(name: string): Locator {
    return this.row(name).locator('[data-state]')
  }

  button(name: string): Locator {
    return this.main.getByRole('button', { name, exact: true })
  }

  async menuAction(vmName: string, item: string): Promise<void> {
    await this.main.getByRole('button', { name: `More actions for ${vmName}` }).click()
    await this.page.getByRole('menuitem', { name: item }).click()
  }

  dialog(name: string | RegExp): Locator {
    return this.page.getByRole('dialog', { name })
  }

  async choose(scope: Locator, label: string, option: string): Promise<void> {
    await scope.getByRole('combobox', { name: label }).click()
    await this.page.getByRole('option', { name: option, exact: true }).click()
  }

  /** Fills the New virtual machine wizard up to its Review step. */
  async fillWizard(vm: NewVm): Promise<Locator> {
    await this.button('New virtual machine').click()
    const wizard = this.dialog(/^New virtual machine on/)
    await wizard.getByRole('textbox', { name: 'Name' }).fill(vm.name)
    await wizard.getByRole('radio', { name: 'None for now' }).check()
    await wizard.getByRole('button', { name: 'Next' }).click()
    await wizard.getByRole('textbox', { name: 'Memory (MiB)' }).fill(String(vm.memoryMiB))
    await wizard.getByRole('textbox', { name: 'vCPUs' }).fill(String(vm.vcpus))
    await this.choose(wizard, 'Storage pool', vm.pool)
    await wizard.getByRole('textbox', { name: 'Size (GiB)' }).fill(String(vm.diskGiB))
    await wizard.getByRole('button', { name: 'Next' }).click()
    await this.choose(
      wizard,
      'Acceleration',
      vm.acceleration === 'KVM' ? 'KVM (hardware, fast)' : 'QEMU emulation (slow, works everywhere)',
    )
    await wizard.getByRole('radio', { name: 'No network' }).check()
    await wizard.getByRole('button', { name: 'Next' }).click()
    const start = wizard.getByRole('checkbox', { name: 'Start after creating' })
    if (vm.startAfterCreating) await start.check()
    else await start.uncheck()
    return wizard
  }

  /** The XML tab's editor (CodeMirror): read with xmlText(), written with xml.replace(). */
  get xmlEditor(): Locator {
    return this.main.getByRole('textbox', { name: /^XML definition of/ })
  }

  get xml(): XmlEditor {
    return new XmlEditor(this.page)
  }

  get diff(): Locator {
    return this.main.getByRole('region', { name: 'Changes to the definition' })
  }

  get history(): Locator {
    return this.main.getByRole('list', { name: 'Earlier definitions' })
  }

  /** Closes every notification and waits until they are gone (so a screenshot shows the page). */
  async closeNotifications(): Promise<void> {
    for (const close of await this.page.getByRole('button', { name: 'Close notification' }).all())
      // A toast may close by itself while we reach for it: a click on a vanished button must not
      // wait for the whole test's time (it did, in CI, when a success toast timed out mid-click).
      await close.click({ timeout: 2000 }).catch(() => undefined)
    await expect(this.page.getByRole('button', { name: 'Close notification' })).toHaveCount(0)
    await expect(this.page.locator('.mantine-Notifications-notification')).toHaveCount(0)
  }
}
