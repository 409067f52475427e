import type { HostChangeRecord, UndoSummary } from '../changes.js'
import { changeInputSchema, changeUndoInputSchema, changesListInputSchema } from '../changes.js'
import { call, stream } from './define.js'

/** Every change VirtDeck made: list, verify, undo. */
export const changesChannels = {
  /** Every change VirtDeck made, on one host or all, newest first. */
  'changes.list': call<HostChangeRecord[]>()(changesListInputSchema),
  'changes.get': call<HostChangeRecord>()(changeInputSchema),
  /** Re-reads the state the change was meant to produce (e.g. after the reboot it needed). */
  'changes.verify': call<HostChangeRecord>()(changeInputSchema),
  /** Undoes any change: files from their backups, VM definitions from the XML history, commands re-run. */
  'changes.undo': stream<{ change: HostChangeRecord; undo: UndoSummary }>()(changeUndoInputSchema),
} as const
