import type { Handlers } from '../ipc/router.js'
import type { ChangesService } from './changes-service.js'

export function changesHandlers(
  changes: ChangesService,
): Pick<Handlers, 'changes.list' | 'changes.get' | 'changes.verify' | 'changes.undo'> {
  return {
    'changes.list': async (filter) => changes.list(filter),
    'changes.get': async ({ changeId }) => changes.get(changeId),
    'changes.verify': async ({ changeId }) => changes.verify(changeId),
    'changes.undo': async ({ changeId, force }, context) => changes.undo(changeId, force, context),
  }
}
