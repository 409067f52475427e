import type { Download, Locator, Page } from '@playwright/test'

/** The Hardware and Nested virtualization panels of the selected host, by role and accessible name. */
export class HardwarePage {
  constructor(readonly page: Page) {}

  get main(): Locator {
    return this.page.getByRole('main')
  }

  async openPanel(name: 'Hardware' | 'Nested virtualization'): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Host sections' })
      .getByRole('button', { name, exact: true })
      .click()
    await this.main.getByRole('heading', { level: 2, name, exact: true }).waitFor()
  }

  get verdict(): Locator {
    return this.main.getByRole('region', { name: 'Verdict' })
  }

  get verdictHeadline(): Locator {
    return this.verdict.getByRole('heading', { level: 3 })
  }

  get checksRunning(): Locator {
    return this.main.getByRole('status', { name: 'Checks running' })
  }

  button(name: string): Locator {
    return this.main.getByRole('button', { name, exact: true })
  }

  /** Clicks an export button and returns the download it starts. */
  async export(format: 'Markdown' | 'JSON'): Promise<Download> {
    const download = this.page.waitForEvent('download')
    await this.button(`Export ${format}`).click()
    return download
  }

  group(title: string): Locator {
    return this.main.getByRole('region', { name: title, exact: true })
  }

  get nestedState(): Locator {
    return this.main.getByRole('region', { name: 'Current state' })
  }

  get enableNested(): Locator {
    return this.main.getByRole('region', { name: 'Turn on nested KVM' })
  }

  method(label: 'Module option (modprobe)' | 'Kernel parameter (bootloader)'): Locator {
    return this.enableNested.getByRole('radio', { name: label })
  }

  preview(label: string): Locator {
    return this.main.getByRole('region', { name: `Preview: ${label}` })
  }
}
