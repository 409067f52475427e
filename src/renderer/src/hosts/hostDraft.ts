import type { AuthMethod, HostInput, HostView } from '@shared/hosts.js'
import { hostInputSchema } from '@shared/hosts.js'

/** What the Add/Edit host dialog holds: every field as typed, kept whatever fails. */
export interface HostDraft {
  kind: 'local' | 'ssh'
  name: string
  hostname: string
  port: number | string
  username: string
  auth: AuthMethod
  keyPath: string
  /** Password or key passphrase; empty on edit means "keep the saved one". */
  secret: string
  libvirtUri: string
}

export type DraftField = keyof HostDraft
export type FieldErrors = Partial<Record<DraftField, string>>

export const DEFAULT_LIBVIRT_URI = 'qemu:///system'

export function emptyDraft(): HostDraft {
  return {
    kind: 'ssh',
    name: '',
    hostname: '',
    port: 22,
    username: '',
    auth: 'agent',
    keyPath: '',
    secret: '',
    libvirtUri: DEFAULT_LIBVIRT_URI,
  }
}

export function draftFromHost(host: HostView): HostDraft {
  return {
    kind: host.kind,
    name: host.name,
    hostname: host.hostname ?? '',
    port: host.port ?? 22,
    username: host.username ?? '',
    auth: host.auth ?? 'agent',
    keyPath: host.keyPath ?? '',
    secret: '',
    libvirtUri: host.libvirtUri,
  }
}

export function draftToInput(draft: HostDraft): HostInput {
  const libvirtUri = draft.libvirtUri.trim() === '' ? DEFAULT_LIBVIRT_URI : draft.libvirtUri
  if (draft.kind === 'local') return { kind: 'local', name: draft.name, libvirtUri }
  const input: Extract<HostInput, { kind: 'ssh' }> = {
    kind: 'ssh',
    name: draft.name,
    hostname: draft.hostname,
    port: typeof draft.port === 'number' ? draft.port : Number.NaN,
    username: draft.username,
    auth: draft.auth,
    libvirtUri,
  }
  if (draft.auth === 'key' && draft.keyPath.trim() !== '') input.keyPath = draft.keyPath
  if (draft.auth !== 'agent' && draft.secret !== '') input.secret = draft.secret
  return input
}

const FIELDS: readonly DraftField[] = [
  'kind',
  'name',
  'hostname',
  'port',
  'username',
  'auth',
  'keyPath',
  'secret',
  'libvirtUri',
]

function fieldOf(path: readonly PropertyKey[]): DraftField | undefined {
  const last = path.findLast(
    (segment) => typeof segment === 'string' && (FIELDS as readonly string[]).includes(segment),
  )
  return last as DraftField | undefined
}

export interface DraftProblems {
  fields: FieldErrors
  /** Problems that belong to no field of the form. */
  other: string[]
}

function collect(entries: { path: readonly PropertyKey[]; message: string }[]): DraftProblems {
  const problems: DraftProblems = { fields: {}, other: [] }
  for (const { path, message } of entries) {
    const field = fieldOf(path)
    if (field) problems.fields[field] ??= message
    else problems.other.push(message)
  }
  return problems
}

/** Checks the draft with the same schema main uses, so most mistakes show before anything is sent. */
export function validateDraft(draft: HostDraft): DraftProblems {
  const result = hostInputSchema.safeParse(draftToInput(draft))
  if (result.success) return { fields: {}, other: [] }
  return collect(
    result.error.issues.map((issue) => ({
      path: issue.path,
      message: friendlier(issue.path, issue.message),
    })),
  )
}

function friendlier(path: readonly PropertyKey[], message: string): string {
  return path.at(-1) === 'port' ? 'The port is a number from 1 to 65535' : message
}

/** Main's INVALID_INPUT detail has one `path: message` line per problem (see the IPC router). */
export function problemsFromDetail(detail: string | undefined, fallback: string): DraftProblems {
  if (!detail) return { fields: {}, other: [fallback] }
  return collect(
    detail
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const match = /^([^:\s]+): (.*)$/.exec(line)
        return match?.[1] && match[2] !== undefined
          ? { path: match[1].split('.'), message: match[2] }
          : { path: [], message: line }
      }),
  )
}

export function hasProblems(problems: DraftProblems): boolean {
  return problems.other.length > 0 || Object.keys(problems.fields).length > 0
}
