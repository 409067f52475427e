import { Alert, Button, Card, Group, Stack, Text, TextInput } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { HostView } from '@shared/hosts.js'
import { PanelHeading } from '../ui/PanelHeading'
import { BoxesCard } from './BoxesCard'
import { DesignerForm } from './DesignerForm'
import { takeNavigation } from './navigation'
import { ProjectCard } from './ProjectCard'
import { useAddProject, useVagrantInfo, useVagrantProjects } from './useVagrant'

/** Vagrant on a host: is it there (and its plugins), its projects, a new one from the designer. */
export function VagrantPanel({ host }: { host: HostView }): JSX.Element {
  const info = useVagrantInfo(host.id)
  const projects = useVagrantProjects()
  const add = useAddProject()
  const [path, setPath] = useState('')
  const [designing, setDesigning] = useState(false)
  // Opened from a VM's "Vagrant:" link: that project is shown first.
  const [focus] = useState(() => takeNavigation('vagrant')?.projectId)
  const mine = (projects.data ?? []).filter((p) => p.hostId === host.id)
  return (
    <Stack gap="lg" maw={1100}>
      <PanelHeading title="Vagrant">
        {host.name}
        {info.data?.installed === true &&
          ` · Vagrant ${info.data.version ?? ''}${info.data.plugins.length > 0 ? ` · ${info.data.plugins.map((p) => `${p.name} ${p.version}`).join(', ')}` : ''}`}
      </PanelHeading>
      {info.data?.installed === false && (
        <Alert color="yellow" title="Vagrant is not installed">
          {info.data.problem}
        </Alert>
      )}
      {info.error && <Alert color="red">{info.error.message}</Alert>}
      <Card withBorder padding="md">
        <Group align="flex-end">
          <TextInput
            label="Add a folder holding a Vagrantfile"
            placeholder="/home/me/projects/web"
            value={path}
            onChange={(e) => setPath(e.currentTarget.value)}
            style={{ flex: 1 }}
          />
          <Button
            loading={add.isPending}
            disabled={path === ''}
            onClick={() => add.mutate({ hostId: host.id, path }, { onSuccess: () => setPath('') })}
          >
            Add project
          </Button>
          <Button variant="default" onClick={() => setDesigning((d) => !d)}>
            {designing ? 'Close the designer' : 'New project…'}
          </Button>
        </Group>
        {add.error && (
          <Text c="red" size="sm">
            {add.error.message}
          </Text>
        )}
      </Card>
      {designing && <DesignerForm hostId={host.id} onDone={() => setDesigning(false)} />}
      {projects.isSuccess && mine.length === 0 && !designing && (
        <Text c="dimmed">No Vagrant projects on {host.name} yet: add a folder, or design a new project.</Text>
      )}
      {mine.map((p) => (
        <ProjectCard key={p.id} project={p} focused={p.id === focus} />
      ))}
      {info.data?.installed === true && <BoxesCard hostId={host.id} />}
    </Stack>
  )
}
