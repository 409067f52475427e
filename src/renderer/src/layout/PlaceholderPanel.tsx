import { Badge, Card, Stack, Text } from '@mantine/core'
import type { JSX } from 'react'
import { PanelHeading } from '../ui/PanelHeading'

/** A panel that is not built yet, and says so plainly. */
export function PlaceholderPanel({
  title,
  hostName,
  text,
}: {
  title: string
  hostName: string
  text: string
}): JSX.Element {
  return (
    <Stack gap="lg" maw={860}>
      <PanelHeading title={title}>{hostName}</PanelHeading>
      <Card withBorder padding="xl">
        <Stack gap="sm" align="flex-start">
          <Badge variant="light" color="gray">
            Not available yet
          </Badge>
          <Text>{text}</Text>
        </Stack>
      </Card>
    </Stack>
  )
}
