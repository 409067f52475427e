import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

/** `@shared/<file>.js` is src/shared/<file>.ts everywhere (tsconfig.base.json `paths`). */
const resolveShared = { alias: { '@shared': resolve(import.meta.dirname, 'src/shared') } }

// Main and preload bundle their own code; native and large node deps stay external (loaded from node_modules).
export default defineConfig({
  main: {
    resolve: resolveShared,
    build: {
      externalizeDeps: true,
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src/main/electron/index.ts') } },
    },
  },
  preload: {
    resolve: resolveShared,
    build: {
      externalizeDeps: { exclude: ['zod'] },
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    resolve: resolveShared,
    build: { rollupOptions: { input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') } } },
    plugins: [react()],
  },
})
