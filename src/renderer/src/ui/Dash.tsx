import { Text } from '@mantine/core'
import type { JSX } from 'react'

/** A dimmed "—" where a value is missing, in the size of the text around it. */
export function Dash(): JSX.Element {
  return (
    <Text span c="dimmed">
      —
    </Text>
  )
}
