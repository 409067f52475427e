import type { HostInputParsed } from '@shared/hosts.js'
import type { HostRecord } from '../store/hosts-repo.js'

/** The profile a validated Add/Edit host form describes (its secret is kept apart). */
export function hostRecordFromInput(id: string, input: HostInputParsed, createdAt: string): HostRecord {
  if (input.kind === 'local')
    return { id, name: input.name, kind: 'local', libvirtUri: input.libvirtUri, createdAt }
  return {
    id,
    name: input.name,
    kind: 'ssh',
    hostname: input.hostname,
    port: input.port,
    username: input.username,
    auth: input.auth,
    libvirtUri: input.libvirtUri,
    createdAt,
    ...(input.auth === 'key' && input.keyPath !== undefined ? { keyPath: input.keyPath } : {}),
  }
}
