import { Box, Group, Text, Title } from '@mantine/core'
import type { JSX } from 'react'
import { useEffect } from 'react'
import { useVmEvents, useVmList } from '../api/useVms'
import { isActive } from '../vms/format'
import { VmStateLabel } from '../vms/VmStateLabel'
import type { ConsoleRoute } from '@shared/console-route.js'
import { VncConsole } from './VncConsole'

/** A VM's screen alone in its own window (opened from the Console tab). */
export function ConsoleWindow({ hostId, uuid, name }: ConsoleRoute): JSX.Element {
  useVmEvents()
  const vm = useVmList(hostId).data?.find((d) => d.uuid === uuid)
  useEffect(() => {
    document.title = `${name} — VirtDeck`
    document.documentElement.dataset['ready'] = 'true'
  }, [name])
  return (
    <Box p="sm">
      <Group justify="space-between" mb="xs">
        <Title order={1} size="h4">
          {vm?.name ?? name}
        </Title>
        {vm !== undefined ? <VmStateLabel state={vm.state} size="sm" /> : <Text size="sm">…</Text>}
      </Group>
      <VncConsole
        hostId={hostId}
        uuid={uuid}
        name={vm?.name ?? name}
        running={vm !== undefined && isActive(vm.state)}
        height="calc(100vh - 140px)"
      />
    </Box>
  )
}
