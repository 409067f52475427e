import { Badge, Card, Stack, Text } from '@mantine/core'
import type { JSX } from 'react'
import { PanelHeading } from '../ui/PanelHeading'
import type { PanelInfo } from './panels'

/** A panel that is not built yet, and says so. */
export function PlaceholderPanel({ panel, hostName }: { panel: PanelInfo; hostName: string }): JSX.Element {
  return (
    <Stack gap="lg" maw={860}>
      <PanelHeading title={panel.label}>{hostName}</PanelHeading>
      <Card withBorder padding="xl">
        <Stack gap="sm" align="flex-start">
          <Badge variant="light" color="gray">
            Not available yet
          </Badge>
          <Text>{panel.later}</Text>
        </Stack>
      </Card>
    </Stack>
  )
}
