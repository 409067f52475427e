import { Text, Tooltip } from '@mantine/core'
import type { JSX } from 'react'
import type { DomainSummary } from '@shared/vms.js'
import { sortAddresses, useHostAddresses } from './useAddresses'

const SOURCE_WORDS = { lease: 'DHCP lease', agent: 'guest agent', arp: 'ARP table' } as const

/** The VM list's Addresses cell: the first address (more on hover) of a running VM; a dash otherwise. */
export function VmAddressesCell({ vm }: { vm: DomainSummary }): JSX.Element {
  const running = vm.state === 'running'
  const all = useHostAddresses(vm.hostId, running)
  const mine = sortAddresses(all.data?.find((a) => a.uuid === vm.uuid)?.addresses ?? [])
  if (!running || mine.length === 0)
    return (
      <Text size="sm" c="dimmed" aria-label={running ? `${vm.name}: no address known yet` : undefined}>
        —
      </Text>
    )
  const first = mine[0]
  const label = mine.map((a) => `${a.address} (${a.interface}, ${SOURCE_WORDS[a.source]})`).join('\n')
  return (
    <Tooltip label={label} multiline style={{ whiteSpace: 'pre-line' }}>
      <Text
        size="sm"
        ff="monospace"
        truncate
        aria-label={`Addresses of ${vm.name}: ${mine.map((a) => a.address).join(', ')}`}
      >
        {first?.address.replace(/\/\d+$/, '')}
        {mine.length > 1 ? ` +${mine.length - 1}` : ''}
      </Text>
    </Tooltip>
  )
}
