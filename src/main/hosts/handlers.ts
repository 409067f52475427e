import type { Handlers } from '../ipc/router.js'
import type { HostService } from './host-service.js'

type HostChannels =
  | 'hosts.list'
  | 'hosts.get'
  | 'hosts.add'
  | 'hosts.update'
  | 'hosts.remove'
  | 'hosts.connect'
  | 'hosts.disconnect'
  | 'hosts.test'
  | 'hosts.testDraft'
  | 'hosts.acceptKey'
  | 'hosts.forgetKey'
  | 'hosts.sshConfig'

export function hostHandlers(hosts: HostService): Pick<Handlers, HostChannels> {
  return {
    'hosts.list': async () => hosts.list(),
    'hosts.get': async ({ id }) => hosts.get(id),
    'hosts.add': async (input) => hosts.add(input),
    'hosts.update': async ({ id, host }) => hosts.update(id, host),
    'hosts.remove': async ({ id }) => hosts.remove(id),
    'hosts.connect': async ({ id }) => hosts.connect(id),
    'hosts.disconnect': async ({ id }) => hosts.disconnect(id),
    'hosts.test': async ({ id }, context) => hosts.test(id, context),
    'hosts.testDraft': async (input, context) => hosts.testDraft(input, context),
    'hosts.acceptKey': async ({ address, keyType, fingerprint }) =>
      hosts.acceptKey(address, keyType, fingerprint),
    'hosts.forgetKey': async ({ address }) => hosts.forgetKey(address),
    'hosts.sshConfig': async () => hosts.sshConfig(),
  }
}
