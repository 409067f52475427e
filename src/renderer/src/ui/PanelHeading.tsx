import { Stack, Text, Title } from '@mantine/core'
import type { JSX, ReactNode } from 'react'

/** A panel's heading: its title, and under it, small and dimmed, what it is about (usually the host). */
export function PanelHeading({ title, children }: { title: ReactNode; children: ReactNode }): JSX.Element {
  return (
    <Stack gap={2}>
      <Title order={2}>{title}</Title>
      <Text size="sm" c="dimmed">
        {children}
      </Text>
    </Stack>
  )
}
