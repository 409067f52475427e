import type { JSX, ReactNode } from 'react'

interface Props {
  size: number
  strokeWidth: number
  /** A CSS colour for the strokes (and for fills that use currentColor); the text colour when absent. */
  color?: string
  children: ReactNode
}

/**
 * An icon drawn inline (the CSP allows no icon font): round strokes on a 24×24 grid, hidden from
 * screen readers — a word next to it says what it means.
 */
export function InlineIcon({ size, strokeWidth, color, children }: Props): JSX.Element {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={strokeWidth}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden
      focusable="false"
      style={{ flex: 'none', ...(color === undefined ? {} : { color }) }}
    >
      {children}
    </svg>
  )
}
