import { Code, Stack, Text } from '@mantine/core'
import type { JSX } from 'react'
import type { QemuLineDiff as QemuLine } from '@shared/tuning.js'

/** What a definition change does to QEMU's command line (`virsh domxml-to-native`), or why it is not shown. */
export function QemuLineDiff({ line, vm }: { line: QemuLine; vm: string }): JSX.Element {
  if (!line.available)
    return (
      <Text size="sm" c="dimmed">
        Not shown: {line.reason ?? 'libvirt could not translate the definition'}.
      </Text>
    )
  return (
    <Stack gap={2} role="region" aria-label={`QEMU command-line changes for ${vm}`}>
      {line.removed.map((arg) => (
        <Code key={`-${arg}`} block c="red.8">
          − {arg}
        </Code>
      ))}
      {line.added.map((arg) => (
        <Code key={`+${arg}`} block c="green.8">
          + {arg}
        </Code>
      ))}
    </Stack>
  )
}
