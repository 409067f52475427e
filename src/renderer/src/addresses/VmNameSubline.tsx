import { Text, Tooltip } from '@mantine/core'
import type { JSX } from 'react'
import type { DomainSummary } from '@shared/vms.js'
import { sortAddresses, useHostAddresses } from './useAddresses'

const SOURCE_WORDS = { lease: 'DHCP lease', agent: 'guest agent', arp: 'ARP table' } as const

/**
 * The small line under a VM's name in the list: its host ("All hosts") and, while it runs, its
 * first IP address (all of them, with where each comes from, on hover). Nothing when neither.
 */
export function VmNameSubline({
  vm,
  hostName,
}: {
  vm: DomainSummary
  hostName?: string
}): JSX.Element | null {
  const running = vm.state === 'running'
  const all = useHostAddresses(vm.hostId, running)
  const mine = running ? sortAddresses(all.data?.find((a) => a.uuid === vm.uuid)?.addresses ?? []) : []
  if (hostName === undefined && mine.length === 0) return null
  const first = mine[0]?.address.replace(/\/\d+$/, '')
  const line = (
    <Text
      size="xs"
      c="dimmed"
      truncate
      {...(first === undefined
        ? {}
        : { 'aria-label': `${vm.name}: ${mine.map((a) => a.address).join(', ')}` })}
    >
      {hostName !== undefined && `on ${hostName}`}
      {hostName !== undefined && first !== undefined && ' · '}
      {first !== undefined && (
        <Text span inherit ff="monospace">
          {first}
          {mine.length > 1 ? ` +${mine.length - 1}` : ''}
        </Text>
      )}
    </Text>
  )
  if (first === undefined) return line
  return (
    <Tooltip
      label={mine.map((a) => `${a.address} (${a.interface}, ${SOURCE_WORDS[a.source]})`).join('\n')}
      multiline
      style={{ whiteSpace: 'pre-line' }}
    >
      {line}
    </Tooltip>
  )
}
