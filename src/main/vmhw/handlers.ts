import type { Handlers } from '../ipc/router.js'
import type { VmHardwareService } from './service.js'

type VmhwChannels = 'vmhw.view' | 'vmhw.preview' | 'vmhw.apply' | 'vmhw.hostDevices' | 'vmhw.resize'

/** The Hardware tab: read, preview an edit, apply it (change engine + live steps), host devices, grow a disk. */
export function vmhwHandlers(service: VmHardwareService): Pick<Handlers, VmhwChannels> {
  return {
    'vmhw.view': async ({ hostId, vm }) => service.view(hostId, vm),
    'vmhw.preview': async ({ hostId, vm, edit }) => service.preview(hostId, vm, edit),
    'vmhw.apply': async ({ hostId, planId }, context) => service.apply(hostId, planId, context),
    'vmhw.hostDevices': async ({ hostId }) => service.hostDevices(hostId),
    'vmhw.resize': async ({ hostId, vm, target, sizeGiB }) => service.resize(hostId, vm, target, sizeGiB),
  }
}
