import { defineConfig } from 'vitest/config'

/** Tests that restart or reconfigure shared daemons: one file at a time, with nothing else running. */
export default defineConfig({
  test: {
    include: ['src/**/*.serial.test.ts', 'test/**/*.serial.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
})
