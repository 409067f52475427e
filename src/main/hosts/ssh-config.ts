import type { SshConfigEntry } from '@shared/hosts.js'

/**
 * Reads the `Host` blocks of an OpenSSH client config (Host, HostName, User, Port, IdentityFile).
 * Wildcard patterns and `Match` blocks are not hosts one can connect to and are skipped;
 * `Host *` defaults apply to the entries that lack a value, as ssh does (first value wins).
 */
export function parseSshConfig(text: string, homeDir: string): SshConfigEntry[] {
  interface Block {
    aliases: string[]
    wildcard: boolean
    values: Map<string, string>
  }
  const blocks: Block[] = []
  let current: Block | undefined
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim()
    if (!line || line.startsWith('#')) continue
    const match = /^(\S+?)(?:\s*=\s*|\s+)(.+)$/.exec(line)
    if (!match?.[1] || match[2] === undefined) continue
    const key = match[1].toLowerCase()
    const value = match[2].trim().replace(/^"(.*)"$/, '$1')
    if (key === 'host') {
      const aliases = value.split(/\s+/)
      current = { aliases, wildcard: aliases.some((a) => /[*?!]/.test(a)), values: new Map() }
      blocks.push(current)
    } else if (key === 'match') {
      current = undefined
    } else if (current && !current.values.has(key)) {
      current.values.set(key, value)
    }
  }
  const defaults = blocks.filter((b) => b.aliases.includes('*'))
  const lookup = (block: Block, key: string): string | undefined =>
    block.values.get(key) ?? defaults.map((d) => d.values.get(key)).find((v) => v !== undefined)
  const expand = (path: string): string => path.replace(/^~(?=\/|$)/, homeDir)
  const entries: SshConfigEntry[] = []
  for (const block of blocks) {
    if (block.wildcard) continue
    for (const alias of block.aliases) {
      const port = Number.parseInt(lookup(block, 'port') ?? '22', 10)
      const entry: SshConfigEntry = {
        alias,
        hostname: lookup(block, 'hostname') ?? alias,
        port: Number.isFinite(port) ? port : 22,
      }
      const user = lookup(block, 'user')
      if (user) entry.username = user
      const identity = lookup(block, 'identityfile')
      if (identity) entry.identityFile = expand(identity)
      entries.push(entry)
    }
  }
  return entries
}
