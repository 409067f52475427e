import { Card, Stack, Switch } from '@mantine/core'
import type { JSX, ReactNode } from 'react'
import type { VagrantProviders } from '@shared/vagrant.js'

type Libvirt = NonNullable<VagrantProviders['libvirt']>

/** One provider's block: a switch that adds or removes it, and its fields while on. */
export function Section({
  title,
  on,
  onToggle,
  children,
}: {
  title: string
  on: boolean
  onToggle(on: boolean): void
  children: ReactNode
}): JSX.Element {
  return (
    <Card withBorder padding="sm">
      <Stack gap="xs">
        <Switch label={title} checked={on} onChange={(e) => onToggle(e.currentTarget.checked)} />
        {on && children}
      </Stack>
    </Card>
  )
}

/** "0000:01:00.0, 01:00.1" → PCI addresses; what does not parse is kept for the schema to refuse. */
export function parsePci(text: string): Libvirt['pci'] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const m = /^(?:([0-9a-f]{4}):)?([0-9a-f]{2}):([0-9a-f]{2})\.([0-7])$/i.exec(s)
      if (m === null) return { bus: s, slot: '', function: '' }
      return {
        ...(m[1] === undefined ? {} : { domain: `0x${m[1]}` }),
        bus: `0x${m[2] ?? ''}`,
        slot: `0x${m[3] ?? ''}`,
        function: `0x${m[4] ?? ''}`,
      }
    })
}
