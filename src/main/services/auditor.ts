import { AppError } from '@shared/errors.js'
import type { AuditRepo } from '../store/audit-repo.js'

export interface AuditSubject {
  hostId: string | null
  target: string
  action: string
  detail?: string
}

function outcomeOf(error: unknown): 'failed' | 'cancelled' {
  return error instanceof AppError && error.code === 'CANCELLED' ? 'cancelled' : 'failed'
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Wraps a mutating action so that its outcome always lands in the audit log. */
export class Auditor {
  constructor(private readonly audit: AuditRepo) {}

  run<T>(subject: AuditSubject, action: () => T): T {
    try {
      const result = action()
      this.audit.record({ ...subject, outcome: 'ok' })
      return result
    } catch (error) {
      this.audit.record({ ...subject, outcome: outcomeOf(error), detail: describe(error) })
      throw error
    }
  }

  async runAsync<T>(subject: AuditSubject, action: () => Promise<T>): Promise<T> {
    try {
      const result = await action()
      this.audit.record({ ...subject, outcome: 'ok' })
      return result
    } catch (error) {
      this.audit.record({ ...subject, outcome: outcomeOf(error), detail: describe(error) })
      throw error
    }
  }
}
