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

/** A unified diff, monospace: added and removed lines keep their + and - and are coloured too. */
export function DiffView({ diff, label }: { diff: string; label: string }): JSX.Element {
  const lines = diff.replace(/\n$/, '').split('\n')
  return (
    <Box
      component="pre"
      aria-label={label}
      m={0}
      p="xs"
      ff="monospace"
      fz="xs"
      bg="var(--mantine-color-default-hover)"
      style={{ borderRadius: 'var(--mantine-radius-sm)', overflowX: 'auto', maxHeight: 420, lineHeight: 1.5 }}
    >
      {lines.map((line, index) => (
        <div key={index} style={{ ...lineStyle(line), paddingInline: 4, whiteSpace: 'pre' }}>
          {line === '' ? ' ' : line}
        </div>
      ))}
    </Box>
  )
}
