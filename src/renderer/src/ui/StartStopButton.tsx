import { Button } from '@mantine/core'
import type { JSX } from 'react'
import type { LifecycleActions, LifecycleObject } from './lifecycleActions'

/** "Start <name>" or "Stop <name>" for a network or pool, loading while its change runs. */
export function StartStopButton({
  object,
  actions,
}: {
  object: LifecycleObject
  actions: LifecycleActions
}): JSX.Element {
  const verb = object.active ? 'Stop' : 'Start'
  return (
    <Button
      size="compact-sm"
      variant="light"
      loading={actions.busy(object.name)}
      onClick={() => actions.startOrStop(object)}
      aria-label={`${verb} ${object.name}`}
    >
      {verb}
    </Button>
  )
}
