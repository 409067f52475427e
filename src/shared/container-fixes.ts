import { z } from 'zod'
import type { FileChangeData } from './containers.js'
import type { ChangePlanBase, PlannedCommand } from './changes.js'

/**
 * Containers next to libvirt: the FORWARD-DROP and MTU checks' results, and the host fixes (Docker MTU,
 * FORWARD rules, LXC default bridge) as change-engine plans.
 */

const hostId = z.string().min(1).max(64)

// Docker next to libvirt: the checks' results (fixes as data)

export interface ForwardFix {
  chain: 'DOCKER-USER'
  /** iptables argument vectors, run in order (root). */
  apply: string[][]
  /** The exact reverse. */
  undo: string[][]
  explanation: string
  alternatives: string[]
}

export interface ForwardCheck {
  status: 'ok' | 'conflict' | 'not-applicable'
  policy?: 'ACCEPT' | 'DROP'
  /** Bridges whose traffic the DROP policy cuts: no unconditional accept in DOCKER-USER for them. */
  affected: string[]
  /** The lines that show it: the policy, and each bridge's rules. */
  evidence: string[]
  summary: string
  fix?: ForwardFix
}

/** Where a host sets Docker's MTU, the modern way or one of the guide's older forms. */
export interface MtuSetting {
  mtu: number
  source: 'daemon.json' | 'daemon.json default-network-opts' | '/etc/sysconfig/docker' | 'systemd unit'
  line?: string
}

export interface MtuCheck {
  status: 'ok' | 'too-big' | 'unknown'
  uplink?: { device: string; mtu: number }
  /** Each Docker network's MTU (bridge ones; 1500 unless set). */
  networks: { name: string; mtu: number }[]
  settings: MtuSetting[]
  summary: string
  fix?: {
    change: FileChangeData
    /** `dockerd --validate --config-file …` where the daemon has it (23.0 and later). */
    validate?: string[]
    restart: true
    alternative: string
  }
}

// Host fixes as change-engine changes (Docker MTU, LXC default bridge)

/** The MTU fix as a previewed change: daemon.json edit, `dockerd --validate`, daemon restart. */
export interface DockerMtuPlan extends ChangePlanBase {
  fix: 'docker-mtu'
  /** The uplink's MTU the plan sets; null when no uplink is known (then it has a blocker). */
  mtu: number | null
  uplink: string | null
}

/** The LXC bridge fix as a previewed change: `lxc.net.0.link = BRIDGE` in /etc/lxc/default.conf. */
export interface LxcBridgePlan extends ChangePlanBase {
  fix: 'lxc-bridge'
  bridge: string
}

/** The FORWARD-DROP fix as a previewed change: DOCKER-USER accepts for the libvirt bridges (kept by a systemd unit where systemd exists). */
export interface DockerForwardPlan extends ChangePlanBase {
  fix: 'docker-forward'
  /** The libvirt bridges the DROP policy cuts (the check's `affected`). */
  bridges: string[]
  /** The rules the change inserts, as `iptables -S` prints them (`-A DOCKER-USER -i virbr0 -j ACCEPT`). */
  rules: string[]
  undoCommands: PlannedCommand[]
}

export const containerFixApplyInput = z.object({ hostId, planId: z.string().min(1).max(64) }).strict()
export const lxcBridgePlanInput = z
  .object({
    hostId,
    bridge: z
      .string()
      .regex(/^[a-zA-Z0-9_.-]{1,15}$/, 'A bridge name: letters, digits, _ . - (at most 15)')
      .optional(),
  })
  .strict()
