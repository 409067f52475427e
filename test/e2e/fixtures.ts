import { test as base, expect } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createApp } from '../../src/main/app.js'
import type { App } from '../../src/main/app.js'
import { createEphemeralCipher } from '../../src/main/store/ephemeral-cipher.js'
import { startHarness } from '../../src/harness/server.js'
import type { Harness } from '../../src/harness/server.js'
import { startSshd } from '../support/sshd.js'
import type { TestSshd } from '../support/sshd.js'

export interface Fixtures {
  /** The app's services on a temp profile, as main runs them. */
  app: App
  /** The browser harness serving the built renderer over the app's router. */
  harness: Harness
}

export interface WorkerFixtures {
  /** A real OpenSSH server on 127.0.0.1 with a test user. */
  sshd: TestSshd
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  sshd: [
    async ({}, use) => {
      const sshd = await startSshd()
      await use(sshd)
      await sshd.stop()
    },
    { scope: 'worker' },
  ],
  app: async ({}, use) => {
    const app = createApp({
      dataDir: mkdtempSync(join(tmpdir(), 'virtdeck-e2e-')),
      cipher: createEphemeralCipher(),
      reconnect: { initialDelayMs: 200, maxDelayMs: 1000 },
    })
    await use(app)
    await app.close()
  },
  harness: async ({ app }, use) => {
    const harness = await startHarness(app, { rendererDir: resolve('out/renderer') })
    await use(harness)
    await harness.close()
  },
  page: async ({ page, harness }, use) => {
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    await page.goto(harness.url)
    await expect(page.locator('html[data-ready="true"]')).toHaveCount(1)
    await use(page)
    expect(errors, 'uncaught errors in the page').toEqual([])
  },
})

export { expect }

/**
 * Where a documentation screenshot goes: docs/ when refreshing them (`UPDATE_SCREENSHOTS=1 npx
 * playwright test`), otherwise test-results/, so a test run leaves the work tree clean.
 */
export function screenshotPath(name: string): string {
  return process.env['UPDATE_SCREENSHOTS'] === '1' ? `docs/${name}` : `test-results/screenshots/${name}`
}
