import { Box, Text, UnstyledButton } from '@mantine/core'
import type { CSSProperties, JSX, ReactNode, UIEvent } from 'react'
import { useEffect, useRef, useState } from 'react'

export interface Column<T> {
  id: string
  header: string
  /** A CSS grid track: '2fr', '110px', 'minmax(120px, 1fr)'. */
  width: string
  /** The least width it needs (px): below the sum of these the table scrolls sideways. */
  min: number
  sortable?: boolean
  align?: 'left' | 'right'
  render(row: T): ReactNode
}

export interface SortState {
  column: string
  direction: 'ascending' | 'descending'
}

interface Props<T> {
  label: string
  rows: readonly T[]
  columns: readonly Column<T>[]
  rowKey(row: T): string
  /** Every row has this height: only the visible ones (plus a few) are in the page. */
  rowHeight: number
  /** Height of the scrolling body. */
  height: number | string
  sort?: SortState
  onSort?(column: string): void
  /** Marks a row (e.g. busy) for tests and styling. */
  rowProps?(row: T): Record<string, string | undefined>
  empty?: ReactNode
  /** When this changes (another filter or sort), the list scrolls back to its top. */
  scrollResetKey?: string
}

const OVERSCAN = 6
const GAP = 12

/**
 * A table whose body renders only the rows in view: 1,000 VMs cost as much as twenty. Fixed row
 * height, so a row's place is its index × height; ARIA table roles with row indices, so screen
 * readers know where they are; sortable headers are buttons with aria-sort on the header.
 */
export function WindowedTable<T>(props: Props<T>): JSX.Element {
  const { rows, columns, rowHeight } = props
  const body = useRef<HTMLDivElement>(null)
  // The first row in view, not the pixel offset: scrolling within a row renders nothing again.
  const [topRow, setTopRow] = useState(0)
  const [viewport, setViewport] = useState(600)

  useEffect(() => {
    const element = body.current
    if (element === null) return
    const observer = new ResizeObserver(() => setViewport(element.clientHeight))
    observer.observe(element)
    return () => observer.disconnect()
  }, [])

  const resetKey = props.scrollResetKey
  useEffect(() => {
    if (body.current !== null) body.current.scrollTop = 0
  }, [resetKey])

  const first = Math.max(0, topRow - OVERSCAN)
  const last = Math.min(rows.length, topRow + Math.ceil(viewport / rowHeight) + 1 + OVERSCAN)
  const minWidth = columns.reduce((sum, c) => sum + c.min, 0) + GAP * (columns.length - 1) + 2 * GAP
  const grid: CSSProperties = {
    display: 'grid',
    gridTemplateColumns: columns.map((c) => c.width).join(' '),
    alignItems: 'center',
    columnGap: GAP,
    paddingInline: GAP,
  }

  const header = (
    <div role="rowgroup">
      <div
        role="row"
        aria-rowindex={1}
        style={{ ...grid, height: 36, borderBottom: '1px solid var(--mantine-color-default-border)' }}
      >
        {columns.map((column) => {
          const sorted = props.sort?.column === column.id ? props.sort.direction : undefined
          const title = (
            <Text size="xs" fw={700} c="dimmed" tt="uppercase" component="span">
              {column.header}
              {sorted !== undefined && <span aria-hidden>{sorted === 'ascending' ? ' ▲' : ' ▼'}</span>}
            </Text>
          )
          return (
            <div
              key={column.id}
              role="columnheader"
              aria-sort={column.sortable === true ? (sorted ?? 'none') : undefined}
              style={{ textAlign: column.align ?? 'left' }}
            >
              {column.sortable === true && props.onSort !== undefined ? (
                <UnstyledButton
                  onClick={() => props.onSort?.(column.id)}
                  aria-label={`Sort by ${column.header}`}
                >
                  {title}
                </UnstyledButton>
              ) : (
                title
              )}
            </div>
          )
        })}
      </div>
    </div>
  )

  const visible = rows.slice(first, last)
  return (
    <Box
      role="table"
      aria-label={props.label}
      aria-rowcount={rows.length + 1}
      style={{
        border: '1px solid var(--mantine-color-default-border)',
        borderRadius: 'var(--mantine-radius-md)',
        overflowX: 'auto',
      }}
    >
      <div style={{ minWidth }}>
        {header}
        <div
          ref={body}
          role="rowgroup"
          tabIndex={rows.length > 0 ? 0 : -1}
          aria-label={`${props.label}: scroll for more`}
          onScroll={(event: UIEvent<HTMLDivElement>) =>
            setTopRow(Math.floor(event.currentTarget.scrollTop / rowHeight))
          }
          style={{ height: props.height, overflowY: 'auto', position: 'relative' }}
        >
          {rows.length === 0 ? (
            <Box p="md">{props.empty}</Box>
          ) : (
            <div style={{ height: rows.length * rowHeight, position: 'relative' }}>
              {visible.map((row, i) => {
                const index = first + i
                return (
                  <div
                    key={props.rowKey(row)}
                    role="row"
                    aria-rowindex={index + 2}
                    {...props.rowProps?.(row)}
                    style={{
                      ...grid,
                      position: 'absolute',
                      top: index * rowHeight,
                      left: 0,
                      right: 0,
                      height: rowHeight,
                      borderBottom: '1px solid var(--mantine-color-default-border)',
                    }}
                  >
                    {columns.map((column) => (
                      <div
                        key={column.id}
                        role="cell"
                        style={{ minWidth: 0, overflow: 'hidden', textAlign: column.align ?? 'left' }}
                      >
                        {column.render(row)}
                      </div>
                    ))}
                  </div>
                )
              })}
            </div>
          )}
        </div>
      </div>
    </Box>
  )
}
