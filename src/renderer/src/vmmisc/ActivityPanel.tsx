import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Pagination,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { HostView } from '@shared/hosts.js'
import type { AuditOutcome } from '@shared/settings.js'
import { ErrorDetails } from '../notify/ErrorDetails'
import { PanelHeading } from '../ui/PanelHeading'
import { formatWhen } from '../ui/time'
import type { ActivityFilters, Period } from './activityFilters'
import { actionOptions, NO_FILTERS, PERIODS, toQuery } from './activityFilters'
import classes from './ActivityPanel.module.css'
import { useAuditFacets, useAuditPage } from './useVmMisc'

const PAGE_SIZE = 50

const OUTCOME_COLOUR: Record<AuditOutcome, string> = { ok: 'green', failed: 'red', cancelled: 'gray' }
const OUTCOME_WORD: Record<AuditOutcome, string> = { ok: 'Done', failed: 'Failed', cancelled: 'Cancelled' }

interface Props {
  host: HostView
  hosts: HostView[]
}

/** Everything VirtDeck did (or tried) on every host, newest first: the audit log with filters and pages. */
export function ActivityPanel({ host, hosts }: Props): JSX.Element {
  const [filters, setFilters] = useState<ActivityFilters>({ ...NO_FILTERS, hostId: host.id })
  const [page, setPage] = useState(1)
  const [now] = useState(() => Date.now())
  const query = toQuery(filters, page, PAGE_SIZE, now)
  const result = useAuditPage(query)
  const facets = useAuditFacets(filters.hostId === '' ? undefined : filters.hostId)
  const hostName = (id: string | null): string =>
    id === null ? '—' : (hosts.find((h) => h.id === id)?.name ?? `${id} (removed)`)
  const set = (patch: Partial<ActivityFilters>): void => {
    setFilters((f) => ({ ...f, ...patch }))
    setPage(1)
  }
  const total = result.data?.total ?? 0
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE))
  const first = total === 0 ? 0 : (page - 1) * PAGE_SIZE + 1
  const last = Math.min(total, page * PAGE_SIZE)
  const filtered = JSON.stringify(filters) !== JSON.stringify({ ...NO_FILTERS, hostId: host.id })

  return (
    <Stack gap="lg" maw={1200}>
      <PanelHeading title="Activity">
        Every action VirtDeck took or tried — on VMs, storage, networks, containers and hosts — with its
        outcome.
      </PanelHeading>
      <Group gap="sm" align="flex-end" wrap="wrap" role="search" aria-label="Filter the activity">
        <Select
          label="Host"
          w={180}
          value={filters.hostId}
          onChange={(v) => set({ hostId: v ?? '' })}
          data={[{ value: '', label: 'All hosts' }, ...hosts.map((h) => ({ value: h.id, label: h.name }))]}
          allowDeselect={false}
        />
        <Select
          label="VM or object"
          w={220}
          searchable
          clearable
          placeholder="Any"
          value={filters.target === '' ? null : filters.target}
          onChange={(v) => set({ target: v ?? '' })}
          data={facets.data?.targets ?? []}
          nothingFoundMessage="Nothing by that name in the log"
        />
        <Select
          label="Action"
          w={240}
          searchable
          clearable
          placeholder="Any"
          value={filters.action === '' ? null : filters.action}
          onChange={(v) => set({ action: v ?? '' })}
          data={actionOptions(facets.data?.actions ?? [])}
        />
        <Select
          label="Outcome"
          w={140}
          value={filters.outcome}
          onChange={(v) => set({ outcome: (v ?? '') as ActivityFilters['outcome'] })}
          data={[
            { value: '', label: 'Any' },
            { value: 'ok', label: 'Done' },
            { value: 'failed', label: 'Failed' },
            { value: 'cancelled', label: 'Cancelled' },
          ]}
          allowDeselect={false}
        />
        <Select
          label="When"
          w={160}
          value={filters.period}
          onChange={(v) => set({ period: (v ?? 'any') as Period })}
          data={PERIODS.map((p) => ({ value: p.value, label: p.label }))}
          allowDeselect={false}
        />
        <TextInput
          label="Search"
          w={200}
          placeholder="Words in the entry"
          value={filters.text}
          onChange={(e) => set({ text: e.currentTarget.value })}
        />
        {filtered && (
          <Button variant="subtle" onClick={() => set({ ...NO_FILTERS, hostId: host.id })}>
            Reset filters
          </Button>
        )}
      </Group>
      {result.error !== null && (
        <Alert color="red" title="Could not read the activity">
          <ErrorDetails error={result.error} />
        </Alert>
      )}
      {result.isPending && <Loader size="sm" aria-label="Loading the activity" />}
      {result.data !== undefined && (
        <>
          <Text size="sm" c="dimmed" role="status" aria-live="polite">
            {total === 0
              ? 'No activity matches these filters.'
              : `${first}–${last} of ${total} ${total === 1 ? 'entry' : 'entries'}`}
          </Text>
          {total > 0 && (
            <Table.ScrollContainer minWidth={800}>
              <Table striped highlightOnHover aria-label="Activity" captionSide="top">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">When</Table.Th>
                    <Table.Th scope="col">Host</Table.Th>
                    <Table.Th scope="col">Action</Table.Th>
                    <Table.Th scope="col">On</Table.Th>
                    <Table.Th scope="col">Outcome</Table.Th>
                    <Table.Th scope="col">Detail</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {result.data.entries.map((e) => (
                    <Table.Tr
                      key={e.id}
                      className={classes.row}
                      tabIndex={0}
                      aria-label={`${e.action} on ${e.target}: ${OUTCOME_WORD[e.outcome]}`}
                    >
                      <Table.Td>
                        <time dateTime={e.at}>{formatWhen(e.at)}</time>
                      </Table.Td>
                      <Table.Td>{hostName(e.hostId)}</Table.Td>
                      <Table.Td>
                        <Text size="sm" ff="monospace">
                          {e.action}
                        </Text>
                      </Table.Td>
                      <Table.Td style={{ wordBreak: 'break-word' }}>{e.target}</Table.Td>
                      <Table.Td>
                        <Badge color={OUTCOME_COLOUR[e.outcome]} variant="light">
                          {OUTCOME_WORD[e.outcome]}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                          {e.detail ?? ''}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {pages > 1 && (
            <Pagination
              total={pages}
              value={page}
              onChange={setPage}
              getControlProps={(control) => ({
                'aria-label':
                  control === 'previous' ? 'Previous page' : control === 'next' ? 'Next page' : control,
              })}
              getItemProps={(p) => ({
                'aria-label': `Page ${p}`,
                'aria-current': p === page ? 'page' : undefined,
              })}
            />
          )}
        </>
      )}
    </Stack>
  )
}
