export interface PanelInfo {
  id: PanelId
  label: string
}

/** The sections of a host, in the sidebar's order. MainView maps every id to its view (a typed map). */
export const PANELS = [
  { id: 'overview', label: 'Overview' },
  { id: 'vms', label: 'Virtual machines' },
  { id: 'storage', label: 'Storage' },
  { id: 'networks', label: 'Networks' },
  { id: 'tuning', label: 'VM tuning' },
  { id: 'checks', label: 'Hardware' },
  { id: 'nested', label: 'Nested virtualization' },
  // passthrough: begin
  { id: 'passthrough', label: 'GPU passthrough' },
  // passthrough: end
  { id: 'containers', label: 'Containers' },
  { id: 'vagrant', label: 'Vagrant' },
  { id: 'changes', label: 'Changes' },
  { id: 'activity', label: 'Activity' }, // vmmisc
] as const satisfies readonly { id: string; label: string }[]

export type PanelId = (typeof PANELS)[number]['id']

export function panelInfo(id: PanelId): PanelInfo {
  return PANELS.find((panel) => panel.id === id) ?? { id: 'overview', label: 'Overview' }
}
