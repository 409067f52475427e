import { Anchor, Stack, Switch, Text } from '@mantine/core'
import type { JSX } from 'react'
import type { VmAction } from '@shared/vms.js'
import type { DomainSummary } from '@shared/vms.js'
import type { Column, SortState } from '../ui/WindowedTable'
import { formatKiB, STATE_WORDS } from './format'
import { VmRowActions } from './VmRowActions'
import { VmNameSubline } from '../addresses/VmNameSubline'
import type { VmConfirmKind } from './VmRowActions'
import { VmStateLabel } from './VmStateLabel'
import { vmKey } from './useVmActions'
import { VmThumbnail } from '../stats/VmThumbnail' // stats
// vagrant: begin
import { VagrantTag } from '../vagrant/VagrantTag'
// vagrant: end

/** A row of the list: the VM and, in "All hosts", the name of its host. */
export interface VmRow {
  vm: DomainSummary
  hostName?: string
}

export interface VmColumnHandlers {
  busy: ReadonlyMap<string, string>
  onOpen(vm: DomainSummary): void
  onAction(vm: DomainSummary, action: VmAction): void
  onAutostart(vm: DomainSummary, enabled: boolean): void
  onConfirm(vm: DomainSummary, kind: VmConfirmKind): void
}

function cpu(vm: DomainSummary): JSX.Element {
  if (vm.cpuPercent === undefined)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    )
  return <Text size="sm">{vm.cpuPercent.toFixed(vm.cpuPercent < 10 ? 1 : 0)} %</Text>
}

export function vmColumns(handlers: VmColumnHandlers, withHost: boolean): Column<VmRow>[] {
  const columns: Column<VmRow>[] = [
    // stats: begin
    { id: 'screen', header: 'Screen', width: '76px', min: 76, render: ({ vm }) => <VmThumbnail vm={vm} /> },
    // stats: end
    {
      id: 'name',
      // All hosts: the host's name sits under the VM's (the filter finds VMs by host too).
      header: withHost ? 'Name / host' : 'Name',
      width: 'minmax(180px, 2fr)',
      min: 180,
      sortable: true,
      render: ({ vm, hostName }) => (
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Anchor
            component="button"
            type="button"
            size="sm"
            fw={600}
            onClick={() => handlers.onOpen(vm)}
            aria-label={`Open ${vm.name}`}
            style={{
              maxWidth: '100%',
              overflow: 'hidden',
              textOverflow: 'ellipsis',
              whiteSpace: 'nowrap',
              display: 'block',
              textAlign: 'left',
            }}
          >
            {vm.name}
          </Anchor>
          <VmNameSubline vm={vm} {...(hostName === undefined ? {} : { hostName })} />
          {/* vagrant: begin */}
          <VagrantTag hostId={vm.hostId} uuid={vm.uuid} />
          {/* vagrant: end */}
        </Stack>
      ),
    },
    {
      id: 'state',
      header: 'State',
      width: '124px',
      min: 124,
      sortable: true,
      render: ({ vm }) => <VmStateLabel state={vm.state} />,
    },
    {
      id: 'vcpus',
      header: 'vCPUs',
      width: '56px',
      min: 56,
      sortable: true,
      align: 'right',
      render: ({ vm }) => <Text size="sm">{vm.vcpus}</Text>,
    },
    {
      id: 'memory',
      header: 'Memory',
      width: '84px',
      min: 84,
      sortable: true,
      align: 'right',
      render: ({ vm }) => <Text size="sm">{formatKiB(vm.memoryKiB)}</Text>,
    },
    {
      id: 'autostart',
      header: 'Autostart',
      width: '80px',
      min: 80,
      sortable: true,
      render: ({ vm }) => (
        <Switch
          size="sm"
          checked={vm.autostart}
          disabled={!vm.persistent || handlers.busy.has(vmKey(vm))}
          onChange={(event) => handlers.onAutostart(vm, event.currentTarget.checked)}
          aria-label={`Autostart ${vm.name}`}
        />
      ),
    },
    {
      id: 'os',
      header: 'OS',
      width: 'minmax(110px, 1fr)',
      min: 110,
      sortable: true,
      render: ({ vm }) => (
        <Text size="sm" truncate {...(vm.os === undefined ? { c: 'dimmed' } : {})}>
          {vm.os ?? '—'}
        </Text>
      ),
    },
    {
      id: 'cpu',
      header: 'CPU',
      width: '60px',
      min: 60,
      sortable: true,
      align: 'right',
      render: ({ vm }) => cpu(vm),
    },
    {
      id: 'actions',
      header: 'Actions',
      width: '156px',
      min: 156,
      align: 'right',
      render: ({ vm }) => (
        <VmRowActions
          vm={vm}
          busy={handlers.busy.get(vmKey(vm))}
          onAction={(action) => handlers.onAction(vm, action)}
          onConfirm={(kind) => handlers.onConfirm(vm, kind)}
        />
      ),
    },
  ]
  return columns
}

const STATE_ORDER = Object.keys(STATE_WORDS)

function sortValue(row: VmRow, column: string): string | number {
  const { vm } = row
  switch (column) {
    case 'state':
      return STATE_ORDER.indexOf(vm.state)
    case 'vcpus':
      return vm.vcpus
    case 'memory':
      return vm.memoryKiB
    case 'autostart':
      return vm.autostart ? 1 : 0
    case 'os':
      return vm.os ?? ''
    case 'cpu':
      return vm.cpuPercent ?? -1
    default:
      return vm.name
  }
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

/** Filtered by name, host, OS or state word; sorted by the chosen column, then by name. */
export function filterAndSort(rows: VmRow[], filter: string, sort: SortState): VmRow[] {
  const needle = filter.trim().toLowerCase()
  const kept =
    needle === ''
      ? rows
      : rows.filter(({ vm, hostName }) =>
          [vm.name, vm.os ?? '', STATE_WORDS[vm.state], hostName ?? ''].some((text) =>
            text.toLowerCase().includes(needle),
          ),
        )
  const sign = sort.direction === 'ascending' ? 1 : -1
  return kept.slice().sort((a, b) => {
    const x = sortValue(a, sort.column)
    const y = sortValue(b, sort.column)
    const primary =
      typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y))
    return primary !== 0 ? primary * sign : collator.compare(a.vm.name, b.vm.name)
  })
}
