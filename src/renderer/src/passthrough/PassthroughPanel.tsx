import { Alert, Button, Group, Loader, Radio, Stack, Text } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { HostView } from '@shared/hosts.js'
import { usePassthroughReport } from '../api/usePassthrough'
import { ErrorDetails } from '../notify/ErrorDetails'
import { ChangesCard } from '../ui/changes/ChangesCard'
import { PanelHeading } from '../ui/PanelHeading'
import { SectionCard } from '../ui/SectionCard'
import { GpuBadges, GpuDetails, short } from './GpuCard'
import { HooksCard } from './HooksCard'
import { HostPlanCard } from './HostPlanCard'
import { LaunchCard } from './LaunchCard'
import { VmConfigCard } from './VmConfigCard'

/**
 * GPU passthrough on one host: pick the card (functions, group, viability and blockers in words, the
 * host's own display), prepare the host as one change with a rescue note, see it verified after the
 * reboot, give the card to a VM. Every change is undone from the Changes page.
 */
export function PassthroughPanel({ host }: { host: HostView }): JSX.Element {
  const report = usePassthroughReport(host.id)
  const [picked, setPicked] = useState<string | null>(null)
  const gpus = report.data?.gpus ?? []
  const gpu = gpus.find((g) => g.address === picked) ?? (gpus.length === 1 ? gpus[0] : undefined)
  return (
    <Stack gap="lg" maw={1100}>
      <PanelHeading title="GPU passthrough">{host.name}</PanelHeading>
      <Text size="sm" c="dimmed">
        Give a graphics card to a VM: VirtDeck reads the PCI devices and IOMMU groups, prepares the host
        (vfio-pci, IOMMU) as one undoable change, checks it after the reboot and configures the VM.
      </Text>
      {report.isPending && <Loader size="sm" aria-label="Reading the PCI devices" />}
      {report.error !== null && <ErrorDetails error={report.error} />}
      {(report.data?.notes ?? []).map((n) => (
        <Alert color="gray" key={n}>
          {n}
        </Alert>
      ))}
      {report.data !== undefined && (
        <SectionCard title="Graphics cards">
          <Stack gap="sm">
            {gpus.length === 0 && <Text size="sm">No graphics card found on {host.name}.</Text>}
            <Radio.Group
              value={gpu?.address ?? null}
              onChange={setPicked}
              name="gpu"
              aria-label="Graphics card"
            >
              <Stack gap="xs">
                {gpus.map((g) => (
                  <Group key={g.address} gap="sm" wrap="nowrap">
                    <Radio value={g.address} label={`${short(g.address)} ${g.label}`} />
                    <GpuBadges gpu={g} />
                  </Group>
                ))}
              </Stack>
            </Radio.Group>
            <Button variant="subtle" w="fit-content" size="xs" onClick={() => void report.refetch()}>
              Read again
            </Button>
            {gpu !== undefined && <GpuDetails gpu={gpu} />}
          </Stack>
        </SectionCard>
      )}
      {gpu !== undefined && <HostPlanCard hostId={host.id} hostName={host.name} gpu={gpu.address} />}
      <ChangesCard
        title="Host preparation: check after the reboot"
        filter={{ hostId: host.id, capability: 'passthrough' }}
        empty="The host has not been prepared by VirtDeck yet."
      />
      {gpu !== undefined && <VmConfigCard key={gpu.address} hostId={host.id} gpu={gpu} />}
      <LaunchCard hostId={host.id} />
      {gpu !== undefined && <HooksCard key={`hooks-${gpu.address}`} hostId={host.id} gpu={gpu} />}
    </Stack>
  )
}
