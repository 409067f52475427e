import {
  Button,
  Card,
  Checkbox,
  Code,
  Group,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { VagrantModelInput, VagrantProvider } from '@shared/vagrant.js'
import { invoke } from '../api/virtdeck'
import { useCreateProject } from './useVagrant'

interface Row {
  name: string
  box: string
  ip: string
  memory: number | undefined
  cpus: number | undefined
}

/** The designer's model from the form: one provider block per machine, a static private IP each. */
function toModel(f: {
  box: string
  provider: VagrantProvider
  image: string
  rows: Row[]
  script: string
  noSync: boolean
}): VagrantModelInput {
  const resources = (r: Row): Record<string, number> => ({
    ...(r.memory === undefined ? {} : { memory: r.memory }),
    ...(r.cpus === undefined ? {} : { cpus: r.cpus }),
  })
  return {
    // A docker machine runs the image: a box would make Vagrant look for one to download.
    ...(f.box === '' || f.provider === 'docker' ? {} : { box: f.box }),
    ...(f.noSync ? { syncedFolders: [{ hostPath: '.', guestPath: '/vagrant', disabled: true }] } : {}),
    ...(f.provider === 'docker'
      ? { providers: { docker: { image: f.image, cmd: ['sleep', 'infinity'], hasSsh: false } } }
      : {}),
    ...(f.script.trim() === '' ? {} : { provisioners: [{ type: 'shell' as const, inline: f.script }] }),
    machines: f.rows.map((r) => ({
      name: r.name,
      ...(r.box === '' ? {} : { box: r.box }),
      ...(r.ip === '' ? {} : { networks: [{ kind: 'private_network' as const, ip: r.ip }] }),
      ...(f.provider === 'libvirt' ? { providers: { libvirt: resources(r) } } : {}),
      ...(f.provider === 'virtualbox' ? { providers: { virtualbox: resources(r) } } : {}),
    })),
  }
}

/** A new project: the main settings and a table of machines, previewed as the Vagrantfile it makes. */
export function DesignerForm({ hostId, onCreated }: { hostId: string; onCreated(): void }): JSX.Element {
  const [path, setPath] = useState('')
  const [box, setBox] = useState('debian/bookworm64')
  const [provider, setProvider] = useState<VagrantProvider>('libvirt')
  const [image, setImage] = useState('')
  const [script, setScript] = useState('')
  const [noSync, setNoSync] = useState(false)
  const [rows, setRows] = useState<Row[]>([{ name: 'default', box: '', ip: '', memory: 1024, cpus: 1 }])
  const [preview, setPreview] = useState<string | null>(null)
  const create = useCreateProject()
  const model = (): VagrantModelInput => toModel({ box, provider, image, rows, script, noSync })
  const setRow = (i: number, patch: Partial<Row>): void =>
    setRows((all) => all.map((r, j) => (j === i ? { ...r, ...patch } : r)))

  return (
    <Card withBorder padding="lg">
      <Stack gap="sm">
        <Title order={3}>New project</Title>
        <TextInput
          label="Folder on the host"
          placeholder="/home/me/projects/web"
          value={path}
          onChange={(e) => setPath(e.currentTarget.value)}
        />
        <Group grow>
          {provider !== 'docker' && (
            <TextInput label="Box" value={box} onChange={(e) => setBox(e.currentTarget.value)} />
          )}
          <Select
            label="Provider"
            data={['libvirt', 'docker', 'virtualbox']}
            value={provider}
            allowDeselect={false}
            onChange={(v) => setProvider((v ?? 'libvirt') as VagrantProvider)}
          />
          {provider === 'docker' && (
            <TextInput label="Docker image" value={image} onChange={(e) => setImage(e.currentTarget.value)} />
          )}
        </Group>
        <Table aria-label="Machines">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Box</Table.Th>
              <Table.Th>Private IP</Table.Th>
              <Table.Th>RAM (MiB)</Table.Th>
              <Table.Th>CPUs</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r, i) => (
              <Table.Tr key={i}>
                <Table.Td>
                  <TextInput
                    aria-label={`Machine ${i + 1} name`}
                    value={r.name}
                    onChange={(e) => setRow(i, { name: e.currentTarget.value })}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    aria-label={`Machine ${i + 1} box`}
                    placeholder="(project box)"
                    value={r.box}
                    onChange={(e) => setRow(i, { box: e.currentTarget.value })}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    aria-label={`Machine ${i + 1} IP`}
                    placeholder="DHCP"
                    value={r.ip}
                    onChange={(e) => setRow(i, { ip: e.currentTarget.value })}
                  />
                </Table.Td>
                <Table.Td>
                  <NumberInput
                    aria-label={`Machine ${i + 1} memory`}
                    min={64}
                    value={r.memory ?? ''}
                    onChange={(v) => setRow(i, { memory: typeof v === 'number' ? v : undefined })}
                  />
                </Table.Td>
                <Table.Td>
                  <NumberInput
                    aria-label={`Machine ${i + 1} CPUs`}
                    min={1}
                    value={r.cpus ?? ''}
                    onChange={(v) => setRow(i, { cpus: typeof v === 'number' ? v : undefined })}
                  />
                </Table.Td>
                <Table.Td>
                  <Button
                    variant="subtle"
                    color="red"
                    disabled={rows.length === 1}
                    onClick={() => setRows((all) => all.filter((_, j) => j !== i))}
                  >
                    Remove
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group>
          <Button
            variant="default"
            onClick={() =>
              setRows((all) => [
                ...all,
                { name: `machine${all.length + 1}`, box: '', ip: '', memory: 1024, cpus: 1 },
              ])
            }
          >
            Add machine
          </Button>
          <Checkbox
            label="Do not sync the project folder to /vagrant"
            checked={noSync}
            onChange={(e) => setNoSync(e.currentTarget.checked)}
          />
        </Group>
        <Textarea
          label="Shell provisioner (inline script, every machine)"
          autosize
          minRows={2}
          ff="monospace"
          value={script}
          onChange={(e) => setScript(e.currentTarget.value)}
        />
        <Group>
          <Button
            variant="default"
            onClick={() =>
              void invoke('vagrant.generate', { model: model() }).then(
                (g) => setPreview([g.text, ...g.warnings.map((w) => `# Warning: ${w}`)].join('\n')),
                (error: Error) => setPreview(error.message),
              )
            }
          >
            Preview Vagrantfile
          </Button>
          <Button
            loading={create.isPending}
            disabled={path === ''}
            onClick={() => create.mutate({ hostId, path, model: model() }, { onSuccess: onCreated })}
          >
            Create project
          </Button>
        </Group>
        {create.error && <Text c="red">{create.error.message}</Text>}
        {preview !== null && <Code block>{preview}</Code>}
      </Stack>
    </Card>
  )
}
