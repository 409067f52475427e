/**
 * Which display manager the host runs, from what systemd says: the target of
 * /etc/systemd/system/display-manager.service (`ls -l` or `readlink`), or `systemctl status <dm>`
 * in any systemd era and locale (● or ASCII * bullet, 2- or 3-space indentation).
 */

export interface DisplayManagerStatus {
  /** `lightdm.service` */
  unit: string
  active: 'active' | 'inactive' | 'failed' | 'activating' | 'deactivating' | 'unknown'
  /** enabled, disabled, static, … as the Loaded: line says. */
  enablement: string | null
}

const UNIT = /^[A-Za-z0-9@._-]+\.service$/

/** `…/display-manager.service -> /lib/systemd/system/lightdm.service` (or a bare readlink target) → `lightdm.service`. */
export function displayManagerFromLink(text: string): string | null {
  const line = text.trim().split('\n').at(-1) ?? ''
  const target = line.includes(' -> ') ? line.slice(line.lastIndexOf(' -> ') + 4) : line
  const unit = target.trim().slice(target.trim().lastIndexOf('/') + 1)
  return UNIT.test(unit) && unit !== 'display-manager.service' ? unit : null
}

export function parseSystemctlStatus(text: string): DisplayManagerStatus | null {
  const head = /^\s*[●○*×]?\s*([A-Za-z0-9@._-]+\.service)\b/m.exec(text)
  if (head?.[1] === undefined) return null
  const active = /^\s*Active:\s+(\w+)/m.exec(text)?.[1] ?? 'unknown'
  const loaded = /^\s*Loaded:\s+\w+\s+\([^;]*;\s*([\w-]+)/m.exec(text)?.[1] ?? null
  const states = ['active', 'inactive', 'failed', 'activating', 'deactivating'] as const
  return {
    unit: head[1],
    active: (states as readonly string[]).includes(active)
      ? (active as DisplayManagerStatus['active'])
      : 'unknown',
    enablement: loaded,
  }
}
