import { Box } from '@mantine/core'
import type { CSSProperties, JSX } from 'react'

function lineStyle(line: string): CSSProperties {
  if (line.startsWith('+++') || line.startsWith('---')) return { fontWeight: 700 }
  if (line.startsWith('+'))
    return { background: 'var(--mantine-color-green-light)', color: 'var(--mantine-color-green-light-color)' }
  if (line.startsWith('-'))
    return { background: 'var(--mantine-color-red-light)', color: 'var(--mantine-color-red-light-color)' }
  if (line.startsWith('@@')) return { color: 'var(--mantine-color-blue-light-color)' }
  return {}
}

/** "added" or "removed" for a changed line (not the +++ and --- file headers), for tests and styling. */
function lineKind(line: string): 'added' | 'removed' | undefined {
  if (line.startsWith('+') && !line.startsWith('+++')) return 'added'
  if (line.startsWith('-') && !line.startsWith('---')) return 'removed'
  return undefined
}

/**
 * A unified diff, monospace: added and removed lines keep their + and − signs, and are coloured too.
 * A named region that takes focus, so it can be scrolled from the keyboard.
 */
export function DiffView({ diff, label }: { diff: string; label: string }): JSX.Element {
  const lines = diff.replace(/\n$/, '').split('\n')
  return (
    <Box
      component="pre"
      role="region"
      aria-label={label}
      tabIndex={0}
      m={0}
      p="xs"
      ff="monospace"
      fz="xs"
      bg="var(--mantine-color-default-hover)"
      style={{ borderRadius: 'var(--mantine-radius-sm)', overflow: 'auto', maxHeight: 460, lineHeight: 1.55 }}
    >
      {lines.map((line, index) => (
        <div
          key={index}
          data-diff={lineKind(line)}
          style={{ ...lineStyle(line), paddingInline: 6, whiteSpace: 'pre' }}
        >
          {line === '' ? ' ' : line}
        </div>
      ))}
    </Box>
  )
}
