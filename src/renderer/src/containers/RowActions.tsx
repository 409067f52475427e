import { Button, Group } from '@mantine/core'
import type { JSX, ReactNode } from 'react'
import { useState } from 'react'
import { ConfirmDialog } from '../ui/ConfirmDialog'

/** A button that opens something about the container (details, logs, terminal); `label` names it. */
export interface RowLink {
  label: string
  ariaLabel: string
  onClick(): void
}

interface Props<A extends string> {
  /** The container's name, in each action's accessible name (`stop web`). */
  name: string
  links: RowLink[]
  /** What the container's state allows, in the order shown. */
  actions: readonly A[]
  /** The action running for this container, shown busy. */
  pending: A | undefined
  /** The action that deletes it: red, and asked first. */
  confirm: { action: A; title: string; label: string; body: ReactNode; busy?: boolean }
  onAction(action: A): void
}

/** A Docker or LXC container row's buttons: its links, then its actions; the deleting one confirmed first. */
export function RowActions<A extends string>(props: Props<A>): JSX.Element {
  const { name, confirm } = props
  const [asking, setAsking] = useState(false)
  return (
    <Group gap={6} justify="flex-end" wrap="wrap" miw={200}>
      {props.links.map((link) => (
        <Button
          key={link.label}
          size="compact-sm"
          variant="subtle"
          onClick={link.onClick}
          aria-label={link.ariaLabel}
        >
          {link.label}
        </Button>
      ))}
      {props.actions.map((a) => (
        <Button
          key={a}
          size="compact-sm"
          variant={a === confirm.action ? 'light' : 'default'}
          color={a === confirm.action ? 'red' : 'gray'}
          loading={props.pending === a}
          onClick={() => (a === confirm.action ? setAsking(true) : props.onAction(a))}
          aria-label={`${a} ${name}`}
        >
          {a}
        </Button>
      ))}
      <ConfirmDialog
        opened={asking}
        title={confirm.title}
        confirmLabel={confirm.label}
        danger
        {...(confirm.busy === undefined ? {} : { busy: confirm.busy })}
        onConfirm={() => {
          props.onAction(confirm.action)
          setAsking(false)
        }}
        onClose={() => setAsking(false)}
      >
        {confirm.body}
      </ConfirmDialog>
    </Group>
  )
}
