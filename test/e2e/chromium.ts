/**
 * How the tests and the benches start Debian's Chromium: headless, as root (`--no-sandbox`), and
 * quiet on the closed network (no background requests, no component updates, no first-run pages).
 */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
]
