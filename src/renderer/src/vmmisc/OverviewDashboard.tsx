import { Alert, Anchor, Badge, Group, Loader, Progress, SimpleGrid, Stack, Text } from '@mantine/core'
import type { JSX, ReactNode } from 'react'
import type { HostView } from '@shared/hosts.js'
import type { DomainState } from '@shared/vms.js'
import type { PanelId } from '../layout/panels'
import type { EngineCounts } from '../containers/useContainerCounts'
import { useContainerCounts } from '../containers/useContainerCounts'
import { ErrorDetails } from '../notify/ErrorDetails'
import { SectionCard } from '../ui/SectionCard'
import { formatKiB, STATE_WORDS } from '../vms/format'
import type { Share } from './overviewNumbers'
import { overviewShares } from './overviewNumbers'
import { useHostOverview } from './useVmMisc'

const STATE_ORDER: DomainState[] = [
  'running',
  'paused',
  'pmsuspended',
  'shutdown',
  'blocked',
  'crashed',
  'shutoff',
  'unknown',
]
const STATE_COLOUR: Partial<Record<DomainState, string>> = {
  running: 'teal',
  paused: 'yellow',
  crashed: 'red',
  shutoff: 'gray',
}

interface Props {
  host: HostView
  onOpenPanel?(panel: PanelId): void
  /** The graphs capability's HostTotalsCard (one line where the dashboard is mounted). */
  extra?: ReactNode
}

function PanelLink({
  panel,
  onOpenPanel,
  children,
}: {
  panel: PanelId
  onOpenPanel: Props['onOpenPanel']
  children: ReactNode
}): JSX.Element {
  if (onOpenPanel === undefined) return <>{children}</>
  return (
    <Anchor
      component="button"
      type="button"
      size="sm"
      onClick={() => onOpenPanel(panel)}
      style={{ alignSelf: 'flex-start' }}
    >
      {children}
    </Anchor>
  )
}

function ShareBar({
  label,
  value,
  unit,
}: {
  label: string
  value: Share | undefined
  unit: (n: number) => string
}): JSX.Element {
  if (value === undefined)
    return (
      <Text size="sm" c="dimmed">
        {label}: unknown
      </Text>
    )
  const text = `${unit(value.used)} of ${unit(value.total)} (${value.percent} %)`
  return (
    <Stack gap={4}>
      <Group justify="space-between" gap="xs">
        <Text size="sm">{label}</Text>
        <Text size="sm" {...(value.over ? { c: 'orange', fw: 600 } : {})}>
          {text}
          {value.over ? ' — overcommitted' : ''}
        </Text>
      </Group>
      <Progress
        value={Math.min(100, value.percent)}
        color={value.over ? 'orange' : value.percent > 85 ? 'yellow' : 'blue'}
        aria-label={`${label}: ${text}`}
      />
    </Stack>
  )
}

function EngineLine({
  name,
  counts,
  order,
}: {
  name: string
  counts: EngineCounts
  order: string[]
}): JSX.Element {
  if (counts.loading) return <Text size="sm">{name}: reading…</Text>
  if (counts.notRead !== undefined)
    return (
      <Text size="sm" c="dimmed">
        {name}: {counts.notRead}
      </Text>
    )
  if (counts.unavailable !== undefined)
    return (
      <Text size="sm" c="dimmed">
        {name}: not available — {counts.unavailable}
      </Text>
    )
  const states = Object.entries(counts.byState).sort(
    ([a], [b]) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99),
  )
  return (
    <Group gap="xs" wrap="wrap">
      <Text size="sm" fw={500}>
        {name}: {counts.total}
      </Text>
      {states.map(([state, n]) => (
        <Badge key={state} variant="light" color={state === 'running' ? 'teal' : 'gray'}>
          {n} {state}
        </Badge>
      ))}
    </Group>
  )
}

/** The host Overview as a dashboard: VMs and containers by state, what running VMs take of the host's CPUs and memory. */
export function OverviewDashboard({ host, onOpenPanel, extra }: Props): JSX.Element | null {
  const connected = host.state.status === 'connected'
  const overview = useHostOverview(host.id, connected)
  // Never asks for the sudo password by itself: LXC is read with sudo -n (what the panel read where a password is needed).
  const containers = useContainerCounts(host.id, { enabled: connected, readLxc: false })
  if (!connected) return null
  if (overview.isPending) return <Loader size="sm" aria-label="Loading the overview" />
  if (overview.error !== null)
    return (
      <Alert color="red" title={`Could not read the overview of ${host.name}`}>
        <ErrorDetails error={overview.error} />
      </Alert>
    )
  const o = overview.data
  const shares = overviewShares(o)
  return (
    <Stack gap="md">
      {o.problems.map((p) => (
        <Alert key={p.message} color="yellow" title={p.message}>
          {p.detail}
        </Alert>
      ))}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <SectionCard title="Virtual machines">
          <Stack gap="xs">
            <Text size="xl" fw={700} aria-label={`${o.vms.total} virtual machines`}>
              {o.vms.total}
            </Text>
            <Group gap="xs" wrap="wrap" role="group" aria-label="Virtual machines by state">
              {STATE_ORDER.filter((s) => (o.vms.byState[s] ?? 0) > 0).map((s) => (
                <Badge key={s} variant="light" color={STATE_COLOUR[s] ?? 'orange'}>
                  {o.vms.byState[s]} {STATE_WORDS[s].toLowerCase()}
                </Badge>
              ))}
              {o.vms.total === 0 && <Text size="sm">No virtual machines yet.</Text>}
            </Group>
            <PanelLink panel="vms" onOpenPanel={onOpenPanel}>
              Open virtual machines →
            </PanelLink>
          </Stack>
        </SectionCard>
        <SectionCard title="Containers">
          <Stack gap="xs">
            <EngineLine
              name="Docker"
              counts={containers.docker}
              order={['running', 'paused', 'restarting', 'created', 'exited', 'dead']}
            />
            <EngineLine name="LXC" counts={containers.lxc} order={['running', 'frozen', 'stopped']} />
            <PanelLink panel="containers" onOpenPanel={onOpenPanel}>
              Open containers →
            </PanelLink>
          </Stack>
        </SectionCard>
        <SectionCard title="CPU">
          <Stack gap="xs">
            <ShareBar label="vCPUs of running VMs" value={shares.vcpus} unit={(n) => `${n}`} />
            {o.totals !== undefined && (
              <Text size="sm" c="dimmed">
                {o.totals.cpus} host CPUs · load {o.totals.load1.toFixed(2)} (last minute)
              </Text>
            )}
            <PanelLink panel="tuning" onOpenPanel={onOpenPanel}>
              VM tuning →
            </PanelLink>
          </Stack>
        </SectionCard>
        <SectionCard title="Memory">
          <Stack gap="xs">
            <ShareBar label="Given to running VMs" value={shares.vmMemory} unit={formatKiB} />
            <ShareBar label="In use on the host" value={shares.hostMemory} unit={formatKiB} />
            <PanelLink panel="checks" onOpenPanel={onOpenPanel}>
              Hardware checks →
            </PanelLink>
          </Stack>
        </SectionCard>
        {/* graphs: HostTotalsCard mounts here (passed in as `extra`) */}
        {extra}
      </SimpleGrid>
    </Stack>
  )
}
