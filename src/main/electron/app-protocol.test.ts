import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP_ORIGIN, appProtocolResponse, isTrustedRendererUrl, resolveAppPath } from './app-protocol.js'

/**
 * The app:// protocol without Electron (stand-in for Electron's protocol.handle: the handler takes
 * and returns the web-standard Request/Response that Electron passes, here built by Node).
 */
let root: string
let outside: string
beforeAll(async () => {
  const base = await mkdtemp(join(tmpdir(), 'virtdeck-app-protocol-'))
  root = join(base, 'renderer')
  outside = join(base, 'secret.txt')
  await mkdir(join(root, 'assets'), { recursive: true })
  await writeFile(join(root, 'index.html'), '<html></html>')
  await writeFile(join(root, 'assets', 'app.js'), 'void 0')
  await writeFile(outside, 'do not serve')
})
afterAll(async () => {
  await rm(join(root, '..'), { recursive: true, force: true })
})

describe('app:// protocol (stand-in for Electron protocol.handle)', () => {
  it('resolves paths inside the renderer folder only', () => {
    expect(resolveAppPath(`${APP_ORIGIN}/`, root)).toBe(join(root, 'index.html'))
    expect(resolveAppPath(`${APP_ORIGIN}/index.html`, root)).toBe(join(root, 'index.html'))
    expect(resolveAppPath(`${APP_ORIGIN}/assets/app.js?x=1#y`, root)).toBe(join(root, 'assets', 'app.js'))
    // The URL parser removes dot segments (also %2e%2e): these stay inside the folder.
    for (const dots of [
      `${APP_ORIGIN}/../secret.txt`,
      `${APP_ORIGIN}/%2e%2e/secret.txt`,
      `${APP_ORIGIN}/assets/%2e%2e/%2e%2e/secret.txt`,
    ]) {
      expect(resolveAppPath(dots, root), dots).toBe(join(root, 'secret.txt'))
    }
    for (const bad of [
      `${APP_ORIGIN}/..%2fsecret.txt`,
      `${APP_ORIGIN}/assets/..%2f..%2f..%2fsecret.txt`,
      `${APP_ORIGIN}/..%5csecret.txt`,
      `${APP_ORIGIN}/%E0%A4%A`,
      `${APP_ORIGIN}/a%00b`,
      'app://other/index.html',
      'file:///etc/passwd',
      'https://evil.example/index.html',
      'not a url',
    ]) {
      expect(resolveAppPath(bad, root), bad).toBeUndefined()
    }
  })

  it('answers files with their type and the CSP, 404 for what is missing, 403 for what is outside', async () => {
    const ok = await appProtocolResponse(new Request(`${APP_ORIGIN}/assets/app.js`), root)
    expect(ok.status).toBe(200)
    expect(ok.headers.get('content-type')).toMatch(/^text\/javascript/)
    expect(ok.headers.get('content-security-policy')).toMatch(/script-src 'self'/)
    expect(await ok.text()).toBe('void 0')
    expect((await appProtocolResponse(new Request(`${APP_ORIGIN}/nope.js`), root)).status).toBe(404)
    const escape = await appProtocolResponse(new Request(`${APP_ORIGIN}/..%2fsecret.txt`), root)
    expect(escape.status).toBe(403)
    expect(await escape.text()).not.toContain('do not serve')
    const dotted = await appProtocolResponse(new Request(`${APP_ORIGIN}/%2e%2e/secret.txt`), root)
    expect(dotted.status).toBe(404)
  })

  it('trusts IPC only from app:// (and the dev server while not packaged)', () => {
    expect(isTrustedRendererUrl(`${APP_ORIGIN}/index.html`, {})).toBe(true)
    expect(isTrustedRendererUrl('app://other/index.html', {})).toBe(false)
    expect(isTrustedRendererUrl('file:///tmp/index.html', {})).toBe(false)
    expect(isTrustedRendererUrl('https://evil.example/', {})).toBe(false)
    expect(isTrustedRendererUrl('http://localhost:5173/', { devServer: 'http://localhost:5173' })).toBe(true)
    expect(
      isTrustedRendererUrl('http://localhost:5173/', { devServer: 'http://localhost:5173', packaged: true }),
    ).toBe(false)
    expect(isTrustedRendererUrl('http://localhost:5174/', { devServer: 'http://localhost:5173' })).toBe(false)
    expect(isTrustedRendererUrl('garbage', {})).toBe(false)
  })
})
