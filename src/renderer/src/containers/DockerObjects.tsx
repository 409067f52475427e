import {
  Alert,
  Button,
  Card,
  Group,
  Progress,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { JSX } from 'react'
import { useState } from 'react'
import type { ImageSummary, NetworkSummary, PrunePreview, VolumeSummary } from '@shared/containers.js'
import type { AppError } from '@shared/errors.js'
import { formatBytes } from '@shared/format.js'
import { useStreamingCall } from '../api/useStreamingCall'
import { invoke, queryKey } from '../api/virtdeck'
import { toAppError } from '../api/errors'
import { ErrorDetails } from '../notify/ErrorDetails'
import { ConfirmDialog } from '../ui/ConfirmDialog'

type Kind = 'images' | 'volumes' | 'networks'
interface Row {
  id: string
  name: string
  detail: string
  usedBy: string[]
  builtIn?: boolean
}

const REMOVE_KIND = { images: 'image', volumes: 'volume', networks: 'network' } as const

function rowsOf(kind: Kind, data: ImageSummary[] | VolumeSummary[] | NetworkSummary[]): Row[] {
  if (kind === 'images')
    return (data as ImageSummary[]).map((i) => ({
      id: i.id,
      name: i.tags.join(', ') || i.id.slice(7, 19),
      detail: formatBytes(i.size),
      usedBy: i.usedBy,
    }))
  if (kind === 'volumes')
    return (data as VolumeSummary[]).map((v) => ({
      id: v.name,
      name: v.name,
      detail: v.driver,
      usedBy: v.usedBy,
    }))
  return (data as NetworkSummary[]).map((n) => ({
    id: n.id,
    name: n.name,
    detail: `${n.driver}${n.subnet === undefined ? '' : ` · ${n.subnet}`}`,
    usedBy: n.usedBy,
    builtIn: n.builtIn,
  }))
}

/** Docker's images, volumes and networks on a host: remove (refused while in use), prune after a preview, import, pull. */
export function DockerObjects({ hostId, ready }: { hostId: string; ready: boolean }): JSX.Element {
  const client = useQueryClient()
  const [kind, setKind] = useState<Kind>('images')
  const channel = `docker.${kind}` as const
  const list = useQuery<ImageSummary[] | VolumeSummary[] | NetworkSummary[], AppError>({
    queryKey: queryKey(channel, { hostId }),
    queryFn: () => invoke(channel, { hostId }),
    enabled: ready,
    staleTime: 0,
  })
  const [removing, setRemoving] = useState<Row | null>(null)
  const [pruning, setPruning] = useState<PrunePreview | null>(null)
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string; error?: AppError } | null>(null)
  const [importPath, setImportPath] = useState('')
  const [importAs, setImportAs] = useState('')
  const [pullRef, setPullRef] = useState('')
  const refresh = (): Promise<void> => client.invalidateQueries({ queryKey: [channel] })
  const pull = useStreamingCall('docker.pull', async ({ image }) => {
    setMessage({ ok: true, text: `Pulled ${image}.` })
    await client.invalidateQueries({ queryKey: ['docker.images'] })
  })
  const importing = useStreamingCall('docker.importImage', async ({ image }) => {
    setMessage({ ok: true, text: `Imported as ${image}.` })
    await client.invalidateQueries({ queryKey: ['docker.images'] })
  })
  const act = async (what: () => Promise<string>): Promise<void> => {
    setBusy(true)
    try {
      setMessage({ ok: true, text: await what() })
      await refresh()
    } catch (error) {
      const e = toAppError(error)
      setMessage({ ok: false, text: e.message, error: e })
    } finally {
      setBusy(false)
    }
  }
  const preview = async (): Promise<void> => {
    setBusy(true)
    try {
      setPruning(await invoke('docker.prunePreview', { hostId, kind }))
    } catch (error) {
      const e = toAppError(error)
      setMessage({ ok: false, text: e.message, error: e })
    } finally {
      setBusy(false)
    }
  }
  const rows = list.data === undefined ? [] : rowsOf(kind, list.data)
  return (
    <Card withBorder padding="lg">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>Images, volumes and networks</Title>
          <SegmentedControl
            aria-label="Docker objects"
            value={kind}
            onChange={(v) => setKind(v as Kind)}
            data={[
              { value: 'images', label: 'Images' },
              { value: 'volumes', label: 'Volumes' },
              { value: 'networks', label: 'Networks' },
            ]}
          />
        </Group>
        {message !== null && (
          <Alert
            color={message.ok ? 'green' : 'red'}
            title={message.text}
            withCloseButton
            onClose={() => setMessage(null)}
          >
            {message.error !== undefined && <ErrorDetails error={message.error} />}
          </Alert>
        )}
        {list.error !== null && (
          <Alert color="red" title={list.error.message}>
            <ErrorDetails error={list.error} />
          </Alert>
        )}
        <Table aria-label={`Docker ${kind}`} verticalSpacing={6}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>{kind === 'images' ? 'Size' : 'Driver'}</Table.Th>
              <Table.Th>Used by</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td ff="monospace" fz="sm">
                  {r.name}
                </Table.Td>
                <Table.Td fz="sm">{r.detail}</Table.Td>
                <Table.Td fz="sm">{r.usedBy.join(', ') || 'nothing'}</Table.Td>
                <Table.Td>
                  {r.builtIn !== true && (
                    <Button
                      size="compact-sm"
                      variant="light"
                      color="red"
                      aria-label={`remove ${r.name}`}
                      disabled={r.usedBy.length > 0}
                      title={
                        r.usedBy.length > 0
                          ? `In use by ${r.usedBy.join(', ')}: remove those first`
                          : undefined
                      }
                      onClick={() => setRemoving(r)}
                    >
                      remove
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {list.data !== undefined && rows.length === 0 && <Text size="sm">No {kind} on this host.</Text>}
        <Group gap="sm">
          <Button
            size="compact-md"
            variant="default"
            disabled={!ready || busy}
            onClick={() => void preview()}
          >
            Prune unused {kind}…
          </Button>
        </Group>
        {kind === 'images' && (
          <Stack gap="xs">
            <Group align="flex-end" gap="sm">
              <TextInput
                label="Pull an image"
                description="Needs a registry the host can reach"
                placeholder="debian:12"
                value={pullRef}
                onChange={(e) => setPullRef(e.currentTarget.value)}
                style={{ flex: 1 }}
              />
              {pull.mutation.isPending ? (
                <Button size="compact-md" variant="default" onClick={pull.cancel}>
                  Cancel pull
                </Button>
              ) : (
                <Button
                  size="compact-md"
                  disabled={!ready || pullRef.trim() === ''}
                  onClick={() => pull.mutation.mutate({ hostId, image: pullRef.trim() })}
                >
                  Pull
                </Button>
              )}
            </Group>
            {pull.mutation.isPending && (
              <Stack gap={4}>
                <Progress value={(pull.progress?.fraction ?? 0) * 100} aria-label="Pull progress" />
                <Text size="xs" c="dimmed">
                  {pull.progress?.message ?? 'Asking the registry…'}
                </Text>
              </Stack>
            )}
            {pull.mutation.error !== null && (
              <Alert color="red" title={pull.mutation.error.message}>
                <ErrorDetails error={pull.mutation.error} />
              </Alert>
            )}
            <Group align="flex-end" gap="sm">
              <TextInput
                label="Import a root filesystem tar"
                description="A .tar file on this computer (absolute path)"
                placeholder="/srv/rootfs.tar"
                value={importPath}
                onChange={(e) => setImportPath(e.currentTarget.value)}
                error={
                  importPath !== '' && !importPath.startsWith('/')
                    ? 'An absolute path, starting with /'
                    : undefined
                }
                style={{ flex: 1 }}
              />
              <TextInput
                label="As image"
                placeholder="local/rootfs:1"
                value={importAs}
                onChange={(e) => setImportAs(e.currentTarget.value)}
              />
              <Button
                size="compact-md"
                loading={importing.mutation.isPending}
                disabled={!ready || !importPath.startsWith('/') || importAs.trim() === ''}
                onClick={() =>
                  importing.mutation.mutate({ hostId, path: importPath, repository: importAs.trim() })
                }
              >
                Import
              </Button>
            </Group>
            {importing.mutation.error !== null && (
              <Alert color="red" title={importing.mutation.error.message}>
                <ErrorDetails error={importing.mutation.error} />
              </Alert>
            )}
          </Stack>
        )}
      </Stack>
      <ConfirmDialog
        opened={removing !== null}
        title={`Remove ${removing?.name ?? ''}?`}
        confirmLabel="Remove"
        danger
        busy={busy}
        onClose={() => setRemoving(null)}
        onConfirm={() => {
          const r = removing
          setRemoving(null)
          if (r !== null)
            void act(async () => {
              await invoke('docker.remove', { hostId, kind: REMOVE_KIND[kind], id: r.id, force: false })
              return `Removed ${r.name}.`
            })
        }}
      >
        <Text size="sm">Docker deletes it from this host; nothing uses it now.</Text>
      </ConfirmDialog>
      <ConfirmDialog
        opened={pruning !== null}
        title={`Prune ${pruning?.kind ?? ''}?`}
        confirmLabel="Prune"
        danger
        busy={busy}
        onClose={() => setPruning(null)}
        onConfirm={() => {
          const p = pruning
          setPruning(null)
          if (p !== null)
            void act(async () => {
              const r = await invoke('docker.prune', { hostId, kind: p.kind })
              return `Removed ${r.removed.length} ${p.kind}${r.reclaimed > 0 ? `, freed ${formatBytes(r.reclaimed)}` : ''}.`
            })
        }}
      >
        {pruning !== null && pruning.items.length === 0 ? (
          <Text size="sm">Nothing to prune: every one is in use.</Text>
        ) : (
          <Stack gap={4}>
            <Text size="sm">
              These are removed
              {pruning !== null && pruning.reclaimable > 0
                ? `, freeing ${formatBytes(pruning.reclaimable)}`
                : ''}
              :
            </Text>
            {pruning?.items.map((i) => (
              <Text key={i.id} size="sm" ff="monospace">
                {i.name}
              </Text>
            ))}
          </Stack>
        )}
      </ConfirmDialog>
    </Card>
  )
}
