/**
 * The console pipe measured in the real page: Debian's Chromium opens the harness page (with its
 * shim, as the E2E tests do) and reads a pipe to the end, counting bytes. Also counts the CPU of
 * every Chromium process (browser, network service, renderer) per GiB received.
 */
import { execFileSync } from 'node:child_process'
import { chromium } from 'playwright-core'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test/e2e/chromium.js'
import { cpuSecondsOf, descendants } from './proc.js'

/** Runs in the page (a string: the page has no bundler's helpers). Resolves with bytes per second. */
const PAGE_BULK = `async ({ kind, args, bulk }) => {
  const started = performance.now()
  const pipe = window.virtdeckPipes.openPipe(kind, args)
  let got = 0
  await new Promise((resolve) => {
    pipe.onMessage((data) => { got += data.byteLength })
    pipe.onClose(resolve)
  })
  if (got !== bulk) throw new Error('the page got ' + got + ' bytes')
  return (bulk / (performance.now() - started)) * 1000
}`

async function cpuOfTree(pid: number): Promise<number> {
  const each = await Promise.all([pid, ...(await descendants(pid))].map(cpuSecondsOf))
  return each.reduce((a, b) => a + b, 0)
}

export interface ChromiumBulk {
  /** Bytes per second, one per round. */
  rates: number[]
  /** CPU seconds of all Chromium processes per GiB received, one per round. */
  cpuPerGiB: number[]
}

export async function bulkInChromium(
  pageUrl: string,
  pipe: { kind: string; args: unknown },
  bulk: number,
  rounds: number,
): Promise<ChromiumBulk> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  })
  try {
    const page = await browser.newPage()
    await page.goto(pageUrl)
    await page.waitForFunction('window.virtdeckPipes !== undefined')
    // Playwright starts Chromium as a child of this process.
    const browserPid = Number(
      execFileSync('pgrep', ['-o', '-P', String(process.pid), 'chrom'], { encoding: 'utf8' }).trim(),
    )
    const result: ChromiumBulk = { rates: [], cpuPerGiB: [] }
    for (let round = 0; round < rounds; round++) {
      const before = await cpuOfTree(browserPid)
      const rate = await page.evaluate(`(${PAGE_BULK})(${JSON.stringify({ ...pipe, bulk })})`)
      result.rates.push(Number(rate))
      result.cpuPerGiB.push(((await cpuOfTree(browserPid)) - before) / (bulk / 1024 ** 3))
    }
    return result
  } finally {
    await browser.close()
  }
}
