import type { UseMutationResult } from '@tanstack/react-query'
import type { AppError } from '@shared/errors.js'
import type { LifecycleChange } from '../api/lifecycleChange'
import { notifyFailure } from '../notify/notify'

/** What start/stop and autostart need of a libvirt network or storage pool. */
export interface LifecycleObject {
  name: string
  active: boolean
  autostart: boolean
  /** Only a defined (not transient) object can start by itself. */
  persistent: boolean
}

export interface LifecycleActions {
  /** A change to the object of this name is running. */
  busy(name: string): boolean
  startOrStop(object: LifecycleObject): void
  setAutostart(object: LifecycleObject, enabled: boolean): void
}

/**
 * Start/stop and autostart of one host's networks or pools through their change mutation; a failure is
 * a notification tied to the object (`network:<hostId>/<name>`, `pool:…`), so a repeat replaces it.
 */
export function lifecycleActions<T>(
  change: UseMutationResult<T, AppError, LifecycleChange>,
  hostId: string,
  kind: 'network' | 'pool',
): LifecycleActions {
  const run = (what: LifecycleChange, failed: string): void =>
    change.mutate(what, {
      onError: (error) => notifyFailure({ id: `${kind}:${hostId}/${what.name}`, title: failed, error }),
    })
  return {
    busy: (name) => change.isPending && change.variables.name === name,
    startOrStop: ({ name, active }) =>
      run(
        { kind: active ? 'stop' : 'start', hostId, name },
        `Could not ${active ? 'stop' : 'start'} ${name}`,
      ),
    setAutostart: ({ name }, enabled) =>
      run({ kind: 'autostart', hostId, name, enabled }, `Could not change autostart of ${name}`),
  }
}
