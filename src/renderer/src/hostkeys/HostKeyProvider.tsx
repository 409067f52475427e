import type { JSX, ReactNode } from 'react'
import { useCallback, useState } from 'react'
import { AppError } from '@shared/errors.js'
import { markAcknowledged, toAppError } from '../api/errors'
import type { HostKeyCheck } from '../api/hostKeyCheck'
import { HostKeyCheckContext } from '../api/hostKeyCheck'
import { HostKeyChangedModal } from './HostKeyChangedModal'
import type { HostKeyRequest } from './hostKeyRequests'
import { changedKeyAddressOf, unknownKeyOf } from './hostKeyRequests'
import { HostKeyUnknownModal } from './HostKeyUnknownModal'

type Question =
  | { kind: 'unknown'; key: NonNullable<ReturnType<typeof unknownKeyOf>>; error: AppError }
  | { kind: 'changed'; address: string; error: AppError }

/** Enough rounds for "forget the changed key, then accept the new one", and never a loop. */
const MAX_ROUNDS = 4

/**
 * Makes every action that opens an SSH connection ask the user about unknown or changed host keys:
 * an unknown key is shown for verification and, once accepted, the action runs again; a changed
 * key is refused, and only forgotten behind a confirmation. Nothing is ever accepted silently.
 */
export function HostKeyProvider({ children }: { children: ReactNode }): JSX.Element {
  const [requests, setRequests] = useState<HostKeyRequest[]>([])

  const ask = useCallback(
    (question: Question) =>
      new Promise<boolean>((resolve) => {
        const request: HostKeyRequest = {
          ...question,
          resolve: (answer: boolean) => {
            setRequests((current) => current.filter((item) => item !== request))
            resolve(answer)
          },
        }
        setRequests((current) => [...current, request])
      }),
    [],
  )

  const check = useCallback<HostKeyCheck>(
    async (action) => {
      for (let round = 1; ; round++) {
        try {
          return await action()
        } catch (thrown) {
          const error = toAppError(thrown)
          if (round >= MAX_ROUNDS) throw error
          const key = unknownKeyOf(error)
          if (key) {
            if (await ask({ kind: 'unknown', key, error })) continue
            throw new AppError('CANCELLED', 'The host key was not accepted')
          }
          const address = changedKeyAddressOf(error)
          if (address) {
            if (await ask({ kind: 'changed', address, error })) continue
            throw markAcknowledged(error)
          }
          throw error
        }
      }
    },
    [ask],
  )

  const current = requests[0]
  return (
    <HostKeyCheckContext value={check}>
      {children}
      <HostKeyUnknownModal request={current?.kind === 'unknown' ? current : undefined} />
      <HostKeyChangedModal request={current?.kind === 'changed' ? current : undefined} />
    </HostKeyCheckContext>
  )
}
