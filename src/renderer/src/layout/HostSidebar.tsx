import { Alert, AppShell, Button, Divider, Loader, ScrollArea, Stack, Text } from '@mantine/core'
import type { JSX } from 'react'
import type { AppError } from '@shared/errors.js'
import type { HostView } from '@shared/hosts.js'
import { HostNavItem } from './HostNavItem'
import type { PanelId } from './panels'
import { SectionNav } from './SectionNav'

interface Props {
  hosts: HostView[] | undefined
  loading: boolean
  error: AppError | null
  selected: HostView | undefined
  panel: PanelId
  onSelectHost(id: string): void
  onSelectPanel(panel: PanelId): void
  onAddHost(): void
  onImport(): void
}

export function HostSidebar(props: Props): JSX.Element {
  const { hosts, selected } = props
  return (
    <>
      <AppShell.Section grow component={ScrollArea} scrollbars="y">
        <nav aria-label="Hosts">
          <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pb={4}>
            Hosts
          </Text>
          {props.loading && <Loader size="sm" m="sm" aria-label="Loading hosts" />}
          {props.error && (
            <Alert color="red" variant="light" title="Could not load the hosts">
              {props.error.message}
            </Alert>
          )}
          {hosts?.map((host) => (
            <HostNavItem
              key={host.id}
              host={host}
              selected={host.id === selected?.id}
              onSelect={props.onSelectHost}
            />
          ))}
        </nav>
        {selected && (
          <>
            <Divider my="sm" />
            <SectionNav hostName={selected.name} panel={props.panel} onSelect={props.onSelectPanel} />
          </>
        )}
      </AppShell.Section>
      <AppShell.Section>
        <Stack gap="xs" pt="sm">
          <Button onClick={props.onAddHost}>Add host</Button>
          <Button variant="default" onClick={props.onImport}>
            Import from SSH config
          </Button>
        </Stack>
      </AppShell.Section>
    </>
  )
}
