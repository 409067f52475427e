import {
  Alert,
  Button,
  Card,
  Code,
  Group,
  ScrollArea,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { JSX } from 'react'
import { useRef, useState } from 'react'
import type { AppError } from '@shared/errors.js'
import type { VagrantBox, VagrantBoxOutdated } from '@shared/vagrant-contract.js'
import { invoke, queryKey } from '../api/virtdeck'
import { ConfirmDialog } from '../ui/ConfirmDialog'

/** The host's boxes: list, add from a .box file / URL / catalog name (streamed, cancellable), remove, outdated. */
export function BoxesCard({ hostId }: { hostId: string }): JSX.Element {
  const client = useQueryClient()
  const key = queryKey('vagrant.boxes', { hostId })
  const boxes = useQuery<VagrantBox[], AppError>({
    queryKey: key,
    queryFn: () => invoke('vagrant.boxes', { hostId }),
  })
  const [source, setSource] = useState('')
  const [name, setName] = useState('')
  const [lines, setLines] = useState<string[]>([])
  const [adding, setAdding] = useState(false)
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null)
  const [removing, setRemoving] = useState<VagrantBox | null>(null)
  const [outdated, setOutdated] = useState<VagrantBoxOutdated[] | null>(null)
  const [checking, setChecking] = useState(false)
  const controller = useRef<AbortController | null>(null)
  const fail = (error: unknown): void =>
    setNote({ ok: false, text: error instanceof Error ? error.message : String(error) })

  const add = async (): Promise<void> => {
    controller.current = new AbortController()
    setAdding(true)
    setLines([])
    setNote(null)
    try {
      const r = await invoke(
        'vagrant.boxAdd',
        { hostId, source: source.trim(), ...(name.trim() === '' ? {} : { name: name.trim() }) },
        {
          signal: controller.current.signal,
          onProgress: (p) => setLines((l) => [...l.slice(-499), p.message]),
        },
      )
      client.setQueryData(key, r.boxes)
      setNote(
        r.added
          ? { ok: true, text: 'The box was added.' }
          : {
              ok: false,
              text: r.cancelled
                ? 'Cancelled: the box was not added.'
                : (r.error?.message ?? 'The box was not added.'),
            },
      )
    } catch (error) {
      fail(error)
    } finally {
      setAdding(false)
    }
  }
  const remove = async (box: VagrantBox): Promise<void> => {
    setRemoving(null)
    try {
      const r = await invoke('vagrant.boxRemove', {
        hostId,
        name: box.name,
        provider: box.provider,
        version: box.version,
      })
      setNote({ ok: r.removed, text: r.message })
      await client.invalidateQueries({ queryKey: key })
    } catch (error) {
      fail(error)
    }
  }
  const check = async (): Promise<void> => {
    setChecking(true)
    try {
      setOutdated(await invoke('vagrant.boxOutdated', { hostId }))
    } catch (error) {
      fail(error)
    } finally {
      setChecking(false)
    }
  }
  const state = (b: VagrantBox): string | undefined =>
    outdated?.find((o) => o.name === b.name && o.provider === b.provider)?.message

  return (
    <Card withBorder padding="lg">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3}>Boxes</Title>
          <Button variant="default" loading={checking} onClick={() => void check()}>
            Check for updates
          </Button>
        </Group>
        {boxes.error && <Alert color="red">{boxes.error.message}</Alert>}
        <Table aria-label="Boxes">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Box</Table.Th>
              <Table.Th>Provider</Table.Th>
              <Table.Th>Version</Table.Th>
              <Table.Th>Updates</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(boxes.data ?? []).map((b) => (
              <Table.Tr key={`${b.name}/${b.provider}/${b.version}`}>
                <Table.Td ff="monospace">{b.name}</Table.Td>
                <Table.Td>{b.provider}</Table.Td>
                <Table.Td>{b.version}</Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {state(b) ?? '–'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Button variant="subtle" color="red" size="xs" onClick={() => setRemoving(b)}>
                    Remove
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {boxes.isSuccess && boxes.data.length === 0 && <Text c="dimmed">No boxes on this host yet.</Text>}
        <Group align="flex-end">
          <TextInput
            style={{ flex: 2 }}
            label="Add a box from"
            description="A .box file on the host (absolute path), an http(s):// or file:// URL, or a catalog name"
            placeholder="/srv/boxes/debian12.box"
            value={source}
            onChange={(e) => setSource(e.currentTarget.value)}
          />
          <TextInput
            style={{ flex: 1 }}
            label="Box name"
            description="Needed for a .box file"
            placeholder="myorg/debian12"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <Button loading={adding} disabled={source.trim() === ''} onClick={() => void add()}>
            Add box
          </Button>
          {adding && (
            <Button color="orange" onClick={() => controller.current?.abort()}>
              Cancel adding
            </Button>
          )}
        </Group>
        {(adding || lines.length > 0) && (
          <ScrollArea h={120} aria-label="Box output">
            <Code block>{lines.join('\n')}</Code>
          </ScrollArea>
        )}
        {note !== null && (
          <Alert color={note.ok ? 'green' : 'orange'} variant="light">
            {note.text}
          </Alert>
        )}
        {outdated?.some((o) => o.name === '') === true && (
          <Alert color="orange">
            {outdated
              .filter((o) => o.name === '')
              .map((o) => o.message)
              .join('\n')}
          </Alert>
        )}
      </Stack>
      <ConfirmDialog
        opened={removing !== null}
        title={`Remove the box ${removing?.name ?? ''}?`}
        confirmLabel="Remove"
        danger
        onClose={() => setRemoving(null)}
        onConfirm={() => removing !== null && void remove(removing)}
      >
        <Text>
          {removing?.name} ({removing?.provider}, {removing?.version}) is deleted from this host. Machines
          still using it keep it: VirtDeck refuses and names them.
        </Text>
      </ConfirmDialog>
    </Card>
  )
}
