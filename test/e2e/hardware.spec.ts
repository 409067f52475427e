import { closeSync, constants, existsSync, openSync, readFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo, Socket } from 'node:net'
import type { DoctorReport } from '@shared/checks.js'
import { expect, screenshotPath, test } from './fixtures.js'
import { HardwarePage } from './pages/hardware-page.js'
import { TempRootHost } from '../support/temp-root-host.js'

/** Whether KVM opens for this process, as QEMU would: what the doctor must find out by itself. */
function kvmOpensHere(): boolean {
  try {
    closeSync(openSync('/dev/kvm', constants.O_RDWR))
    return true
  } catch {
    return false
  }
}

const KVM_HEADLINES = ['Ready for KVM', 'KVM works, nested off', 'KVM works, but libvirt cannot use it']
const NESTED_CONF = '/etc/modprobe.d/nested_virtualization.conf'

// Tall enough for the screenshots in docs/ to show the verdict and the whole preview.
test.use({ viewport: { width: 1280, height: 1400 } })

test('Hardware: the verdict for this machine, its checks, and the exported report', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  const hardware = new HardwarePage(page)
  let headline = ''

  await test.step('open Hardware: the checks run and the verdict comes first', async () => {
    await hardware.openPanel('Hardware')
    await expect(hardware.verdictHeadline).toBeVisible({ timeout: 30_000 })
    await expect(hardware.checksRunning).toHaveCount(0)
    headline = (await hardware.verdictHeadline.textContent()) ?? ''
    if (kvmOpensHere()) expect(KVM_HEADLINES).toContain(headline)
    else expect(KVM_HEADLINES).not.toContain(headline)
    await expect(hardware.group('KVM')).toContainText('KVM actually works (probe)')
  })

  await test.step('screenshot of the Hardware panel', async () => {
    await expect(page.getByRole('button', { name: 'Add host', exact: true })).toBeInViewport()
    await page.mouse.move(640, 20) // over the header: no hover highlight in the picture
    await page.screenshot({ path: screenshotPath('hardware.png') })
  })

  await test.step('a check shows its evidence on request, in monospace', async () => {
    const probe = hardware.group('KVM').getByRole('listitem', { name: 'KVM actually works (probe)' })
    await probe.getByRole('button', { name: /^Show evidence/ }).click()
    await expect(probe.locator('pre').first()).toBeVisible()
    await probe.getByRole('button', { name: /^Hide evidence/ }).click()
  })

  await test.step('Export Markdown downloads the report with the headline', async () => {
    const download = await hardware.export('Markdown')
    expect(download.suggestedFilename()).toMatch(/^virtdeck-doctor-this-computer-\d{4}-\d{2}-\d{2}\.md$/)
    const text = readFileSync(await download.path(), 'utf8')
    expect(text).toContain(`## Verdict: ${headline}`)
  })

  await test.step('Export JSON downloads the same report as JSON', async () => {
    const download = await hardware.export('JSON')
    expect(download.suggestedFilename()).toMatch(/^virtdeck-doctor-this-computer-\d{4}-\d{2}-\d{2}\.json$/)
    const report = JSON.parse(readFileSync(await download.path(), 'utf8')) as DoctorReport
    expect(report.verdict.headline).toBe(headline)
    expect(report.hostId).toBe('local')
  })

  await test.step('Run checks again runs them again and shows the new report', async () => {
    await hardware.button('Run checks again').click()
    await expect(hardware.checksRunning).toHaveCount(0, { timeout: 30_000 })
    await expect(hardware.verdictHeadline).toHaveText(headline)
  })
})

test('Hardware: checks that hang on connecting show progress and can be cancelled', async ({ page, app }) => {
  // A TCP server that accepts and never answers: the SSH handshake waits, so the checks stay on "Connecting".
  const sockets = new Set<Socket>()
  const silent = createServer((socket) => sockets.add(socket))
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
  const port = (silent.address() as AddressInfo).port
  try {
    const envelope = await app.router.handle({
      channel: 'hosts.add',
      input: {
        kind: 'ssh',
        name: 'Silent box',
        hostname: '127.0.0.1',
        port,
        username: 'nobody',
        auth: 'password',
        secret: 'x',
      },
    })
    expect(envelope.ok).toBe(true)
    const hardware = new HardwarePage(page)
    await page
      .getByRole('navigation', { name: 'Hosts' })
      .getByRole('button', { name: /Silent box/ })
      .click()
    await hardware.openPanel('Hardware')
    await expect(hardware.checksRunning).toContainText('Connecting to Silent box')
    await hardware.button('Cancel checks').click()
    await expect(hardware.checksRunning).toHaveCount(0)
    await expect(hardware.main).toContainText('The checks were cancelled.')
    await expect(hardware.verdict).toHaveCount(0)
  } finally {
    for (const socket of sockets) socket.destroy()
    await new Promise((resolve) => silent.close(resolve))
  }
})

