/** The Hardware tab's field checks, in the user's words: one place for main (zod), the renderer (at the field) and the CLI. */

export const MAC_RE = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i

export function macProblem(mac: string): string | undefined {
  if (!MAC_RE.test(mac))
    return 'A MAC address is six pairs of hex digits separated by colons, e.g. 52:54:00:12:34:56.'
  const first = Number.parseInt(mac.slice(0, 2), 16)
  if ((first & 1) === 1)
    return `${mac} is a multicast address (odd first byte); a network card needs a unicast one.`
  if (/^(00:){5}00$/i.test(mac)) return 'All zeros is not a usable MAC address.'
  return undefined
}

export function sizeGiBProblem(value: number, what = 'The size'): string | undefined {
  if (!Number.isFinite(value)) return `${what} must be a number of GiB.`
  if (value <= 0) return `${what} must be more than 0 GiB.`
  if (value > 1024 * 1024) return `${what} of ${value} GiB is over 1 PiB; give it in GiB.`
  if (Math.round(value * 1024) !== value * 1024)
    return `${what} is counted in MiB steps (1/1024 GiB); ${value} GiB is not a whole number of MiB.`
  return undefined
}

export function memoryProblem(currentMiB: number, maxMiB: number): string | undefined {
  for (const [v, what] of [
    [currentMiB, 'Current memory'],
    [maxMiB, 'Maximum memory'],
  ] as const) {
    if (!Number.isInteger(v)) return `${what} is counted in whole MiB; ${v} is not.`
    if (v < 16) return `${what} of ${v} MiB is too little to boot anything; give at least 16 MiB.`
    if (v > 16 * 1024 * 1024) return `${what} of ${v} MiB is over 16 TiB; no host has that much.`
  }
  if (currentMiB > maxMiB)
    return `Current memory (${currentMiB} MiB) cannot be more than the maximum (${maxMiB} MiB).`
  return undefined
}

export function vcpusProblem(current: number, max: number): string | undefined {
  for (const [v, what] of [
    [current, 'Current vCPUs'],
    [max, 'Maximum vCPUs'],
  ] as const) {
    if (!Number.isInteger(v)) return `${what} must be a whole number; ${v} is not.`
    if (v < 1) return `${what} must be at least 1; ${v} is not.`
    if (v > 4096) return `${what} of ${v} is more than libvirt allows (4096).`
  }
  if (current > max) return `Current vCPUs (${current}) cannot be more than the maximum (${max}).`
  return undefined
}

export function absolutePathProblem(path: string, what = 'The path'): string | undefined {
  if (!path.startsWith('/')) return `${what} must be absolute (start with /).`
  if (path.split('/').includes('..')) return `${what} may not contain “..”.`
  if ([...path].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f))
    return `${what} may not contain control characters (newlines, tabs).`
  return undefined
}

export function listenProblem(listen: string): string | undefined {
  if (listen === '') return undefined
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(listen)
  if (v4 !== null)
    return v4.slice(1).every((n) => Number(n) <= 255) ? undefined : `${listen} is not an IPv4 address.`
  if (/^[0-9a-f:]+$/i.test(listen) && listen.includes(':')) return undefined
  return `The listen address is an IP address (127.0.0.1 for this host only, 0.0.0.0 for every network); “${listen}” is not.`
}

/** VNC's own authentication keys on 8 characters: libvirt refuses a longer VNC password. */
export const VNC_PASSWORD_MAX = 8

/** Only the limit of the console's protocol (VNC: 8 characters); the rest is passwordProblem's. */
export function passwordLimitProblem(password: string, type: string): string | undefined {
  if (type === 'vnc' && password.length > VNC_PASSWORD_MAX)
    return `A VNC console password has at most ${VNC_PASSWORD_MAX} characters (VNC's own limit; libvirt refuses longer ones).`
  return undefined
}

export function passwordProblem(password: string, type?: string): string | undefined {
  const limit = type === undefined ? undefined : passwordLimitProblem(password, type)
  if (limit !== undefined) return limit
  if (password.length > 64) return 'A console password has at most 64 characters.'
  if ([...password].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f))
    return 'A console password may not contain control characters.'
  return undefined
}

export function tagProblem(tag: string): string | undefined {
  if (tag.length === 0) return 'Give the tag the guest mounts (e.g. shared).'
  if (tag.length > 36) return 'A virtiofs tag has at most 36 characters.'
  if (!/^[A-Za-z0-9_.-]+$/.test(tag)) return 'A tag uses letters, digits, “_”, “.” and “-” only.'
  return undefined
}
