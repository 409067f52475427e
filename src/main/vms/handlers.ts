import type { Handlers } from '../ipc/router.js'
import type { VmService } from './vm-service.js'

type VmChannels =
  | 'vms.connection'
  | 'vms.list'
  | 'vms.listAll'
  | 'vms.get'
  | 'vms.details'
  | 'vms.action'
  | 'vms.setAutostart'
  | 'vms.deletionPlan'
  | 'vms.delete'
  | 'vms.xml'
  | 'vms.xmlPreview'
  | 'vms.define'
  | 'vms.history'
  | 'vms.restore'
  | 'vms.capabilities'
  | 'vms.checkName'
  | 'vms.createPreview'
  | 'vms.create'

export function vmHandlers(vms: VmService): Pick<Handlers, VmChannels> {
  return {
    'vms.connection': async ({ hostId }) => vms.connection(hostId),
    'vms.list': async ({ hostId }) => vms.list(hostId),
    'vms.listAll': async () => vms.listAll(),
    'vms.get': async (vm) => vms.get(vm),
    'vms.details': async (vm) => vms.details(vm),
    'vms.action': async ({ action, ...vm }) => vms.action(vm, action),
    'vms.setAutostart': async ({ enabled, ...vm }) => vms.setAutostart(vm, enabled),
    'vms.deletionPlan': async (vm) => vms.deletionPlan(vm),
    'vms.delete': async ({ removeStorage, forceOff, ...vm }) => vms.delete(vm, removeStorage, forceOff),
    'vms.xml': async ({ inactive, ...vm }) => vms.xml(vm, inactive),
    'vms.xmlPreview': async ({ xml, ...vm }) => vms.xmlPreview(vm, xml),
    'vms.define': async ({ xml, reason, baseHash, ...vm }) => vms.define(vm, xml, reason, baseHash),
    'vms.history': async (vm) => vms.history(vm),
    'vms.restore': async ({ hostId, historyId }) => vms.restore(hostId, historyId),
    'vms.capabilities': async ({ hostId }) => vms.capabilities(hostId),
    'vms.checkName': async ({ hostId, name }) => vms.checkName(hostId, name),
    'vms.createPreview': async ({ hostId, spec }) => vms.createPreview(hostId, spec),
    'vms.create': async ({ hostId, spec, start }, context) => vms.create(hostId, spec, start, context),
  }
}
