import { Switch } from '@mantine/core'
import type { JSX } from 'react'
import type { LifecycleActions, LifecycleObject } from './lifecycleActions'

/** "Autostart <name>": on for a network or pool libvirt starts with the host; off while a change runs. */
export function AutostartSwitch({
  object,
  actions,
}: {
  object: LifecycleObject
  actions: LifecycleActions
}): JSX.Element {
  return (
    <Switch
      checked={object.autostart}
      disabled={!object.persistent || actions.busy(object.name)}
      onChange={(event) => actions.setAutostart(object, event.currentTarget.checked)}
      aria-label={`Autostart ${object.name}`}
    />
  )
}
