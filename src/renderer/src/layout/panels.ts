export interface PanelInfo {
  id: PanelId
  label: string
  /** For panels not built yet: what will be here, said plainly. */
  later?: string
}

export type PanelId =
  'overview' | 'vms' | 'storage' | 'networks' | 'hardware' | 'nested' | 'containers' | 'vagrant'

export const PANELS: readonly PanelInfo[] = [
  { id: 'overview', label: 'Overview' },
  { id: 'vms', label: 'Virtual machines' },
  { id: 'storage', label: 'Storage' },
  { id: 'networks', label: 'Networks' },
  { id: 'hardware', label: 'Hardware' },
  { id: 'nested', label: 'Nested virtualization' },
  // vagrant: begin
  { id: 'vagrant', label: 'Vagrant' },
  // vagrant: end
  {
    id: 'containers',
    label: 'Containers',
    later: 'Containers come in a later version: Docker and LXC containers and Vagrant projects on this host.',
  },
]

export function panelInfo(id: PanelId): PanelInfo {
  return PANELS.find((panel) => panel.id === id) ?? { id: 'overview', label: 'Overview' }
}
