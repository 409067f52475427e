import { z } from 'zod'
import type {
  HostConnectionState,
  HostTestReport,
  HostUpdateResult,
  HostView,
  SshConfigEntry,
} from '../hosts.js'
import { hostInputSchema } from '../hosts.js'
import { call, none, stream } from './define.js'

const hostId = z.object({ id: z.string().min(1).max(64) }).strict()
const address = z.string().min(1).max(300)

/** Host profiles, connections, tests, host keys and ~/.ssh/config import. */
export const hostsChannels = {
  'hosts.list': call<HostView[]>()(none),
  'hosts.get': call<HostView>()(hostId),
  'hosts.add': call<HostView>()(hostInputSchema),
  'hosts.update': call<HostUpdateResult>()(
    z.object({ id: z.string().min(1).max(64), host: hostInputSchema }).strict(),
  ),
  'hosts.remove': call<{ removed: true }>()(hostId),
  'hosts.connect': call<HostConnectionState>()(hostId),
  'hosts.disconnect': call<HostConnectionState>()(hostId),
  /** Test a saved host: OS, kernel, libvirt and QEMU versions, or the exact failure. */
  'hosts.test': stream<HostTestReport>()(hostId),
  /** Test a host before saving it (from the Add host dialog). */
  'hosts.testDraft': stream<HostTestReport>()(hostInputSchema),
  'hosts.acceptKey': call<{ accepted: true }>()(
    z
      .object({ address, keyType: z.string().min(1).max(100), fingerprint: z.string().min(1).max(200) })
      .strict(),
  ),
  'hosts.forgetKey': call<{ forgotten: number }>()(z.object({ address }).strict()),
  'hosts.sshConfig': call<SshConfigEntry[]>()(none),
} as const
