import { z } from 'zod'
import type { ErrorCode } from './errors.js'

export const HOST_STATUSES = ['disconnected', 'connecting', 'connected', 'error'] as const
export type HostStatus = (typeof HOST_STATUSES)[number]

/** The live connection state of a host, shown in the sidebar. */
export interface HostConnectionState {
  status: HostStatus
  /** Why it is in `error` (or why it is reconnecting), in the user's words. */
  reason?: string
  code?: ErrorCode
  /** Reconnect attempt number while reconnecting after a drop. */
  attempt?: number
  /** When the next reconnect attempt is due (ms since epoch). */
  nextRetryAt?: number
}

export const AUTH_METHODS = ['agent', 'key', 'password'] as const
export type AuthMethod = (typeof AUTH_METHODS)[number]

const hostName = z
  .string()
  .trim()
  .min(1, 'Give the host a name')
  .max(100, 'A host name has at most 100 characters')
  .refine(
    (s) => ![...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f),
    'A host name cannot contain control characters',
  )

/**
 * Local driver URIs only, without a query: libvirt's own transports and URI parameters can run a
 * program (`qemu+ext:///system?command=…`, `netcat=`), pick a socket (`socket=`) or skip checks
 * (`no_verify=1`). Remote machines are reached through VirtDeck's SSH connection, where virsh runs.
 * The test driver may also name a node file (`test:///path/to/node.xml`): it only reads it.
 */
const LOCAL_LIBVIRT_URI = /^(qemu|xen|lxc|ch|test)(\+unix)?:\/\/\/(system|session|default)$/
const TEST_NODE_FILE_URI = /^test:\/\/\/[A-Za-z0-9._@,+=-][A-Za-z0-9._@,+=/-]*\.xml$/

/** Why a libvirt URI is refused (undefined when it is allowed). Checked on input and on every stored profile before use. */
export function libvirtUriProblem(uri: string): string | undefined {
  if (LOCAL_LIBVIRT_URI.test(uri) || TEST_NODE_FILE_URI.test(uri)) return undefined
  return `The libvirt URI ${JSON.stringify(uri.slice(0, 200))} is not allowed: VirtDeck accepts only local driver URIs without parameters, such as qemu:///system or qemu:///session (remote machines are reached through VirtDeck's own SSH connection, never libvirt's transports).`
}

const libvirtUri = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .superRefine((uri, ctx) => {
    const problem = libvirtUriProblem(uri)
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem })
  })

/** A DNS name, IPv4 or IPv6 address: no spaces, no leading dash (it would read as an ssh option). */
const sshHostname = z
  .string()
  .trim()
  .min(1, 'Give the address of the machine')
  .max(253)
  .regex(/^[A-Za-z0-9_.:%[\]-]+$/, 'An address has only letters, digits, dots, colons and dashes')
  .refine((s) => !s.startsWith('-'), 'An address cannot start with a dash')

const sshUser = z
  .string()
  .trim()
  .min(1, 'Give the user name to log in as')
  .max(64)
  .regex(
    /^[A-Za-z0-9_.][A-Za-z0-9_.@-]*\$?$/,
    'A user name has only letters, digits, dots, dashes and underscores',
  )

export const localHostInputSchema = z.object({
  kind: z.literal('local'),
  name: hostName,
  libvirtUri: libvirtUri.default('qemu:///system'),
})

export const sshHostInputSchema = z
  .object({
    kind: z.literal('ssh'),
    name: hostName,
    hostname: sshHostname,
    port: z.number().int().min(1).max(65535).default(22),
    username: sshUser,
    auth: z.enum(AUTH_METHODS),
    keyPath: z.string().trim().min(1).max(4096).optional(),
    /** Password (auth=password) or key passphrase (auth=key). Kept only in the secret store. */
    secret: z.string().max(4096).optional(),
    libvirtUri: libvirtUri.default('qemu:///system'),
  })
  .refine((h) => h.auth !== 'key' || h.keyPath !== undefined, {
    message: 'Choose the private key file',
    path: ['keyPath'],
  })

export const hostInputSchema = z.discriminatedUnion('kind', [localHostInputSchema, sshHostInputSchema])
export type HostInput = z.input<typeof hostInputSchema>
export type HostInputParsed = z.output<typeof hostInputSchema>

/** A saved connection profile, as the UI sees it (never with its secret). */
export interface HostProfile {
  id: string
  name: string
  kind: 'local' | 'ssh'
  hostname?: string
  port?: number
  username?: string
  auth?: AuthMethod
  keyPath?: string
  libvirtUri: string
  /** A password or passphrase is kept in the secret store. */
  hasSecret: boolean
  createdAt: string
}

export interface HostView extends HostProfile {
  state: HostConnectionState
}

/** An edited host; when its endpoint changed and no new password came with it, the saved one was forgotten. */
export interface HostUpdateResult extends HostView {
  secretCleared?: true
  /** What the user should know about the edit, in their words. */
  notice?: string
}

/** What "Test connection" found. */
export interface HostTestReport {
  hostname: string
  os: string
  kernel: string
  libvirtVersion?: string
  qemuVersion?: string
  libvirtUri: string
  /** Set when the libvirt URI could not be reached (with what to do), e.g. no access to qemu:///system. */
  libvirtProblem?: string
  /** A URI that works instead, e.g. qemu:///session, when the configured one does not. */
  suggestedUri?: string
  latencyMs: number
}

/** An SSH host key that the user has not accepted yet. */
export interface HostKeyInfo {
  hostId: string
  address: string
  keyType: string
  fingerprint: string
}

/** One entry of ~/.ssh/config, offered for import. */
export interface SshConfigEntry {
  alias: string
  hostname: string
  port: number
  username?: string
  identityFile?: string
}
