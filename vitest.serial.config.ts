import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

/** Tests that restart or reconfigure shared daemons: one file at a time, with nothing else running. */
export default defineConfig({
  // `@shared/<file>.js` is src/shared/<file>.ts (tsconfig.base.json `paths`).
  resolve: { alias: { '@shared': resolve(import.meta.dirname, 'src/shared') } },
  test: {
    include: ['src/**/*.serial.test.ts', 'test/**/*.serial.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
})
