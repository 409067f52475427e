import { Badge } from '@mantine/core'
import type { JSX } from 'react'
import type { Verification } from '@shared/changes.js'

const LOOK: Record<Verification['status'], { color: string; text: string }> = {
  passed: { color: 'teal', text: 'Verified' },
  failed: { color: 'red', text: 'Check failed' },
  'pending-reboot': { color: 'yellow', text: 'Waiting for a reboot' },
  unknown: { color: 'gray', text: 'Not checked' },
}

/** What the last verify step found, in words (never a colour alone). */
export function VerificationBadge({
  verification,
}: {
  verification: Verification | null
}): JSX.Element | null {
  if (verification === null) return null
  const look = LOOK[verification.status]
  return (
    <Badge variant="light" color={look.color}>
      {look.text}
    </Badge>
  )
}
