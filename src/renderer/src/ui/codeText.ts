import { createElement, Fragment } from 'react'
import type { ReactNode } from 'react'

/**
 * Text from main or from the UI's own strings with commands in backticks ("`virsh pool-define-as`"):
 * the commands as code, the backticks gone. Text without a pair of backticks stays as it is.
 */
const CODE_STYLE = {
  fontFamily: 'var(--mantine-font-family-monospace)',
  fontSize: '0.9em',
  padding: '0 3px',
  borderRadius: 3,
  background: 'var(--mantine-color-default-hover)',
}

export function withCode(text: string): ReactNode {
  const parts = text.split(/`([^`\n]+)`/)
  if (parts.length === 1) return text
  return parts.map((part, i) =>
    i % 2 === 1
      ? createElement('code', { key: i, style: CODE_STYLE }, part)
      : createElement(Fragment, { key: i }, part),
  )
}
