import { AppError } from '@shared/errors.js'

/** How long a previewed plan can be applied: long enough to read it, short enough that it is still true. */
export const PLAN_TTL_MS = 15 * 60_000

/**
 * Previewed plans, kept in main between "Preview" and "Apply": the renderer names a plan by id and
 * never sends file contents, commands or XML. Each plan belongs to one host and expires.
 */
export class PlanCache<T extends { id: string; hostId: string }> {
  private readonly plans = new Map<string, { plan: T; expiresAt: number }>()

  constructor(
    private readonly ttlMs: number = PLAN_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  put<P extends T>(plan: P): P {
    for (const [id, entry] of this.plans) if (entry.expiresAt <= this.now()) this.plans.delete(id)
    this.plans.set(plan.id, { plan, expiresAt: this.now() + this.ttlMs })
    return plan
  }

  get(hostId: string, id: string): T {
    const entry = this.plans.get(id)
    if (entry === undefined || entry.expiresAt <= this.now() || entry.plan.hostId !== hostId) {
      if (entry !== undefined && entry.expiresAt <= this.now()) this.plans.delete(id)
      throw new AppError('NOT_FOUND', 'This preview has expired or is unknown; nothing was changed.', {
        detail: 'Preview the change again, then apply it.',
      })
    }
    return entry.plan
  }

  drop(id: string): void {
    this.plans.delete(id)
  }
}