test('Nested virtualization: preview the modprobe method for this computer, without applying it', async ({
  page,
  app,
}) => {
  await page.emulateMedia({ colorScheme: 'light' })
  const hardware = new HardwarePage(page)
  const confExisted = existsSync(NESTED_CONF)

  await test.step('the current state is shown', async () => {
    await hardware.openPanel('Nested virtualization')
    await expect(hardware.nestedState).toContainText('Nested now')
    await expect(hardware.nestedState).toContainText('Running VMs')
  })

  await test.step('each method is explained; preview the modprobe method', async () => {
    await expect(hardware.method('Kernel parameter (bootloader)')).toBeVisible()
    await hardware.method('Module option (modprobe)').check()
    await hardware.enableNested.getByRole('button', { name: 'Preview changes' }).click()
    const preview = hardware.preview('Module option (modprobe)')
    await expect(preview).toBeVisible()
    if (existsSync('/sys/module/kvm_pvm')) {
      // KVM here comes from kvm_pvm (these test machines are KVM guests without VT-x/AMD-V): the
      // vendor module's nested setting would not reach its VMs, so the plan is blocked (issue 9, fault 7).
      await expect(preview).toContainText('kvm_pvm')
      await expect(preview).toContainText('There is nothing to enable on this host')
      await expect(preview.getByLabel(`Changes to ${NESTED_CONF}`)).toHaveCount(0)
    } else {
      await expect(preview.getByLabel(`Changes to ${NESTED_CONF}`)).toContainText(
        /\+options kvm-(intel|amd) nested=1/,
      )
      await expect(preview).toContainText(/\$ modprobe (-r )?kvm_(intel|amd)/)
    }
  })

  await test.step('screenshot of the preview', async () => {
    await hardware.enableNested.scrollIntoViewIfNeeded()
    await page.mouse.move(640, 20)
    await page.screenshot({ path: screenshotPath('nested-preview.png') })
  })

  await test.step('nothing was applied to this machine', async () => {
    expect(existsSync(NESTED_CONF)).toBe(confExisted)
    expect(app.store.audit.list(100).filter((entry) => entry.action.startsWith('nested.'))).toEqual([])
    expect(app.store.changes.list('local')).toEqual([])
  })
})

/** modprobe as seen from sysfs, on the temp root: loading reads modprobe.d for nested (a stand-in: it cannot run here). */
const MODPROBE = `R="$VIRTDECK_TEST_ROOT"
if [ "$1" = "-r" ]; then rm -rf "$R/sys/module/$2"; exit 0; fi
mkdir -p "$R/sys/module/$1/parameters"; echo live > "$R/sys/module/$1/initstate"; echo 0 > "$R/sys/module/$1/refcnt"
if cat "$R"/etc/modprobe.d/*.conf | grep -q "nested=1"; then echo Y; else echo N; fi > "$R/sys/module/$1/parameters/nested"`

