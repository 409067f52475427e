import { useEffect, useRef } from 'react'

/**
 * Links between panels (a VM ↔ its Vagrant project): App listens and shows the request's host and
 * panel; the panel, mounted fresh for it, takes the pending request to open the VM or the project.
 */
export type NavigationRequest =
  | { panel: 'vagrant'; hostId: string; projectId: string }
  | { panel: 'vms'; hostId: string; uuid: string; name: string }

let pending: NavigationRequest | null = null
const listeners = new Set<(request: NavigationRequest) => void>()

export function navigate(request: NavigationRequest): void {
  pending = request
  for (const listener of listeners) listener(request)
}

/** The pending request for this panel, taken (cleared) — for a panel's initial state. */
export function takeNavigation<P extends NavigationRequest['panel']>(
  panel: P,
): Extract<NavigationRequest, { panel: P }> | null {
  if (pending?.panel !== panel) return null
  const request = pending as Extract<NavigationRequest, { panel: P }>
  // Cleared after this render: React may call a state initializer twice (StrictMode).
  setTimeout(() => {
    if (pending === request) pending = null
  }, 0)
  return request
}

/** Calls `handler` for every request (App: switch host and panel). */
export function useNavigationListener(handler: (request: NavigationRequest) => void): void {
  const latest = useRef(handler)
  useEffect(() => {
    latest.current = handler
  })
  useEffect(() => {
    const listener = (request: NavigationRequest): void => latest.current(request)
    listeners.add(listener)
    return () => {
      listeners.delete(listener)
    }
  }, [])
}
