import { SegmentedControl, Stack } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { HostView } from '@shared/hosts.js'
import { PanelHeading } from '../ui/PanelHeading'
import { AllHostsContainers } from './AllHostsContainers'
import { DockerSection } from './DockerSection'
import { LxcSection } from './LxcSection'

/** Docker containers (live from /events) and LXC system containers of a host — or of every connected host. */
export function ContainersPanel({ host, hosts }: { host: HostView; hosts: HostView[] }): JSX.Element {
  const [scope, setScope] = useState<'host' | 'all'>('host')
  return (
    <Stack gap="lg" maw={1200}>
      <PanelHeading title="Containers">{scope === 'host' ? host.name : 'All hosts'}</PanelHeading>
      <SegmentedControl
        w="fit-content"
        value={scope}
        onChange={(value) => setScope(value === 'all' ? 'all' : 'host')}
        data={[
          { value: 'host', label: `On ${host.name}` },
          { value: 'all', label: 'All hosts' },
        ]}
        aria-label="Which containers to show"
      />
      {scope === 'all' ? (
        <AllHostsContainers hosts={hosts} />
      ) : (
        <>
          <DockerSection host={host} />
          <LxcSection host={host} />
        </>
      )}
    </Stack>
  )
}