test('Nested virtualization: apply and undo on a machine (a TEMP-ROOT host standing for one)', async ({
  page,
  app,
}) => {
  const noVms = join(tmpdir(), `virtdeck-e2e-no-vms-${process.pid}.xml`)
  await writeFile(noVms, '<node/>\n')
  const added = await app.router.handle({
    channel: 'hosts.add',
    input: { kind: 'local', name: 'Lab machine', libvirtUri: `test://${noVms}` },
  })
  if (!added.ok) throw new Error(added.error.message)
  const hostId = (added.value as { id: string }).id
  const machine = await TempRootHost.create({ id: hostId })
  try {
    await machine.put('/proc/cpuinfo', 'processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu vmx ept\n')
    await machine.put('/sys/module/kvm_intel/initstate', 'live\n')
    await machine.put('/sys/module/kvm_intel/refcnt', '0\n')
    await machine.put('/sys/module/kvm_intel/parameters/nested', 'N\n')
    await machine.put('/etc/modprobe.d/alsa-base.conf', 'options snd-hda-intel model=auto\n')
    await machine.addStandIn('modprobe', MODPROBE)
    app.registry.register(hostId, machine)
    const hardware = new HardwarePage(page)

    await test.step('preview and apply the modprobe method, behind a confirmation', async () => {
      await page
        .getByRole('navigation', { name: 'Hosts' })
        .getByRole('button', { name: /Lab machine/ })
        .click()
      await hardware.openPanel('Nested virtualization')
      await expect(hardware.nestedState).toContainText('Off (N)')
      await hardware.enableNested.getByRole('button', { name: 'Preview changes' }).click()
      await expect(hardware.preview('Module option (modprobe)')).toContainText('$ modprobe -r kvm_intel')
      await hardware.enableNested.getByRole('button', { name: 'Apply…' }).click()
      const dialog = page.getByRole('dialog', { name: 'Apply to Lab machine?' })
      await dialog.getByRole('button', { name: 'Apply changes' }).click()
      await expect(dialog).toBeHidden()
      await expect(hardware.enableNested.getByRole('status')).toContainText('Nested now: on')
      await expect(hardware.nestedState).toContainText('On (Y)')
      await expect(hardware.nestedState).toContainText('On (persistent)')
      expect(await machine.get(NESTED_CONF)).toContain('options kvm-intel nested=1')
    })

    await test.step('the change is listed, and Undo puts the machine back', async () => {
      const changes = hardware.main.getByRole('region', { name: 'Applied changes' })
      await changes.getByRole('button', { name: /^Undo: Nested KVM on for kvm_intel/ }).click()
      const dialog = page.getByRole('dialog', { name: 'Undo on Lab machine?' })
      await expect(dialog).toContainText(`Remove ${NESTED_CONF} (VirtDeck created it)`)
      await dialog.getByRole('button', { name: 'Undo change' }).click()
      await expect(dialog).toBeHidden()
      await expect(changes).toContainText('Undone')
      await expect(hardware.nestedState).toContainText('Off (N)')
      expect(existsSync(machine.mapPath(NESTED_CONF))).toBe(false)
    })
  } finally {
    await machine.dispose()
    await rm(noVms, { force: true })
  }
})

test('Nested virtualization, guest side: a VM gets the host CPU (real libvirtd)', async ({ page, app }) => {
  const name = `vd-e2e-guest-${process.pid}`
  const xml = join(tmpdir(), `${name}.xml`)
  await writeFile(
    xml,
    `<domain type='kvm'><name>${name}</name><memory unit='KiB'>65536</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os></domain>\n`,
  )
  execFileSync('virsh', ['-q', '-c', 'qemu:///system', 'define', '--file', xml])
  try {
    const hardware = new HardwarePage(page)
    await hardware.openPanel('Nested virtualization')
    const guest = hardware.main.getByRole('region', { name: 'Guest side: pass the CPU through' })
    await guest.getByLabel('Virtual machine name').fill(name)
    await guest.getByRole('button', { name: 'Preview XML change' }).click()
    await expect(guest.getByLabel(`Changes to the definition of ${name}`)).toContainText(
      "+  <cpu mode='host-passthrough' check='none' migratable='on'/>",
    )
    await expect(guest.getByRole('region', { name: 'How to verify inside the guest' })).toContainText(
      'virt-host-validate qemu',
    )
    await guest.getByRole('button', { name: `Apply to ${name}…` }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Apply changes' }).click()
    await expect(guest.getByRole('status')).toContainText(`${name} now uses the host CPU`)
    expect(
      execFileSync('virsh', ['-c', 'qemu:///system', 'dumpxml', '--inactive', '--domain', name], {
        encoding: 'utf8',
      }),
    ).toContain("mode='host-passthrough'")
    expect(app.store.audit.list(5)[0]).toMatchObject({ action: 'vm.cpu.host-passthrough', outcome: 'ok' })
  } finally {
    execFileSync('virsh', ['-q', '-c', 'qemu:///system', 'undefine', '--domain', name])
  }
})
