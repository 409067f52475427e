import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Code,
  Group,
  ScrollArea,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core'
import type { JSX } from 'react'
import { useEffect, useRef, useState } from 'react'
import type { VagrantAction, VagrantProject } from '@shared/vagrant-contract.js'
import { invoke } from '../api/virtdeck'
import { ConfirmDialog } from '../ui/ConfirmDialog'
import { DesignerForm } from './DesignerForm'
import { VagrantfileTextEditor } from './VagrantfileTextEditor'
import { navigate } from './navigation'
import { useVagrantfile, useVagrantRun, useVagrantStatus } from './useVagrant'

const ACTIONS: { action: VagrantAction; label: string }[] = [
  { action: 'up', label: 'Up' },
  { action: 'halt', label: 'Halt' },
  { action: 'reload', label: 'Reload' },
  { action: 'provision', label: 'Provision' },
  { action: 'suspend', label: 'Suspend' },
  { action: 'resume', label: 'Resume' },
]

/** One project: its machines, the actions with live output and cancel, validation, its Vagrantfile. */
export function ProjectCard({
  project,
  focused = false,
}: {
  project: VagrantProject
  /** Opened from a VM's "Vagrant:" link: scrolled into view and outlined. */
  focused?: boolean
}): JSX.Element {
  const status = useVagrantStatus(project.id)
  const file = useVagrantfile(project.id)
  const run = useVagrantRun(project.id)
  const [confirmDestroy, setConfirmDestroy] = useState(false)
  const [designing, setDesigning] = useState(false)
  const card = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (focused) card.current?.scrollIntoView({ block: 'start' })
  }, [focused])
  const [validation, setValidation] = useState<string | null>(null)
  const log = useRef<HTMLDivElement>(null)
  // Braces: Chromium's scrollTo returns a promise, and an effect may only return a cleanup function.
  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight })
  }, [run.lines])

  const validate = async (): Promise<void> => {
    setValidation('Validating…')
    try {
      const v = await invoke('vagrant.validate', { projectId: project.id })
      setValidation(
        [
          v.ok ? 'The Vagrantfile is valid.' : 'The Vagrantfile has errors:',
          ...v.messages
            .filter((m) => !v.ok || m.level !== 'info')
            .map((m) => `${m.machine ? `[${m.machine}] ` : ''}${m.text}`),
          ...v.warnings.map((w) => `Warning: ${w}`),
          ...v.preflight.map((c) => `${c.ok ? '✓' : '✗'} ${c.message}`),
        ].join('\n'),
      )
    } catch (error) {
      setValidation(error instanceof Error ? error.message : String(error))
    }
  }

  return (
    <Card
      withBorder
      padding="lg"
      ref={card}
      aria-label={`Project ${project.name}`}
      {...(focused ? { style: { outline: '2px solid var(--mantine-color-blue-filled)' } } : {})}
    >
      <Stack gap="md">
        <Group justify="space-between">
          <Stack gap={0}>
            <Title order={3}>{project.name}</Title>
            <Text size="sm" c="dimmed" ff="monospace">
              {project.path}
            </Text>
          </Stack>
          {file.data !== undefined && (
            <Badge variant="light" color={file.data.kind === 'designer' ? 'blue' : 'gray'}>
              {file.data.kind === 'designer' ? 'Made in the designer' : 'Edited by hand: opened as text'}
            </Badge>
          )}
        </Group>
        <Table aria-label={`Machines of ${project.name}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Machine</Table.Th>
              <Table.Th>Provider</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>VM</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(status.data ?? []).map((m) => (
              <Table.Tr key={m.name}>
                <Table.Td fw={600}>{m.name}</Table.Td>
                <Table.Td>{m.provider ?? '–'}</Table.Td>
                <Table.Td>{m.stateShort ?? m.state ?? '–'}</Table.Td>
                <Table.Td>
                  {m.provider === 'libvirt' && m.id !== undefined ? (
                    <Anchor
                      component="button"
                      type="button"
                      size="sm"
                      aria-label={`Open the VM of ${m.name}`}
                      onClick={() =>
                        navigate({ panel: 'vms', hostId: project.hostId, uuid: m.id ?? '', name: m.name })
                      }
                    >
                      Open VM
                    </Anchor>
                  ) : (
                    '–'
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {status.error && (
          <Alert color="red" title="Could not read the machines' state">
            {status.error.message}
          </Alert>
        )}
        <Group gap="xs">
          {ACTIONS.map((a) => (
            <Button
              key={a.action}
              variant="default"
              disabled={run.running}
              onClick={() => run.run({ projectId: project.id, action: a.action })}
            >
              {a.label}
            </Button>
          ))}
          <Button color="red" variant="light" disabled={run.running} onClick={() => setConfirmDestroy(true)}>
            Destroy
          </Button>
          <Button variant="subtle" disabled={run.running} onClick={() => void validate()}>
            Validate
          </Button>
          {file.data?.kind === 'designer' && (
            <Button variant="subtle" onClick={() => setDesigning((d) => !d)}>
              {designing ? 'Close the designer' : 'Edit in the designer'}
            </Button>
          )}
          {run.running && (
            <Button color="orange" onClick={run.cancel}>
              Cancel
            </Button>
          )}
        </Group>
        {validation !== null && <Code block>{validation}</Code>}
        {(run.running || run.lines.length > 0) && (
          <ScrollArea h={220} viewportRef={log} aria-label="Vagrant output">
            <Code block>{run.lines.join('\n')}</Code>
          </ScrollArea>
        )}
        {run.result !== null && (
          <Alert
            color={run.result.ok ? 'green' : run.result.cancelled ? 'orange' : 'red'}
            title={`vagrant ${run.result.action}: ${run.result.ok ? 'done' : run.result.cancelled ? 'cancelled' : 'failed'}`}
          >
            {run.result.cancelNote ??
              run.result.error?.message ??
              `${(run.result.durationMs / 1000).toFixed(1)} s`}
          </Alert>
        )}
        {run.error !== null && <Alert color="red">{run.error.message}</Alert>}
        {designing && file.data?.kind === 'designer' && (
          <DesignerForm
            hostId={project.hostId}
            project={project}
            initial={file.data.model}
            onDone={() => {
              setDesigning(false)
              void file.refetch()
            }}
          />
        )}
        {file.data !== undefined && (
          // A Vagrantfile written or edited by hand is shown as text, open, and never rewritten.
          <details open={file.data.kind !== 'designer'}>
            <summary>Vagrantfile</summary>
            {'note' in file.data && file.data.note !== undefined && <Text size="sm">{file.data.note}</Text>}
            {file.data.kind === 'designer' ? (
              <Code block>{file.data.text}</Code>
            ) : (
              <VagrantfileTextEditor
                projectId={project.id}
                name={project.name}
                text={file.data.text}
                onSaved={() => void file.refetch()}
              />
            )}
          </details>
        )}
      </Stack>
      <ConfirmDialog
        opened={confirmDestroy}
        title={`Destroy the machines of ${project.name}?`}
        confirmLabel="Destroy"
        danger
        onClose={() => setConfirmDestroy(false)}
        onConfirm={() => {
          setConfirmDestroy(false)
          run.run({ projectId: project.id, action: 'destroy' })
        }}
      >
        <Text>
          Runs <Code>vagrant destroy -f</Code>: every machine of the project is stopped and deleted, with its
          disks. The Vagrantfile stays.
        </Text>
      </ConfirmDialog>
    </Card>
  )
}
