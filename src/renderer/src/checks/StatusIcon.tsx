import { Group, Text } from '@mantine/core'
import type { JSX } from 'react'
import type { CheckStatus, VerdictLevel } from '@shared/checks.js'
import { InlineIcon } from '../ui/InlineIcon'

/** Colour and a word for every status: the icon's shape and the word carry it, never colour alone. */
export const STATUS_LOOK: Record<CheckStatus, { color: string; word: string }> = {
  pass: { color: 'teal', word: 'Pass' },
  warn: { color: 'orange', word: 'Warning' },
  fail: { color: 'red', word: 'Fail' },
  unknown: { color: 'gray', word: 'Unknown' },
  info: { color: 'blue', word: 'Info' },
}

export const LEVEL_STATUS: Record<VerdictLevel, CheckStatus> = {
  ready: 'pass',
  degraded: 'warn',
  unusable: 'fail',
}

const PATHS: Record<CheckStatus, JSX.Element> = {
  pass: <path d="M7.5 12.5l3 3 6-7" />,
  warn: (
    <>
      <path d="M12 7.5v5.5" />
      <path d="M12 16.5v.01" />
    </>
  ),
  fail: <path d="M8.5 8.5l7 7M15.5 8.5l-7 7" />,
  unknown: (
    <>
      <path d="M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .8-1 1.5v.7" />
      <path d="M12 16.8v.01" />
    </>
  ),
  info: (
    <>
      <path d="M12 11v5.5" />
      <path d="M12 7.5v.01" />
    </>
  ),
}

/** A status drawn inline (the CSP allows no icon font): circle, triangle for warnings. */
export function StatusIcon({ status, size = 20 }: { status: CheckStatus; size?: number }): JSX.Element {
  return (
    <InlineIcon
      size={size}
      strokeWidth={2.2}
      color={`var(--mantine-color-${STATUS_LOOK[status].color}-filled)`}
    >
      {status === 'warn' ? (
        <path d="M12 3.2l9.5 16.8H2.5z" strokeWidth={1.8} />
      ) : (
        <circle cx="12" cy="12" r="9.5" strokeWidth={1.8} />
      )}
      {PATHS[status]}
    </InlineIcon>
  )
}

/** Icon plus the status in words. */
export function StatusLabel({
  status,
  size = 'sm',
}: {
  status: CheckStatus
  size?: 'xs' | 'sm' | 'md'
}): JSX.Element {
  const look = STATUS_LOOK[status]
  return (
    <Group gap={6} wrap="nowrap" style={{ flex: 'none' }}>
      <StatusIcon status={status} size={size === 'md' ? 22 : 18} />
      <Text size={size} fw={600} c={`${look.color}.8`} w={size === 'md' ? undefined : 70}>
        {look.word}
      </Text>
    </Group>
  )
}
