import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { explainLibvirtFailure, parseVirshVersion } from './host-probe.js'

const run = promisify(execFile)

/** What virsh says, for real, to a user outside the libvirt group (run as `nobody`). */
async function virshAsNobody(uri: string): Promise<string> {
  try {
    await run('runuser', ['-u', 'nobody', '--', 'virsh', '-c', uri, 'version'])
    return ''
  } catch (error) {
    return (error as { stderr: string }).stderr
  }
}

describe('explaining why libvirt cannot be reached', () => {
  it.runIf(process.getuid?.() === 0)(
    'offers qemu:///session to a user who may not use the system instance (real virsh as nobody)',
    async () => {
      const stderr = await virshAsNobody('qemu:///system')
      expect(stderr).toMatch(/Permission denied|polkit|system bus/)
      const explained = explainLibvirtFailure('qemu:///system', stderr, 'This computer')
      expect(explained.suggestedUri).toBe('qemu:///session')
      expect(explained.problem).toMatch(/libvirt group/)
    },
  )

  it('reads a polkit refusal without D-Bus the same way (text from a machine without a system bus)', () => {
    const stderr =
      'error: failed to connect to the hypervisor\nerror: internal error: Unable to get system bus connection: Could not connect: No such file or directory'
    expect(explainLibvirtFailure('qemu:///system', stderr, 'NAS').suggestedUri).toBe('qemu:///session')
  })

  it.runIf(process.getuid?.() === 0)(
    'says libvirt is not running when its socket is missing (real virsh)',
    async () => {
      const stderr = await virshAsNobody('qemu+unix:///system?socket=/nonexistent/sock')
      const explained = explainLibvirtFailure('qemu+unix:///system?socket=/nonexistent/sock', stderr, 'NAS')
      expect(explained.problem).toMatch(/libvirt is not running on NAS/)
      expect(explained.suggestedUri).toBeUndefined()
    },
  )

  it('reads versions from virsh version', () => {
    const text =
      'Compiled against library: libvirt 9.0.0\nUsing library: libvirt 9.0.0\nUsing API: QEMU 9.0.0\nRunning hypervisor: QEMU 7.2.22\n'
    expect(parseVirshVersion(text)).toEqual({ libvirt: '9.0.0', hypervisor: '7.2.22' })
  })
})
