import { NavLink } from '@mantine/core'
import type { JSX } from 'react'
import type { HostView } from '@shared/hosts.js'
import { HostStatusIndicator } from '../hosts/HostStatusIndicator'

interface Props {
  host: HostView
  selected: boolean
  onSelect(id: string): void
}

/** One host in the sidebar: a button named by the host, with its live status as text. */
export function HostNavItem({ host, selected, onSelect }: Props): JSX.Element {
  return (
    <NavLink
      component="button"
      type="button"
      label={host.name}
      description={<HostStatusIndicator state={host.state} />}
      active={selected}
      aria-current={selected ? 'page' : undefined}
      onClick={() => onSelect(host.id)}
      styles={{ label: { fontWeight: 500 } }}
    />
  )
}
