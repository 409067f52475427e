import { Button, Card, Group, Stack, Text, Title } from '@mantine/core'
import type { JSX } from 'react'

interface Props {
  onAddHost(): void
  onImport(): void
}

/** Shown while "This computer" is the only host: says what to do next. */
export function EmptyHostsHint({ onAddHost, onImport }: Props): JSX.Element {
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="next-steps-title">
      <Stack gap="sm">
        <Title order={3} size="h5" id="next-steps-title">
          Only this computer so far
        </Title>
        <Text size="sm">
          VirtDeck already works with the virtual machines on this computer. To manage another machine, add it
          as an SSH host — you need its address and an account you can log in with (an SSH key in your agent
          is easiest). If you already reach machines with <code>ssh</code>, import them from your
          ~/.ssh/config.
        </Text>
        <Group gap="sm">
          <Button onClick={onAddHost}>Add an SSH host</Button>
          <Button variant="default" onClick={onImport}>
            Import from ~/.ssh/config
          </Button>
        </Group>
      </Stack>
    </Card>
  )
}
