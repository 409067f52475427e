export interface PanelInfo {
  id: PanelId
  label: string
  /** For panels not built yet: what will be here, said plainly. */
  later?: string
}

export type PanelId = 'overview' | 'vms' | 'storage' | 'networks' | 'hardware' | 'nested' | 'containers'

export const PANELS: readonly PanelInfo[] = [
  { id: 'overview', label: 'Overview' },
  { id: 'vms', label: 'Virtual machines' },
  { id: 'storage', label: 'Storage' },
  { id: 'networks', label: 'Networks' },
  { id: 'hardware', label: 'Hardware' },
  { id: 'nested', label: 'Nested virtualization' },
  { id: 'containers', label: 'Containers' },
]

export function panelInfo(id: PanelId): PanelInfo {
  return PANELS.find((panel) => panel.id === id) ?? { id: 'overview', label: 'Overview' }
}
