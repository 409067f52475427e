import { mkdtempSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HostInputDevices } from '@shared/passthrough-inputs.js'
import { runVirtdeck } from './support/cli.js'
import { inputFixture, listingLinks, writeInputTree } from './support/input-tree.js'

/** `virtdeck passthrough inputs --root` as a child process on a CAPTURED /dev/input/by-id (openrazer#2592). */

const dataDir = mkdtempSync(join(tmpdir(), 'virtdeck-cli-evdev-'))
let captured: string
let empty: string
beforeAll(async () => {
  captured = await mkdtemp(join(tmpdir(), 'virtdeck-cli-evdev-root-'))
  await writeInputTree(captured, [
    ...listingLinks(inputFixture('openrazer-2592-logitech-receiver-razer.txt')),
    { name: "usb-Bob's_Pad-event-kbd", target: '../event40' },
  ])
  empty = await mkdtemp(join(tmpdir(), 'virtdeck-cli-evdev-empty-'))
  await mkdir(join(empty, 'dev/input'), { recursive: true })
})
afterAll(async () => {
  await Promise.all([captured, empty, dataDir].map((d) => rm(d, { recursive: true, force: true })))
})

describe('virtdeck passthrough inputs (child process, captured root)', () => {
  it('captured openrazer#2592: --json lists the event links with kind, node and name', async () => {
    const run = await runVirtdeck(['passthrough', 'inputs', '--root', captured, '--json'], dataDir)
    expect(run.code, run.stderr).toBe(0)
    const list = JSON.parse(run.stdout) as HostInputDevices
    expect(list.byId).toBe(true)
    expect(list.devices.filter((d) => d.kind === 'mouse').map((d) => [d.label, d.path, d.device])).toEqual([
      [
        'Logitech USB Receiver (mouse)',
        '/dev/input/by-id/usb-Logitech_USB_Receiver-event-mouse',
        '/dev/input/event3',
      ],
      [
        'Razer Huntsman V3 Pro Mini (mouse)',
        '/dev/input/by-id/usb-Razer_Razer_Huntsman_V3_Pro_Mini-if02-event-mouse',
        '/dev/input/event20',
      ],
    ])
  })

  it('captured openrazer#2592: the text groups keyboards, mice and others, and says which link cannot be used', async () => {
    const run = await runVirtdeck(['passthrough', 'inputs', '--root', captured], dataDir)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain(`${captured}: 8 input devices`)
    expect(run.stdout).toMatch(
      /Keyboards:\n {2}Bob's Pad \(keyboard\) {2}\(event40 now\)\n {6}\/dev\/input\/by-id\/usb-Bob's_Pad-event-kbd\n {6}cannot be used: .*quote/,
    )
    expect(run.stdout).toMatch(
      /Mice:\n {2}Logitech USB Receiver \(mouse\) {2}\(event3 now\)\n {6}\/dev\/input\/by-id\/usb-Logitech_USB_Receiver-event-mouse\n/,
    )
    expect(run.stdout).toContain('Other input devices:\n  HP Inc HyperX Cloud III Wireless (input)')
  })

  it('a root without /dev/input/by-id: exit 0 and what to do', async () => {
    const run = await runVirtdeck(['passthrough', 'inputs', '--root', empty], dataDir)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('no input devices to pass through')
    expect(run.stdout).toContain('This host has no /dev/input/by-id')
  })
})
