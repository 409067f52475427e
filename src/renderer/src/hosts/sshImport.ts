import type { HostInput, HostView, SshConfigEntry } from '@shared/hosts.js'

export function entryKey(entry: SshConfigEntry): string {
  return entry.alias
}

/** An entry that is already a host (same name, or same user, address and port) is not offered again. */
export function isAlreadyAdded(entry: SshConfigEntry, hosts: readonly HostView[]): boolean {
  return hosts.some(
    (host) =>
      host.name === entry.alias ||
      (host.kind === 'ssh' &&
        host.hostname === entry.hostname &&
        host.port === entry.port &&
        (entry.username === undefined || host.username === entry.username)),
  )
}

/** The host to add for an entry: a key file when it names one, the SSH agent otherwise. */
export function entryToInput(entry: SshConfigEntry, fallbackUser: string): HostInput {
  const base = {
    kind: 'ssh' as const,
    name: entry.alias,
    hostname: entry.hostname,
    port: entry.port,
    username: entry.username ?? fallbackUser,
  }
  return entry.identityFile !== undefined
    ? { ...base, auth: 'key', keyPath: entry.identityFile }
    : { ...base, auth: 'agent' }
}

export function describeEntry(entry: SshConfigEntry): string {
  const user = entry.username !== undefined ? `${entry.username}@` : ''
  const port = entry.port !== 22 ? `:${entry.port}` : ''
  const key = entry.identityFile !== undefined ? ` — key ${entry.identityFile}` : ' — SSH agent'
  return `${user}${entry.hostname}${port}${key}`
}
