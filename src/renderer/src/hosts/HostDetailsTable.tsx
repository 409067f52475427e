import { Table } from '@mantine/core'
import type { JSX } from 'react'
import type { AuthMethod, HostView } from '@shared/hosts.js'

const AUTH_LABELS: Record<AuthMethod, string> = {
  agent: 'SSH agent',
  key: 'Key file',
  password: 'Password',
}

function authText(host: HostView): string {
  if (!host.auth) return '—'
  const saved = host.hasSecret ? (host.auth === 'password' ? ' (saved)' : ' (passphrase saved)') : ''
  return `${AUTH_LABELS[host.auth]}${host.auth === 'key' && host.keyPath ? `: ${host.keyPath}` : ''}${saved}`
}

/** The connection profile of a host, as label/value rows. */
export function HostDetailsTable({ host }: { host: HostView }): JSX.Element {
  const rows: [string, string][] =
    host.kind === 'local'
      ? [
          ['Connection', 'This computer'],
          ['libvirt URI', host.libvirtUri],
        ]
      : [
          ['Connection', 'SSH'],
          ['Address', host.hostname ?? '—'],
          ['Port', String(host.port ?? 22)],
          ['User', host.username ?? '—'],
          ['Authentication', authText(host)],
          ['libvirt URI', host.libvirtUri],
        ]
  return (
    <Table variant="vertical" layout="fixed" withTableBorder aria-label="Connection settings">
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th w={160}>{label}</Table.Th>
            <Table.Td style={{ wordBreak: 'break-word' }}>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}
