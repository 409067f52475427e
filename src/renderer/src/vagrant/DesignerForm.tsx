import {
  Alert,
  Button,
  Card,
  Code,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import type { JSX } from 'react'
import { useMemo, useState } from 'react'
import type { AppError } from '@shared/errors.js'
import type { HostInterface, VagrantProject, VagrantValidation } from '@shared/vagrant-contract.js'
import type { VagrantMachine, VagrantModel, VagrantProvider } from '@shared/vagrant.js'
import { invoke, queryKey } from '../api/virtdeck'
import {
  EMPTY_SETTINGS,
  emptyModel,
  errorsAt,
  issuesByPath,
  itemIssues,
  replaceAt,
  withField,
} from './designer/edit'
import { MachinesTable } from './designer/MachinesTable'
import { SettingsEditor } from './designer/SettingsEditor'
import { ValidationMessages } from './designer/ValidationMessages'
import { useCreateProject } from './useVagrant'

interface Props {
  hostId: string
  /** Editing a designer project (its model); without it, a new project. */
  project?: VagrantProject
  initial?: VagrantModel
  onDone(): void
}

/**
 * The designer: every setting of the model — the project's (all machines) and each machine's —
 * with the machines as a table. The schema's complaints show at their field as the user types;
 * saving writes the Vagrantfile and runs `vagrant validate`, its messages shown per machine.
 */
export function DesignerForm({ hostId, project: editing, initial, onDone }: Props): JSX.Element {
  const [model, setModel] = useState<VagrantModel>(() => initial ?? emptyModel())
  const [project, setProject] = useState<VagrantProject | undefined>(editing)
  const [path, setPath] = useState('')
  const [provider, setProvider] = useState<VagrantProvider>(
    initial?.providers.docker !== undefined
      ? 'docker'
      : initial?.providers.virtualbox !== undefined
        ? 'virtualbox'
        : 'libvirt',
  )
  const [selected, setSelected] = useState<number | null>(null)
  const [scope, setScope] = useState<'project' | 'machine'>('project')
  const [preview, setPreview] = useState<string | null>(null)
  const [validation, setValidation] = useState<VagrantValidation | null>(null)
  const [failure, setFailure] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const create = useCreateProject()
  const interfaces = useQuery<HostInterface[], AppError>({
    queryKey: queryKey('vagrant.interfaces', { hostId }),
    queryFn: () => invoke('vagrant.interfaces', { hostId }),
    staleTime: 60_000,
  })
  const issues = useMemo(() => issuesByPath(model), [model])
  const problems = useMemo(() => {
    const counts = new Map<string, number>()
    for (const m of validation?.messages ?? [])
      if (m.level === 'error' && m.machine !== undefined)
        counts.set(m.machine, (counts.get(m.machine) ?? 0) + 1)
    return counts
  }, [validation])
  const sharedMemory = (m?: VagrantMachine): boolean =>
    model.providers.libvirt?.sharedMemory === true || m?.providers.libvirt?.sharedMemory === true
  const machine = selected === null ? undefined : model.machines[selected]
  const editingMachine = scope === 'machine' && machine !== undefined && selected !== null

  const checked = (): boolean => {
    if (issues.size === 0) return true
    setFailure(
      `Fix the ${issues.size === 1 ? 'marked field' : `${issues.size} marked fields`} first: ${[...issues].map(([p, m]) => `${p || 'project'}: ${m}`).join('; ')}`,
    )
    return false
  }
  const run = async (what: () => Promise<void>): Promise<void> => {
    setFailure(null)
    if (!checked()) return
    setBusy(true)
    try {
      await what()
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error))
    } finally {
      setBusy(false)
    }
  }
  const save = (): Promise<void> =>
    run(async () => {
      if (project === undefined) {
        const created = await create.mutateAsync({ hostId, path, model })
        setProject(created)
        const v = await invoke('vagrant.validate', { projectId: created.id })
        setValidation(v)
        if (v.ok) onDone()
      } else setValidation(await invoke('vagrant.save', { projectId: project.id, model }))
    })
  const changeProvider = (p: VagrantProvider): void => {
    setProvider(p)
    // A docker machine runs an image: a box would make Vagrant look for one to download.
    if (p === 'docker' && model.providers.docker === undefined)
      setModel((m) => ({
        ...withField(m, 'box', undefined),
        providers: {
          ...m.providers,
          docker: { image: '', cmd: ['sleep', 'infinity'], ports: [], hasSsh: false },
        },
      }))
  }

  return (
    <Card withBorder padding="lg">
      <Stack gap="sm">
        <Title order={3}>{project === undefined ? 'New project' : `Designer: ${project.name}`}</Title>
        <Group grow align="flex-start">
          {project === undefined ? (
            <TextInput
              label="Folder on the host"
              placeholder="/home/me/projects/web"
              value={path}
              error={path !== '' && !path.startsWith('/') ? 'An absolute folder path on the host' : undefined}
              onChange={(e) => setPath(e.currentTarget.value)}
            />
          ) : (
            <TextInput label="Folder on the host" value={project.path} readOnly />
          )}
          <Select
            label="Provider"
            description="Used by Up, and by the table's RAM and CPUs"
            data={['libvirt', 'docker', 'virtualbox']}
            value={provider}
            allowDeselect={false}
            onChange={(v) => changeProvider((v ?? 'libvirt') as VagrantProvider)}
          />
        </Group>
        <MachinesTable
          machines={model.machines}
          onChange={(machines) => setModel((m) => ({ ...m, machines }))}
          selected={editingMachine ? selected : null}
          onSelect={(i) => {
            setSelected(i)
            setScope(i === null ? 'project' : 'machine')
          }}
          provider={provider === 'docker' ? undefined : provider}
          errors={(p) => issues.get(p)}
          problems={problems}
        />
        <Group>
          <Button
            variant="default"
            onClick={() =>
              setModel((m) => ({
                ...m,
                machines: [...m.machines, { ...EMPTY_SETTINGS, name: `machine${m.machines.length + 1}` }],
              }))
            }
          >
            Add machine
          </Button>
          <SegmentedControl
            aria-label="Settings of"
            value={editingMachine ? 'machine' : 'project'}
            onChange={(v) => setScope(v === 'machine' && selected !== null ? 'machine' : 'project')}
            data={[
              { value: 'project', label: 'All machines' },
              {
                value: 'machine',
                label: machine === undefined ? 'One machine (Edit… in the table)' : `Machine ${machine.name}`,
                disabled: machine === undefined,
              },
            ]}
          />
        </Group>
        {editingMachine ? (
          <>
            <ValidationMessages validation={validation} machine={machine.name} />
            <SettingsEditor
              key={`machine-${selected}`}
              value={machine}
              onChange={(next) =>
                setModel((m) => ({ ...m, machines: replaceAt(m.machines, selected, next) }))
              }
              errors={errorsAt(issues, `machines.${selected}.`)}
              issues={itemIssues(issues, `machines.${selected}.`)}
              interfaces={interfaces.data ?? []}
              sharedMemory={sharedMemory(machine)}
              scopeLabel={`machine ${machine.name}`}
            />
          </>
        ) : (
          <SettingsEditor
            key="project"
            value={model}
            onChange={(next) => setModel(next)}
            errors={errorsAt(issues, '')}
            issues={itemIssues(issues, '')}
            interfaces={interfaces.data ?? []}
            sharedMemory={sharedMemory()}
            scopeLabel="all machines"
          />
        )}
        {issues.get('machines') !== undefined && (
          <Text c="red" size="sm">
            {issues.get('machines')}
          </Text>
        )}
        <Group>
          <Button
            variant="default"
            onClick={() =>
              void run(async () => {
                const g = await invoke('vagrant.generate', { model })
                setPreview([g.text, ...g.warnings.map((w) => `# Warning: ${w}`)].join('\n'))
              })
            }
          >
            Preview Vagrantfile
          </Button>
          <Button loading={busy} disabled={project === undefined && path === ''} onClick={() => void save()}>
            {project === undefined ? 'Create project' : 'Save and validate'}
          </Button>
          <Button variant="subtle" onClick={onDone}>
            Close
          </Button>
        </Group>
        {failure !== null && (
          <Alert color="red" title="Not saved">
            {failure}
          </Alert>
        )}
        <ValidationMessages validation={validation} />
        {preview !== null && <Code block>{preview}</Code>}
      </Stack>
    </Card>
  )
}
