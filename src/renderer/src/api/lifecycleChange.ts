/** Start, stop or set the autostart of a libvirt network or storage pool, named within its host. */
export type LifecycleChange =
  | { kind: 'start' | 'stop'; hostId: string; name: string }
  | { kind: 'autostart'; hostId: string; name: string; enabled: boolean }
