import { defineConfig } from 'vitest/config'

export default defineConfig({
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
