import type { HostChangeRecord, Verification, VerifyCheck } from '@shared/changes.js'
import { AppError } from '@shared/errors.js'
import type { ChangesService } from '../changes/changes-service.js'
import { readTextOrNull } from '../changes/host-files.js'
import { PlanCache } from '../changes/plan-cache.js'
import { verification } from '../changes/verify.js'
import type { Host } from '../host/host.js'
import type { CallContext } from '../ipc/router.js'
import type { HostRegistry } from '../services/host-registry.js'
import type { StoredChange } from '../store/changes-repo.js'
import { parseDaemonJson } from './docker/daemon-json.js'
import { DAEMON_JSON } from './docker/mtu.js'
import {
  LXC_DEFAULT_CONF,
  LXC_LINK_KEY,
  planDockerMtu,
  planLxcBridge,
  type DockerMtuPlan,
  type LxcBridgePlan,
} from './fix-plans.js'
import { dockerUserRules, planDockerForward, type DockerForwardPlan } from './forward-plan.js'
import { verifyForwardUnit } from './forward-verify.js'
import { configValue } from './lxc/config.js'

type FixPlan = DockerMtuPlan | LxcBridgePlan | DockerForwardPlan

/**
 * The containers' host fixes as change-engine changes: Docker's MTU in daemon.json (validated, daemon
 * restarted) and LXC's default bridge in /etc/lxc/default.conf. Previewed plans wait here; apply,
 * record, verify and undo are the engine's; the verify step re-reads the file.
 */
export class ContainerFixesService {
  private readonly plans = new PlanCache<FixPlan>()

  constructor(private readonly options: { registry: HostRegistry; changes: ChangesService }) {
    options.changes.register('containers', { verify: async (host, change) => this.verify(host, change) })
  }

  private async host(hostId: string): Promise<Host> {
    this.options.registry.record(hostId)
    await this.options.registry.connect(hostId)
    return this.options.registry.get(hostId)
  }

  async mtuPlan(hostId: string): Promise<DockerMtuPlan> {
    return this.plans.put(await planDockerMtu(await this.host(hostId), hostId))
  }

  async bridgePlan(hostId: string, bridge?: string): Promise<LxcBridgePlan> {
    return this.plans.put(await planLxcBridge(await this.host(hostId), hostId, bridge))
  }

  async forwardPlan(hostId: string): Promise<DockerForwardPlan> {
    return this.plans.put(await planDockerForward(await this.host(hostId), hostId))
  }

  async forwardApply(hostId: string, planId: string, context: CallContext): Promise<HostChangeRecord> {
    const plan = this.planOf(hostId, planId, 'docker-forward') as DockerForwardPlan
    return this.apply(plan, context, {
      method: 'docker-forward',
      summary: `DOCKER-USER accepts forwarding for ${plan.bridges.join(', ')}${plan.files.length > 0 ? ', kept by virtdeck-docker-libvirt.service' : ' (until reboot)'}`,
      action: 'docker.forwardApply',
      target: 'iptables DOCKER-USER',
    })
  }

  async mtuApply(hostId: string, planId: string, context: CallContext): Promise<HostChangeRecord> {
    const plan = this.planOf(hostId, planId, 'docker-mtu') as DockerMtuPlan
    return this.apply(plan, context, {
      method: 'docker-mtu',
      summary: `Docker MTU ${String(plan.mtu)} (uplink ${plan.uplink ?? '?'}) in ${DAEMON_JSON}`,
      action: 'docker.mtuApply',
      target: DAEMON_JSON,
    })
  }

  async bridgeApply(hostId: string, planId: string, context: CallContext): Promise<HostChangeRecord> {
    const plan = this.planOf(hostId, planId, 'lxc-bridge') as LxcBridgePlan
    return this.apply(plan, context, {
      method: 'lxc-bridge',
      summary: `LXC default bridge ${plan.bridge} (${LXC_LINK_KEY}) in ${LXC_DEFAULT_CONF}`,
      action: 'lxc.bridgeApply',
      target: LXC_DEFAULT_CONF,
    })
  }

  private planOf(hostId: string, planId: string, fix: FixPlan['fix']): FixPlan {
    const plan = this.plans.get(hostId, planId)
    if (plan.fix !== fix)
      throw new AppError('INVALID_INPUT', `This preview is not a ${fix} plan; nothing was changed.`)
    return plan
  }

  private async apply(
    plan: FixPlan,
    context: CallContext,
    how: { method: string; summary: string; action: string; target: string },
  ): Promise<HostChangeRecord> {
    try {
      const stored = await this.options.changes.apply(
        plan.hostId,
        plan,
        { capability: 'containers', ...how },
        context,
      )
      this.plans.drop(plan.id)
      return this.options.changes.view(stored)
    } catch (error) {
      // The file changed since the preview: this plan can never apply; preview again.
      if (error instanceof AppError && error.code === 'CONFLICT') this.plans.drop(plan.id)
      throw error
    }
  }

  /** Re-reads the file (or `iptables -S DOCKER-USER`): the MTU (or the link) is the planned one after apply, and no longer after undo. */
  private async verify(host: Host, change: StoredChange): Promise<Verification> {
    const undone = change.undoneAt !== null
    const checks: VerifyCheck[] = []
    if (change.applied.method === 'docker-mtu') {
      const plan = change.plan as Partial<DockerMtuPlan>
      const text = await readTextOrNull(host, DAEMON_JSON, {
        reason: `Read ${DAEMON_JSON} to verify the MTU fix`,
      })
      let mtu: unknown
      try {
        mtu = text === null ? undefined : parseDaemonJson(text)['mtu']
      } catch {
        mtu = undefined
      }
      const ok = mtu === plan.mtu
      checks.push({
        label: undone
          ? `${DAEMON_JSON} no longer sets mtu ${String(plan.mtu)}`
          : `${DAEMON_JSON} sets mtu ${String(plan.mtu)}`,
        ok: undone ? !ok : ok,
        evidence:
          text === null ? `${DAEMON_JSON} does not exist` : `"mtu": ${JSON.stringify(mtu) ?? 'absent'}`,
      })
    } else if (change.applied.method === 'lxc-bridge') {
      const plan = change.plan as Partial<LxcBridgePlan>
      const text = await readTextOrNull(host, LXC_DEFAULT_CONF, {
        reason: `Read ${LXC_DEFAULT_CONF} to verify the bridge fix`,
      })
      const link = text === null ? undefined : configValue(text, LXC_LINK_KEY)
      const ok = link === plan.bridge
      checks.push({
        label: undone
          ? `${LXC_DEFAULT_CONF} no longer links to ${String(plan.bridge)}`
          : `${LXC_DEFAULT_CONF} links new containers to ${String(plan.bridge)}`,
        ok: undone ? !ok : ok,
        evidence:
          text === null ? `${LXC_DEFAULT_CONF} does not exist` : `${LXC_LINK_KEY} = ${link ?? '(absent)'}`,
      })
    } else if (change.applied.method === 'docker-forward') {
      const plan = change.plan as Partial<DockerForwardPlan>
      const rules = await dockerUserRules(host)
      for (const rule of plan.rules ?? []) {
        const ok = rules.includes(rule)
        checks.push({
          label: undone ? `DOCKER-USER no longer has: ${rule}` : `DOCKER-USER has: ${rule}`,
          ok: undone ? !ok : ok,
          evidence: rules.length === 0 ? 'iptables -S DOCKER-USER: no rules' : rules.join('\n'),
        })
      }
      checks.push(...(await verifyForwardUnit(host, plan, undone)))
    }
    return verification(host, change.applied, checks)
  }
}
