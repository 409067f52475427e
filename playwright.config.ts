import { defineConfig } from '@playwright/test'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './test/e2e/chromium.js'

export default defineConfig({
  testDir: 'test/e2e',
  // Its `paths` map `@shared/<file>.js` to src/shared/<file>.ts for the app code the tests import.
  tsconfig: './tsconfig.node.json',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  retries: 0,
  workers: 1,
  forbidOnly: process.env['CI'] === 'true',
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
    viewport: { width: 1280, height: 800 },
    trace: 'off',
  },
})
