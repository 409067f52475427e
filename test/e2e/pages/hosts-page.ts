import type { Locator, Page } from '@playwright/test'

export interface SshHostForm {
  name: string
  address: string
  port: number
  user: string
  password: string
}

/** The hosts sidebar, the host page and the host dialogs, by role and accessible name. */
export class HostsPage {
  constructor(readonly page: Page) {}

  get sidebar(): Locator {
    return this.page.getByRole('navigation', { name: 'Hosts' })
  }

  /** A host's button in the sidebar; its accessible name is the host's name followed by its status. */
  hostInSidebar(name: string): Locator {
    return this.sidebar.getByRole('button', { name: new RegExp(`^${escapeRegExp(name)}`) })
  }

  hostStatus(name: string): Locator {
    return this.hostInSidebar(name).getByTestId('host-status')
  }

  get addDialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Add host' })
  }

  async addSshHost(host: SshHostForm): Promise<void> {
    await this.page.getByRole('button', { name: 'Add host', exact: true }).click()
    const dialog = this.addDialog
    // Mantine's segmented radios have zero-size inputs: click the label, as a user would.
    await dialog.getByRole('radiogroup', { name: 'Connection' }).getByText('SSH', { exact: true }).click()
    await dialog.getByRole('textbox', { name: 'Name' }).fill(host.name)
    await dialog.getByRole('textbox', { name: 'Address' }).fill(host.address)
    await dialog.getByRole('textbox', { name: 'Port' }).fill(String(host.port))
    await dialog.getByRole('textbox', { name: 'User' }).fill(host.user)
    await dialog
      .getByRole('radiogroup', { name: 'Authentication' })
      .getByText('Password', { exact: true })
      .click()
    await dialog.getByRole('textbox', { name: 'Password' }).fill(host.password)
  }

  async save(): Promise<void> {
    await this.addDialog.getByRole('button', { name: 'Save host' }).click()
  }

  get keyDialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Verify the host key' })
  }

  get changedKeyDialog(): Locator {
    return this.page.getByRole('dialog', { name: 'The host key has changed' })
  }

  button(name: string): Locator {
    return this.page.getByRole('main').getByRole('button', { name, exact: true })
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
