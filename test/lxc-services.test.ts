/**
 * LXC's services and install on TEMP-ROOT hosts (a folder standing for "/") with recording
 * stand-ins for systemctl / apt-get / yum — starting lxc-net for real would create lxcbr0 on this
 * shared machine, which other tests need absent. Debian and a RHEL-family os-release; with and
 * without systemd.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '@shared/errors.js'
import {
  installLxc,
  lxcInstallCommands,
  lxcServices,
  startLxcService,
} from '../src/main/containers/lxc/services.js'
import { TempRootHost } from './support/temp-root-host.js'

const hosts: TempRootHost[] = []
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.dispose()
})

/** A systemctl stand-in whose services are "active" once started (state in a file). */
const SYSTEMCTL = `f="$VIRTDECK_TEST_ROOT/run/started"
case "$1" in
  is-active) if grep -Fxq -- "$2" "$f"; then echo active; else echo inactive; exit 3; fi ;;
  is-enabled) echo enabled ;;
  start) echo "$2" >> "$f" ;;
esac`

async function machine(osRelease: string, systemd: boolean): Promise<TempRootHost> {
  const h = await TempRootHost.create()
  hosts.push(h)
  await h.put('/etc/os-release', osRelease)
  await h.put('/run/started', '')
  if (systemd) await h.put('/run/systemd/system/.present', '')
  await h.addStandIn('systemctl', SYSTEMCTL)
  await h.addStandIn('apt-get', 'exit 0')
  await h.addStandIn('yum', 'echo "Cannot find a valid baseurl for repo: base" >&2; exit 1')
  await h.addStandIn('ip', 'exit 1')
  return h
}

const DEBIAN = 'ID=debian\nVERSION_ID="12"\n'
const ROCKY = 'ID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.3"\n'

describe('LXC services and install (temp-root hosts, stand-ins)', () => {
  it('temp-root Debian with systemd: lxc and lxc-net, inactive → started as root → active', async () => {
    const h = await machine(DEBIAN, true)
    const before = await lxcServices(h)
    expect(before.map((s) => [s.name, s.state])).toEqual([
      ['lxc', 'inactive'],
      ['lxc-net', 'inactive'],
    ])
    expect(before[1]?.purpose).toContain('lxcbr0')
    const after = await startLxcService(h, 'lxc-net')
    expect(after.state).toBe('active')
    expect(h.privilegedCalls.map((c) => [c.file, ...c.args].join(' '))).toContain(
      'systemctl start lxc-net.service',
    )
  })

  it('temp-root RHEL family: libvirtd is listed too; install runs epel-release first and reports the package manager’s failure', async () => {
    const h = await machine(ROCKY, true)
    expect((await lxcServices(h)).map((s) => s.name)).toEqual(['lxc', 'lxc-net', 'libvirtd'])
    expect(await lxcInstallCommands(h)).toEqual([
      ['yum', 'install', '-y', 'epel-release'],
      ['yum', 'install', '-y', 'lxc', 'lxc-templates', 'libvirt'],
    ])
    const messages: string[] = []
    const error = await installLxc(h, (m) => messages.push(m)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).message).toContain('yum install -y epel-release')
    expect((error as AppError).detail).toContain('Cannot find a valid baseurl')
    expect(messages).toEqual(['Running yum install -y epel-release…'])
  })

  it('temp-root Debian without systemd and without init scripts: state from lxcbr0, nothing to start it with', async () => {
    const h = await machine(DEBIAN, false)
    const services = await lxcServices(h)
    expect(services.find((s) => s.name === 'lxc-net')).toMatchObject({ state: 'inactive' })
    expect(services.find((s) => s.name === 'lxc')?.startCommand).toBeUndefined()
    const error = await startLxcService(h, 'lxc-net').catch((e: unknown) => e)
    expect((error as AppError).code).toBe('COMMAND_NOT_FOUND')
    expect(await lxcInstallCommands(h)).toEqual([['apt-get', 'install', '-y', 'lxc']])
    await installLxc(h, () => undefined)
    expect(h.privilegedCalls.at(-1)).toMatchObject({ file: 'apt-get', args: ['install', '-y', 'lxc'] })
  })
})
