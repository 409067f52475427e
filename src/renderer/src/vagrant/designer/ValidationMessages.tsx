import { Alert, List, Text } from '@mantine/core'
import type { JSX } from 'react'
import type { VagrantValidation } from '@shared/vagrant-contract.js'

/**
 * `vagrant validate`'s verdict and messages: with `machine`, only that machine's; without, the
 * verdict, the messages of no machine, each machine's (named), warnings and pre-flight checks.
 */
export function ValidationMessages({
  validation,
  machine,
}: {
  validation: VagrantValidation | null
  machine?: string
}): JSX.Element | null {
  if (validation === null) return null
  const relevant = validation.messages.filter((m) => m.level !== 'info' || !validation.ok)
  if (machine !== undefined) {
    const own = relevant.filter((m) => m.machine === machine && m.level === 'error')
    if (own.length === 0) return null
    return (
      <Alert color="red" title={`vagrant validate: machine ${machine}`}>
        {own.map((m, i) => (
          <Text key={i} size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {m.text}
          </Text>
        ))}
      </Alert>
    )
  }
  return (
    <Alert
      color={validation.ok ? 'green' : 'red'}
      title={validation.ok ? 'vagrant validate: the Vagrantfile is valid' : 'vagrant validate: errors'}
    >
      <List size="sm" spacing={2}>
        {relevant.map((m, i) => (
          <List.Item key={i} style={{ whiteSpace: 'pre-wrap' }}>
            {m.machine === undefined ? '' : `[${m.machine}] `}
            {m.text.trimEnd()}
          </List.Item>
        ))}
        {validation.warnings.map((w) => (
          <List.Item key={w}>Warning: {w}</List.Item>
        ))}
        {validation.preflight.map((c) => (
          <List.Item key={c.message}>
            {c.ok ? '✓' : '✗'} {c.message}
          </List.Item>
        ))}
      </List>
    </Alert>
  )
}
