import { Badge, Button, Card, Divider, Group, Stack, Text, Title } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import type { JSX } from 'react'
import { Fragment, useId } from 'react'
import type { CheckResult, CheckStatus } from '@shared/checks.js'
import type { CheckGroup } from './checkGroups'
import { CheckItem } from './CheckItem'
import { STATUS_LOOK } from './StatusIcon'

const COUNTED: readonly CheckStatus[] = ['fail', 'warn', 'unknown']
const COUNT_WORDS: Record<CheckStatus, readonly [string, string]> = {
  fail: ['failure', 'failures'],
  warn: ['warning', 'warnings'],
  unknown: ['unknown', 'unknown'],
  pass: ['pass', 'passes'],
  info: ['note', 'notes'],
}

function Counts({ checks }: { checks: CheckResult[] }): JSX.Element {
  const counts = COUNTED.map(
    (status) => [status, checks.filter((check) => check.status === status).length] as const,
  ).filter(([, n]) => n > 0)
  if (counts.length === 0) {
    return (
      <Badge variant="light" color="teal">
        No problems
      </Badge>
    )
  }
  return (
    <Group gap={4}>
      {counts.map(([status, n]) => (
        <Badge key={status} variant="light" color={STATUS_LOOK[status].color}>
          {n} {COUNT_WORDS[status][n === 1 ? 0 : 1]}
        </Badge>
      ))}
    </Group>
  )
}

function Items({ checks }: { checks: CheckResult[] }): JSX.Element {
  return (
    <Stack component="ul" gap={0} m={0} p={0} style={{ listStyle: 'none' }}>
      {checks.map((check, index) => (
        <Fragment key={check.id}>
          {index > 0 && <Divider component="li" role="presentation" />}
          <CheckItem check={check} />
        </Fragment>
      ))}
    </Stack>
  )
}

/**
 * A group of checks as a card. Long groups of mostly passing lines (virt-host-validate) show what
 * needs attention and keep the passing lines behind a toggle.
 */
export function CheckGroupCard({ group }: { group: CheckGroup }): JSX.Element {
  const titleId = useId()
  const passingId = useId()
  const [showPassing, { toggle }] = useDisclosure(false)
  const foldPassing = group.checks.length > 8
  const shown = foldPassing ? group.checks.filter((check) => check.status !== 'pass') : group.checks
  const passing = foldPassing ? group.checks.filter((check) => check.status === 'pass') : []
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={titleId}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb={4}>
        <Title order={3} size="h5" id={titleId}>
          {group.title}
        </Title>
        <Counts checks={group.checks} />
      </Group>
      <Text size="sm" c="dimmed" mb="xs">
        {group.about}
      </Text>
      <Items checks={shown} />
      {passing.length > 0 && (
        <>
          <Button
            variant="subtle"
            size="compact-sm"
            w="fit-content"
            mt="xs"
            onClick={toggle}
            aria-expanded={showPassing}
            aria-controls={passingId}
          >
            {showPassing
              ? `Hide the ${passing.length} passing lines`
              : `Show the ${passing.length} passing lines`}
          </Button>
          <div id={passingId} hidden={!showPassing}>
            {showPassing && <Items checks={passing} />}
          </div>
        </>
      )}
    </Card>
  )
}
