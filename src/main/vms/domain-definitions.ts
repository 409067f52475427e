import type { DomainDefinitions } from '../changes/domains.js'
import { AppError } from '@shared/errors.js'
import { domainNotFound } from '../libvirt/domain-ref.js'
import type { LibvirtConnections } from './libvirt-connections.js'
import type { VmService } from './vm-service.js'

/**
 * The change engine's access to VM definitions: read as libvirt keeps them, defined and restored
 * through the VM service, so every change to a domain lands in its XML history and refreshes the
 * VM in every window, exactly as an edit in the XML tab does.
 */
export function domainDefinitions(connections: LibvirtConnections, vms: VmService): DomainDefinitions {
  return {
    async current(hostId, vm) {
      const conn = await connections.get(hostId)
      try {
        return await conn.read(['dumpxml', '--domain', vm.uuid, '--inactive'])
      } catch (error) {
        throw domainNotFound(error, vm.name, conn.where)
      }
    },
    async define(hostId, vm, xml, reason) {
      const result = await vms.define(
        { hostId, uuid: vm.uuid, name: vm.name },
        xml,
        reason,
        undefined,
        vm.dropGraphicsSecrets === undefined ? {} : { dropGraphicsSecrets: vm.dropGraphicsSecrets },
      )
      if (result.historyId === undefined)
        throw new AppError('CONFLICT', `${vm.name} already has this definition; nothing was defined.`)
      return result.historyId
    },
    async restore(hostId, historyId) {
      await vms.restore(hostId, historyId)
    },
  }
}
