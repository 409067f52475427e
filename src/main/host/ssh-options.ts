import type { PasswordPrompter } from './host.js'
import type { HostKeyInfo } from './host-key.js'

export type SshAuth =
  | { method: 'agent'; agentSocket?: string }
  | { method: 'key'; privateKey: Buffer; passphrase?: string }
  | { method: 'password'; password: string }

/** What the app's known-hosts store says about a key: trusted, never seen, or different from the accepted one. */
export type HostKeyVerdict = 'trusted' | 'unknown' | 'changed'

export interface ReconnectPolicy {
  initialDelayMs: number
  maxDelayMs: number
  /** Give up (state `error`) after this many failed attempts; unlimited when absent. */
  maxAttempts?: number
}

export interface SshHostOptions {
  id: string
  hostname: string
  port: number
  username: string
  auth: SshAuth
  verifyHostKey: (key: HostKeyInfo) => HostKeyVerdict
  /** Asks for the sudo password in privileged(). */
  prompter?: PasswordPrompter
  /** SSH-level keepalive; the connection counts as lost after 3 unanswered. Default 15 s. */
  keepaliveIntervalMs?: number
  /** TCP connect, handshake and authentication together. Default 15 s. */
  connectTimeoutMs?: number
  /** After a drop. Default: 1 s doubling to 30 s, never giving up. */
  reconnect?: ReconnectPolicy
}

export const DEFAULT_KEEPALIVE_MS = 15_000
export const DEFAULT_CONNECT_TIMEOUT_MS = 15_000
export const DEFAULT_RECONNECT: ReconnectPolicy = { initialDelayMs: 1000, maxDelayMs: 30_000 }
/** OpenSSH's MaxSessions is 10 by default; keep one for SFTP and one spare. */
export const MAX_EXEC_CHANNELS = 8
