import { Badge, Button, Checkbox, Group, List, Stack, Text } from '@mantine/core'
import type { JSX } from 'react'
import type { TuningFinding, TuningVerdict } from '@shared/tuning.js'

const VERDICT: Record<TuningVerdict, { color: string; word: string }> = {
  risky: { color: 'red', word: 'Risky' },
  improve: { color: 'yellow', word: 'Improve' },
  ok: { color: 'teal', word: 'OK' },
  'not-applicable': { color: 'gray', word: 'Not applicable' },
}

interface Props {
  finding: TuningFinding
  selected: boolean
  onSelect(selected: boolean): void
  /** Starts a job fix (the qcow2 conversion) on one of its targets. */
  onJob?(target: string): void
}

/** One rule's finding: verdict in words, the evidence read, why it matters (with its source), the fix and its risk. */
export function FindingItem({ finding, selected, onSelect, onJob }: Props): JSX.Element {
  const look = VERDICT[finding.verdict]
  const fixable =
    finding.fix?.kind === 'xml' && finding.verdict !== 'ok' && finding.verdict !== 'not-applicable'
  return (
    <Stack component="li" gap={4} aria-label={finding.title}>
      <Group gap="xs" wrap="nowrap" align="flex-start">
        {fixable ? (
          <Checkbox
            checked={selected}
            onChange={(event) => onSelect(event.currentTarget.checked)}
            aria-label={`Include the fix: ${finding.title}`}
            mt={2}
          />
        ) : (
          <div style={{ width: 20 }} />
        )}
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap="xs">
            <Badge variant="light" color={look.color}>
              {look.word}
            </Badge>
            <Text size="sm" fw={600}>
              {finding.title}
            </Text>
          </Group>
          {finding.evidence.length > 0 && (
            <List size="xs" c="dimmed" spacing={0}>
              {finding.evidence.map((line) => (
                <List.Item key={line}>{line}</List.Item>
              ))}
            </List>
          )}
          {finding.verdict !== 'ok' && finding.verdict !== 'not-applicable' && (
            <>
              <Text size="sm">{finding.explanation}</Text>
              {finding.fix !== undefined && (
                <Text size="sm">
                  <b>Fix:</b> {finding.fix.summary}
                  {finding.fix.kind === 'job' ? ' (a job on the host, not an XML change)' : ''}
                  {finding.fix.nextBoot ? ' — takes effect at the next boot.' : ''}
                </Text>
              )}
              <Text size="sm">
                <b>Risk:</b> {finding.risk}
              </Text>
              {finding.fix?.kind === 'job' && onJob !== undefined && (
                <Group gap="xs">
                  {(finding.fix.targets ?? []).map((target) => (
                    <Button key={target} size="xs" variant="default" onClick={() => onJob(target)}>
                      Convert {target.slice(target.lastIndexOf('/') + 1)}…
                    </Button>
                  ))}
                </Group>
              )}
              <Text size="xs" c="dimmed">
                Source: {finding.source}
              </Text>
            </>
          )}
        </Stack>
      </Group>
    </Stack>
  )
}
