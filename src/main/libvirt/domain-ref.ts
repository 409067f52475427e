import { AppError } from '@shared/errors.js'
import type { DomainRef } from '@shared/vms.js'

/** What virsh is given for a domain: the UUID when known (exact), else the name. */
export function refTarget(ref: DomainRef): string {
  return typeof ref === 'string' ? ref : ref.uuid
}

/** How the domain is named in messages. */
export function refLabel(ref: DomainRef): string {
  return typeof ref === 'string' ? ref : (ref.name ?? ref.uuid)
}

/** The domain went away (someone else deleted it, or a transient one stopped). */
export function noLongerExists(ref: DomainRef, where: string, cause?: unknown): AppError {
  return new AppError('NOT_FOUND', `The virtual machine “${refLabel(ref)}” no longer exists on ${where}`, {
    detail:
      'It may have been deleted outside VirtDeck (or, if it was transient, it stopped). The list has been refreshed.',
    ...(cause === undefined ? {} : { cause }),
  })
}

/** NOT_FOUND from virsh about this domain becomes the clear message; everything else passes through. */
export function domainNotFound(error: unknown, ref: DomainRef, where: string): unknown {
  if (
    error instanceof AppError &&
    error.code === 'NOT_FOUND' &&
    /domain/i.test(`${error.message}\n${error.detail ?? ''}`)
  )
    return noLongerExists(ref, where, error)
  return error
}
