import { Alert, Button, Group, Loader, Progress, Stack, Text } from '@mantine/core'
import type { JSX } from 'react'
import type { DoctorRun } from '@shared/checks.js'
import type { HostView } from '@shared/hosts.js'
import { useChecks } from '../api/useChecks'
import { ErrorDetails } from '../notify/ErrorDetails'
import { PanelHeading } from '../ui/PanelHeading'
import { CheckGroupCard } from './CheckGroupCard'
import { groupChecks } from './checkGroups'
import { downloadText, reportFileName } from './clipboard'
import { CopyButton } from './CopyButton'
import { VerdictCard } from './VerdictCard'
import { formatWhen } from '../ui/time'

/** The report as a file: Markdown to read or paste into an issue, JSON for tools. */
const EXPORTS = [
  { ext: 'md', label: 'Export Markdown', type: 'text/markdown', text: (run: DoctorRun) => run.markdown },
  { ext: 'json', label: 'Export JSON', type: 'application/json', text: (run: DoctorRun) => run.json },
] as const

/** The "Hardware" panel: is this host ready for fast VMs, and why (not) — the doctor's report. */
export function ChecksPanel({ host }: { host: HostView }): JSX.Element {
  const doctor = useChecks(host.id)
  const run = doctor.query.data
  const error = doctor.query.error
  return (
    <Stack gap="lg" maw={980}>
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <PanelHeading title="Hardware">
          {host.name}
          {run !== undefined &&
            ` · checked ${formatWhen(run.report.generatedAt)} in ${(run.report.durationMs / 1000).toFixed(1)} s`}
        </PanelHeading>
        <Group gap="xs" role="toolbar" aria-label="Report actions">
          <Button
            variant="default"
            onClick={doctor.runAgain}
            loading={doctor.running}
            disabled={doctor.running}
          >
            Run checks again
          </Button>
          {EXPORTS.map((format) => (
            <Button
              key={format.ext}
              variant="default"
              disabled={run === undefined}
              onClick={() =>
                run &&
                downloadText(
                  reportFileName(host.name, run.report.generatedAt, format.ext),
                  format.text(run),
                  format.type,
                )
              }
            >
              {format.label}
            </Button>
          ))}
          {run !== undefined && (
            <CopyButton text={run.markdown} label="Copy Markdown" size="sm" variant="default">
              Copy Markdown
            </CopyButton>
          )}
        </Group>
      </Group>

      <div aria-live="polite">
        {doctor.running && (
          <Stack gap={6} role="status" aria-label="Checks running">
            <Group gap="sm">
              <Loader size="sm" aria-hidden />
              <Text size="sm">{doctor.progress?.message ?? `Checking ${host.name}…`}</Text>
              <Button size="xs" variant="default" onClick={doctor.cancel}>
                Cancel checks
              </Button>
            </Group>
            <Progress
              value={(doctor.progress?.fraction ?? 0.05) * 100}
              aria-label="Progress of the checks"
              animated
            />
          </Stack>
        )}
        {!doctor.running && doctor.cancelled && run === undefined && (
          <Text size="sm" c="dimmed">
            The checks were cancelled. Run them again to see whether {host.name} is ready for VMs.
          </Text>
        )}
      </div>

      {error !== null && !doctor.running && (
        <Alert color="red" title={`Could not check ${host.name}`}>
          <ErrorDetails error={error} />
        </Alert>
      )}

      {run !== undefined && (
        <>
          <VerdictCard report={run.report} />
          {groupChecks(run.report.checks).map((group) => (
            <CheckGroupCard key={group.id} group={group} />
          ))}
        </>
      )}
    </Stack>
  )
}
