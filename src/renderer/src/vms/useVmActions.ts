import { useCallback, useMemo, useState } from 'react'
import type { VmAction } from '@shared/vms.js'
import type { DomainSummary } from '@shared/vms.js'
import { useSetVmAutostart, useVmAction } from '../api/useVmMutations'
import { toAppError } from '../api/errors'
import { useNetworkChange } from '../api/useNetworks'
import { notifyFailure, notifySuccess } from '../notify/notify'

export const ACTION_WORDS: Record<VmAction, { label: string; doing: string; done: string; failed: string }> =
  {
    start: { label: 'Start', doing: 'Starting', done: 'Started', failed: 'Could not start' },
    shutdown: {
      label: 'Shut down',
      doing: 'Shutting down',
      done: 'Asked to shut down',
      failed: 'Could not shut down',
    },
    reboot: { label: 'Reboot', doing: 'Rebooting', done: 'Asked to reboot', failed: 'Could not reboot' },
    destroy: { label: 'Force off', doing: 'Forcing off', done: 'Forced off', failed: 'Could not force off' },
    suspend: { label: 'Pause', doing: 'Pausing', done: 'Paused', failed: 'Could not pause' },
    resume: { label: 'Resume', doing: 'Resuming', done: 'Resumed', failed: 'Could not resume' },
  }

const MESSAGES: Partial<Record<VmAction, string>> = {
  shutdown: 'The guest was sent the ACPI power button; it may take a while, or ignore it.',
  reboot: 'The guest was sent the ACPI reboot request.',
}

export interface VmActions {
  /** What is running for a VM right now (by `hostId/uuid`), e.g. "Starting". */
  busy: ReadonlyMap<string, string>
  run(vm: DomainSummary, action: VmAction): void
  setAutostart(vm: DomainSummary, enabled: boolean): void
  /** Marks a VM busy for work done elsewhere (delete); returns the function that clears it. */
  mark(vm: DomainSummary, doing: string): () => void
}

export function vmKey(vm: { hostId: string; uuid: string }): string {
  return `${vm.hostId}/${vm.uuid}`
}

/** Runs an action on a VM: marks its row busy, awaits, and tells the result in a notification tied to that VM. */
export function useVmActions(): VmActions {
  const action = useVmAction()
  const autostart = useSetVmAutostart()
  const [busy, setBusy] = useState<ReadonlyMap<string, string>>(new Map())

  const startNetwork = useNetworkChange().mutateAsync
  const runAction = action.mutateAsync
  const runAutostart = autostart.mutateAsync

  const mark = useCallback((vm: DomainSummary, doing: string): (() => void) => {
    const key = vmKey(vm)
    setBusy((current) => new Map(current).set(key, doing))
    return () =>
      setBusy((current) => {
        const next = new Map(current)
        next.delete(key)
        return next
      })
  }, [])

  const run = useCallback(
    function run(vm: DomainSummary, which: VmAction): void {
      const words = ACTION_WORDS[which]
      const clear = mark(vm, words.doing)
      // mutateAsync, not mutate: several rows may be busy at once, and each needs its own outcome.
      runAction({ hostId: vm.hostId, uuid: vm.uuid, name: vm.name, action: which })
        .then(
          () =>
            notifySuccess(
              `vm:${vmKey(vm)}`,
              `${words.done}: ${vm.name}`,
              MESSAGES[which] ?? `${vm.name}: ${words.done.toLowerCase()}.`,
            ),
          (error: unknown) => {
            const network = networkToStart(error)
            notifyFailure({
              id: `vm:${vmKey(vm)}`,
              title: `${words.failed} ${vm.name}`,
              error,
              ...(network === undefined
                ? {}
                : {
                    fix: {
                      label: `Start the network “${network}”`,
                      run: () => {
                        startNetwork({ kind: 'start', hostId: vm.hostId, name: network }).then(
                          () => run(vm, which),
                          (startError: unknown) =>
                            notifyFailure({
                              id: `network:${vm.hostId}/${network}`,
                              title: `Could not start the network ${network}`,
                              error: startError,
                            }),
                        )
                      },
                    },
                  }),
            })
          },
        )
        .finally(clear)
    },
    [mark, runAction, startNetwork],
  )

  const setAutostart = useCallback(
    (vm: DomainSummary, enabled: boolean): void => {
      const clear = mark(vm, enabled ? 'Turning autostart on' : 'Turning autostart off')
      runAutostart({ hostId: vm.hostId, uuid: vm.uuid, name: vm.name, enabled })
        .then(
          () =>
            notifySuccess(
              `vm:${vmKey(vm)}`,
              `Autostart ${enabled ? 'on' : 'off'}: ${vm.name}`,
              enabled
                ? `${vm.name} starts when the host boots.`
                : `${vm.name} no longer starts when the host boots.`,
            ),
          (error: unknown) =>
            notifyFailure({
              id: `vm:${vmKey(vm)}`,
              title: `Could not change autostart of ${vm.name}`,
              error,
            }),
        )
        .finally(clear)
    },
    [mark, runAutostart],
  )

  return useMemo(() => ({ busy, mark, run, setAutostart }), [busy, mark, run, setAutostart])
}

/** The network libvirt named when a start failed because it is inactive (main puts it in `data.fix`). */
export function networkToStart(error: unknown): string | undefined {
  const fix = toAppError(error).data?.['fix']
  if (typeof fix !== 'object' || fix === null) return undefined
  const { kind, network } = fix as { kind?: unknown; network?: unknown }
  return kind === 'start-network' && typeof network === 'string' ? network : undefined
}
