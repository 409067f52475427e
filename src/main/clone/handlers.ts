import type { Handlers } from '../ipc/router.js'
import type { CloneService } from './clone-service.js'

export function cloneHandlers(clones: CloneService): Pick<Handlers, 'vms.clone'> {
  return {
    'vms.clone': async ({ clone, ...vm }, context) => clones.clone(vm, clone.name, clone.mode, context),
  }
}
