import { z } from 'zod'
import type { ErrorPayload } from './errors.js'
import { hostInputSchema } from './hosts.js'
import type { HostConnectionState, HostTestReport, HostView, SshConfigEntry } from './hosts.js'
import type { AuditEntry, Settings } from './settings.js'
import { settingsPatchSchema } from './settings.js'

/**
 * The contract between renderer (or CLI, or harness) and main: every channel, its input schema and
 * its result type. Channel names appear here and nowhere else.
 */
interface Call<I extends z.ZodType, O> {
  readonly input: I
  /** Phantom: only carries the result type. */
  readonly output?: O
  /** Long work: reports progress and can be cancelled. */
  readonly streaming: boolean
}

function call<O>(): <I extends z.ZodType>(input: I) => Call<I, O> {
  return (input) => ({ input, streaming: false })
}
function stream<O>(): <I extends z.ZodType>(input: I) => Call<I, O> {
  return (input) => ({ input, streaming: true })
}

const none = z.object({}).strict()
const hostId = z.object({ id: z.string().min(1).max(64) }).strict()
const address = z.string().min(1).max(300)

export const contract = {
  'hosts.list': call<HostView[]>()(none),
  'hosts.get': call<HostView>()(hostId),
  'hosts.add': call<HostView>()(hostInputSchema),
  'hosts.update': call<HostView>()(z.object({ id: z.string().min(1).max(64), host: hostInputSchema }).strict()),
  'hosts.remove': call<{ removed: true }>()(hostId),
  'hosts.connect': call<HostConnectionState>()(hostId),
  'hosts.disconnect': call<HostConnectionState>()(hostId),
  /** Test a saved host: OS, kernel, libvirt and QEMU versions, or the exact failure. */
  'hosts.test': stream<HostTestReport>()(hostId),
  /** Test a host before saving it (from the Add host dialog). */
  'hosts.testDraft': stream<HostTestReport>()(hostInputSchema),
  'hosts.acceptKey': call<{ accepted: true }>()(
    z.object({ address, keyType: z.string().min(1).max(100), fingerprint: z.string().min(1).max(200) }).strict(),
  ),
  'hosts.forgetKey': call<{ forgotten: number }>()(z.object({ address }).strict()),
  'hosts.sshConfig': call<SshConfigEntry[]>()(none),
  'settings.get': call<Settings>()(none),
  'settings.update': call<Settings>()(settingsPatchSchema),
  'audit.list': call<AuditEntry[]>()(z.object({ limit: z.number().int().min(1).max(1000).default(100) }).strict()),
  'prompts.answer': call<{ answered: boolean }>()(
    z.object({ promptId: z.string().min(1).max(64), value: z.string().max(4096).nullable() }).strict(),
  ),
} as const

export type Contract = typeof contract
export type Channel = keyof Contract
export type InputOf<C extends Channel> = z.input<Contract[C]['input']>
export type ParsedInputOf<C extends Channel> = z.output<Contract[C]['input']>
export type OutputOf<C extends Channel> = NonNullable<Contract[C]['output']>

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(contract, value)
}

export interface Progress {
  message: string
  /** 0..1 when known. */
  fraction?: number
}

export interface PasswordPromptEvent {
  promptId: string
  hostId: string
  kind: 'sudo' | 'passphrase' | 'password'
  prompt: string
  reason: string
}

/** Events from main to the renderer. */
export interface Events {
  'host.state': { hostId: string; state: HostConnectionState }
  'hosts.changed': { reason: 'added' | 'updated' | 'removed'; hostId: string }
  'prompt.password': PasswordPromptEvent
  'op.progress': { opId: string; progress: Progress }
}
export type EventName = keyof Events
export const EVENT_NAMES: readonly EventName[] = ['host.state', 'hosts.changed', 'prompt.password', 'op.progress']

/** What crosses the boundary for one call. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload }

/** A request as it crosses a transport (IPC or the harness WebSocket). */
export interface Request {
  channel: string
  input: unknown
  /** Set for streaming calls: progress events carry it, `cancel` names it. */
  opId?: string
}

export interface CallOptions {
  onProgress?: (progress: Progress) => void
  signal?: AbortSignal
}

/** The object the preload exposes as `window.virtdeck` (and the harness shim imitates). */
export interface VirtDeckApi {
  invoke<C extends Channel>(channel: C, input: InputOf<C>, options?: CallOptions): Promise<OutputOf<C>>
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void
}

/** The three Electron IPC channels every call, cancellation and event travels on. */
export const IPC = {
  call: 'virtdeck:call',
  cancel: 'virtdeck:cancel',
  event: 'virtdeck:event',
} as const
