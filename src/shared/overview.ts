import { z } from 'zod'
import type { ErrorPayload } from './errors.js'
import type { DomainState } from './vms.js'

export const overviewHostInput = z.object({ hostId: z.string().min(1).max(64) }).strict()

/** The host's own totals, read from /proc through the Host (locally or over SSH). */
export interface HostTotals {
  cpus: number
  memoryKiB: number
  /** MemTotal − MemAvailable. */
  memoryUsedKiB: number
  /** 1-minute load average. */
  load1: number
}

/** One host's dashboard: its VMs by state, and what the running ones take of the host. */
export interface HostOverview {
  hostId: string
  hostName: string
  vms: {
    total: number
    byState: Partial<Record<DomainState, number>>
  }
  /** Sum over running (and paused) VMs. */
  allocated: { vcpus: number; memoryKiB: number }
  totals?: HostTotals
  /** What could not be read (libvirt or /proc), said plainly; the rest is still shown. */
  problems: ErrorPayload[]
}

export interface OverviewAll {
  hosts: (HostOverview & { connected: boolean })[]
}
