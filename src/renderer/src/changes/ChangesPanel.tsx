import { SegmentedControl, Stack, Text } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { HostView } from '@shared/hosts.js'
import { PanelHeading } from '../ui/PanelHeading'
import { ChangesCard } from '../ui/changes/ChangesCard'

/**
 * The Changes page: every change VirtDeck made — on this host or on all of them, by every
 * capability — with its files, VM definitions, backups and last check, and Undo for each.
 */
export function ChangesPanel({ host }: { host: HostView; hosts: HostView[] }): JSX.Element {
  const [scope, setScope] = useState<'host' | 'all'>('host')
  return (
    <Stack gap="lg" maw={980}>
      <PanelHeading title="Changes">{scope === 'host' ? host.name : 'All hosts'}</PanelHeading>
      <Text size="sm" c="dimmed">
        Every change VirtDeck made to a host’s files, boot settings or VM definitions. Each one kept a backup
        and can be undone here, also after a restart of VirtDeck.
      </Text>
      <SegmentedControl
        w="fit-content"
        value={scope}
        onChange={(value) => setScope(value === 'all' ? 'all' : 'host')}
        data={[
          { value: 'host', label: `On ${host.name}` },
          { value: 'all', label: 'All hosts' },
        ]}
        aria-label="Which changes to show"
      />
      <ChangesCard
        title={scope === 'host' ? `Changes on ${host.name}` : 'Changes on all hosts'}
        filter={scope === 'host' ? { hostId: host.id } : {}}
        showHost={scope === 'all'}
      />
    </Stack>
  )
}
