import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  // `@shared/<file>.js` is src/shared/<file>.ts (tsconfig.base.json `paths`).
  resolve: { alias: { '@shared': resolve(import.meta.dirname, 'src/shared') } },
  test: {
    // Tests that disturb shared daemons (restarting libvirtd) are `*.serial.test.ts` and run alone,
    // after these, through vitest.serial.config.ts.
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**', 'out/**', '**/*.serial.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Real daemons and processes: two cores, so do not oversubscribe.
    maxWorkers: 2,
  },
})
