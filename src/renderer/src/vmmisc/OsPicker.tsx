import { Alert, Code, Loader, Select, Stack, Text } from '@mantine/core'
import type { JSX } from 'react'
import { useMemo, useRef } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import type { OsEntry, OsRecommendation } from '@shared/osinfo.js'
import { osRecommendationQuery, useOsCatalog, useOsRecommendation } from './useVmMisc'

/** What the wizard takes from the chosen OS. */
export interface OsChoice {
  osShortId: string
  osId: string
  osName: string
}

interface Props {
  hostId: string
  value: string
  onChange(choice: OsChoice): void
  /** libosinfo's recommendation for the chosen OS, once read (applied by the wizard to memory, disk, bus, NIC). */
  onRecommendation(rec: OsRecommendation): void
}

function optionLabel(e: OsEntry): string {
  return e.vendor === undefined ? e.name : `${e.name} — ${e.vendor}`
}

/** "Debian 11: 1 GiB memory, 20 GiB disk, virtio disk and NIC" — what was applied, in words. */
export function recommendationText(rec: OsRecommendation): string {
  const parts = [
    rec.memoryMiB === undefined ? undefined : `${rec.memoryMiB} MiB memory`,
    rec.diskGiB === undefined ? undefined : `a ${rec.diskGiB} GiB disk`,
    rec.diskBus === undefined ? undefined : `${rec.diskBus === 'virtio' ? 'VirtIO' : 'SATA'} disk bus`,
    rec.nicModel === undefined ? undefined : `${rec.nicModel} network card`,
  ].filter((p): p is string => p !== undefined)
  return parts.length === 0
    ? `libosinfo recommends nothing in particular for ${rec.name}.`
    : `Set as recommended for ${rec.name}: ${parts.join(', ')}. Change them on the next steps.`
}

/** The guest OS from libosinfo (a short list without it): searchable; its recommendation applied once per choice. */
export function OsPicker({ hostId, value, onChange, onRecommendation }: Props): JSX.Element {
  const catalog = useOsCatalog(hostId)
  const rec = useOsRecommendation(hostId, value === '' ? undefined : value)
  const client = useQueryClient()
  const latest = useRef(value)
  const data = useMemo(
    () => (catalog.data?.entries ?? []).map((e) => ({ value: e.shortId, label: optionLabel(e) })),
    [catalog.data],
  )
  const choose = (shortId: string | null): void => {
    const entry = catalog.data?.entries.find((e) => e.shortId === shortId)
    latest.current = entry?.shortId ?? ''
    onChange(
      entry === undefined
        ? { osShortId: '', osId: '', osName: '' }
        : { osShortId: entry.shortId, osId: entry.id, osName: entry.name },
    )
    if (entry === undefined) return
    // Applied once, when chosen (later edits of memory or disk are the user's).
    void client
      .fetchQuery(osRecommendationQuery(hostId, entry.shortId))
      .then((r) => {
        if (latest.current === entry.shortId) onRecommendation(r)
      })
      .catch(() => undefined)
  }

  return (
    <Stack gap={6}>
      <Select
        label="Operating system"
        description="What will be installed: sets the recommended memory, disk and devices, and shows in the VM list."
        placeholder={catalog.isPending ? 'Reading the OS database…' : 'Search, e.g. debian, ubuntu, windows'}
        data={data}
        value={value === '' ? null : value}
        onChange={choose}
        searchable
        clearable
        limit={50}
        nothingFoundMessage="No OS by that name: pick a close one (same family and version) or leave it empty"
        rightSection={
          catalog.isPending || rec.isFetching ? <Loader size={14} aria-label="Reading" /> : undefined
        }
      />
      {catalog.data?.source === 'fallback' && (
        <Alert color="blue" p="xs">
          <Text size="xs">
            libosinfo is not installed on this host, so only a short list is offered.{' '}
            {catalog.data.installHint} For example: <Code>sudo apt install libosinfo-bin osinfo-db</Code>
          </Text>
        </Alert>
      )}
      {catalog.error !== null && (
        <Text size="xs" c="red">
          Could not read the OS list: {catalog.error.message}
        </Text>
      )}
      {rec.data !== undefined && rec.data.shortId === value && (
        <Text size="xs" c="dimmed" role="status">
          {recommendationText(rec.data)}
        </Text>
      )}
      {rec.error !== null && (
        <Text size="xs" c="red">
          {rec.error.message}
        </Text>
      )}
    </Stack>
  )
}
