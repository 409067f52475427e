import { NavLink, Text } from '@mantine/core'
import type { JSX } from 'react'
import type { PanelId } from './panels'
import { PANELS } from './panels'

interface Props {
  hostName: string
  panel: PanelId
  onSelect(panel: PanelId): void
}

/** The panels of the selected host. */
export function SectionNav({ hostName, panel, onSelect }: Props): JSX.Element {
  return (
    <nav aria-label="Host sections">
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pb={4} truncate>
        {hostName}
      </Text>
      {PANELS.map((item) => (
        <NavLink
          key={item.id}
          component="button"
          type="button"
          label={item.label}
          active={item.id === panel}
          aria-current={item.id === panel ? 'page' : undefined}
          variant="subtle"
          onClick={() => onSelect(item.id)}
        />
      ))}
    </nav>
  )
}
