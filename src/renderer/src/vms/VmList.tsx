import { Alert, Button, Group, Loader, SegmentedControl, Stack, Text, TextInput } from '@mantine/core'
import type { JSX } from 'react'
import { useMemo, useState } from 'react'
import type { HostView } from '@shared/hosts.js'
import type { DomainSummary } from '@shared/vms.js'
import { useHostKeyCheck } from '../api/hostKeyCheck'
import { useAllVms, useVmList } from '../api/useVms'
import { ErrorDetails } from '../notify/ErrorDetails'
import { PanelHeading } from '../ui/PanelHeading'
import type { SortState } from '../ui/WindowedTable'
import { WindowedTable } from '../ui/WindowedTable'
import { DeleteVmDialog } from './DeleteVmDialog'
import type { VmConfirmKind } from './VmRowActions'
import { RenameVmDialog } from '../vmmisc/RenameVmDialog'
import { ForceOffDialog } from './ForceOffDialog'
import { LibvirtStateBanner } from './LibvirtStateBanner'
import type { VmRow } from './vmColumns'
import { filterAndSort, vmColumns } from './vmColumns'
import type { VmActions } from './useVmActions'
import { vmKey } from './useVmActions'

export type VmScope = 'host' | 'all'

interface Props {
  host: HostView
  scope: VmScope
  onScope(scope: VmScope): void
  actions: VmActions
  onOpen(vm: DomainSummary): void
  onNew(): void
}

const ROW_HEIGHT = 46

/** This host's VMs (or every connected host's), sortable, filterable, windowed. */
export function VmList({ host, scope, onScope, actions, onOpen, onNew }: Props): JSX.Element {
  // Only the shown scope is read (and sampled): the other list would poll every host for nothing.
  const hostList = useVmList(host.id, { sampleCpu: true, enabled: scope === 'host' })
  const allList = useAllVms(scope === 'all')
  const query = scope === 'host' ? hostList : allList
  const [filter, setFilter] = useState('')
  const [sort, setSort] = useState<SortState>({ column: 'name', direction: 'ascending' })
  const [confirm, setConfirm] = useState<{ vm: DomainSummary; kind: VmConfirmKind } | null>(null)
  const hostKeyCheck = useHostKeyCheck()
  const keyUnknown = query.error?.code === 'HOST_KEY_UNKNOWN'
  // Through the host-key check: an unknown key is shown for verification and, once accepted, the list loads.
  const retry = (): void => {
    void hostKeyCheck(async () => {
      const result = await query.refetch()
      if (result.error) throw result.error
    }).catch(() => undefined)
  }

  const rows = useMemo<VmRow[]>(() => {
    if (scope === 'host') return (hostList.data ?? []).map((vm) => ({ vm }))
    return (allList.data?.hosts ?? []).flatMap((h) => h.domains.map((vm) => ({ vm, hostName: h.hostName })))
  }, [scope, hostList.data, allList.data])
  const shown = useMemo(() => filterAndSort(rows, filter, sort), [rows, filter, sort])
  const columns = useMemo(
    () =>
      vmColumns(
        {
          busy: actions.busy,
          onOpen,
          onAction: actions.run,
          onAutostart: actions.setAutostart,
          onConfirm: (vm, kind) => setConfirm({ vm, kind }),
        },
        scope === 'all',
      ),
    [actions.busy, actions.run, actions.setAutostart, onOpen, scope],
  )
  const onSort = (column: string): void =>
    setSort((current) => ({
      column,
      direction: current.column === column && current.direction === 'ascending' ? 'descending' : 'ascending',
    }))
  const failedHosts = scope === 'all' ? (allList.data?.hosts ?? []).filter((h) => h.error !== undefined) : []

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <PanelHeading title="Virtual machines">
          {scope === 'host' ? `${host.name} · ${host.libvirtUri}` : 'Every connected host'}
        </PanelHeading>
        <Group gap="sm">
          <SegmentedControl
            aria-label="Show the virtual machines of"
            value={scope}
            onChange={(value) => onScope(value === 'all' ? 'all' : 'host')}
            data={[
              { value: 'host', label: host.name },
              { value: 'all', label: 'All hosts' },
            ]}
          />
          <Button onClick={onNew}>New virtual machine</Button>
        </Group>
      </Group>
      {scope === 'host' && <LibvirtStateBanner hostId={host.id} hostName={host.name} />}
      {failedHosts.map((h) => (
        <Alert
          key={h.hostId}
          color={h.error?.code === 'HOST_UNREACHABLE' ? 'gray' : 'red'}
          variant="light"
          title={`${h.hostName}: VMs not listed`}
        >
          {h.error?.message}
        </Alert>
      ))}
      <Group justify="space-between" gap="sm">
        <TextInput
          aria-label="Filter virtual machines"
          placeholder="Filter by name, state, OS or host"
          value={filter}
          onChange={(event) => setFilter(event.currentTarget.value)}
          w={340}
        />
        <Text size="sm" c="dimmed" aria-live="polite">
          {query.data === undefined
            ? ''
            : shown.length === rows.length
              ? `${rows.length} VM${rows.length === 1 ? '' : 's'}`
              : `${shown.length} of ${rows.length} VMs`}
        </Text>
      </Group>
      {query.isPending && <Loader size="sm" aria-label="Loading virtual machines" />}
      {query.error !== null && (
        <Alert color="red" title={`Could not list the virtual machines of ${host.name}`}>
          <Stack gap="sm">
            <ErrorDetails error={query.error} />
            <Button w="fit-content" variant="light" color="red" onClick={retry}>
              {keyUnknown ? 'Verify the host key' : 'Try again'}
            </Button>
          </Stack>
        </Alert>
      )}
      {query.data !== undefined && (
        <WindowedTable
          label={scope === 'host' ? `Virtual machines on ${host.name}` : 'Virtual machines on all hosts'}
          rows={shown}
          columns={columns}
          rowKey={(row) => vmKey(row.vm)}
          rowHeight={ROW_HEIGHT}
          // As tall as its rows, up to the window's height; then it scrolls.
          height={`min(${Math.max(shown.length, 2) * ROW_HEIGHT + 2}px, max(320px, calc(100vh - 300px)))`}
          sort={sort}
          onSort={onSort}
          scrollResetKey={`${filter}\n${sort.column}\n${sort.direction}\n${scope}`}
          rowProps={(row) => ({
            'data-vm': row.vm.name,
            'aria-busy': actions.busy.has(vmKey(row.vm)) ? 'true' : undefined,
          })}
          empty={
            <Text size="sm" c="dimmed">
              {rows.length === 0
                ? `No virtual machines ${scope === 'host' ? `on ${host.name}` : 'on any connected host'} yet. Create one with New virtual machine.`
                : 'No virtual machine matches the filter.'}
            </Text>
          }
        />
      )}
      {confirm?.kind === 'destroy' && (
        <ForceOffDialog
          vm={confirm.vm}
          onConfirm={() => {
            actions.run(confirm.vm, 'destroy')
            setConfirm(null)
          }}
          onClose={() => setConfirm(null)}
        />
      )}
      {confirm?.kind === 'delete' && (
        <DeleteVmDialog vm={confirm.vm} mark={actions.mark} onClose={() => setConfirm(null)} />
      )}
      {confirm?.kind === 'rename' && <RenameVmDialog vm={confirm.vm} onClose={() => setConfirm(null)} />}
    </Stack>
  )
}
