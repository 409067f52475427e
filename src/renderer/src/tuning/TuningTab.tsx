import { Alert, Badge, Button, Card, Group, Loader, Stack, Text, Title } from '@mantine/core'
import type { JSX } from 'react'
import { useMemo, useState } from 'react'
import type { TuningArea, TuningFinding } from '@shared/tuning.js'
import {
  useTuningApply,
  useTuningConvert,
  useTuningMeasure,
  useTuningPreview,
  useTuningReport,
} from '../api/useTuning'
import { ErrorDetails } from '../notify/ErrorDetails'
import { ConfirmModal } from '../ui/changes/ConfirmModal'
import { SectionCard } from '../ui/SectionCard'
import { FindingItem } from './FindingItem'
import { TuningPreviewCard } from './TuningPreviewCard'

const AREA: Record<TuningArea, string> = {
  cpu: 'CPU',
  disk: 'Disks',
  image: 'Disk images',
  network: 'Network',
  memory: 'Memory',
  pinning: 'CPU pinning',
  windows: 'Windows guests',
  machine: 'Machine type',
  pci: 'PCI devices',
}

function fixable(finding: TuningFinding): boolean {
  return finding.fix?.kind === 'xml' && (finding.verdict === 'improve' || finding.verdict === 'risky')
}

interface Props {
  hostId: string
  vm: string
}

/**
 * A VM's Tuning tab: what is slow and why, rule by rule, grouped by area; a chosen set of fixes
 * previewed as the XML diff and the QEMU line, applied as one change (undo on the Changes page);
 * and a measurement of what qcow2 metadata preallocation changes on this host.
 */
export function TuningTab({ hostId, vm }: Props): JSX.Element {
  const report = useTuningReport(hostId, vm)
  const preview = useTuningPreview()
  const apply = useTuningApply()
  const measure = useTuningMeasure()
  const convert = useTuningConvert()
  const [converting, setConverting] = useState<string | null>(null)
  // Unset means "the default": every fix the rules recommend (risky ones are never preselected).
  const [chosen, setChosen] = useState<Set<string> | null>(null)
  const [confirming, setConfirming] = useState(false)
  const findings = useMemo(() => report.data?.findings ?? [], [report.data])
  const selected = useMemo(
    () => chosen ?? new Set(findings.filter((f) => fixable(f) && f.verdict === 'improve').map((f) => f.rule)),
    [chosen, findings],
  )
  const areas = [...new Set(findings.map((f) => f.area))]
  const shown = preview.mutation.data
  const applied = apply.mutation.data

  const toggle = (rule: string, on: boolean): void => {
    const next = new Set(selected)
    if (on) next.add(rule)
    else next.delete(rule)
    setChosen(next)
    preview.mutation.reset()
  }

  if (report.isPending) return <Loader size="sm" aria-label="Reading the VM and its host" />
  if (report.error !== null)
    return (
      <Alert color="red" title={`Could not judge ${vm}`}>
        <ErrorDetails error={report.error} />
      </Alert>
    )
  const data = report.data
  return (
    <Stack gap="lg">
      <Card withBorder padding="lg" component="section" aria-labelledby="tuning-score">
        <Group justify="space-between">
          <Stack gap={2}>
            <Title order={3} size="h4" id="tuning-score">
              Score {data.score} / 100
            </Title>
            <Text size="sm" c="dimmed">
              {findings.filter((f) => f.verdict === 'risky').length} risky ·{' '}
              {findings.filter((f) => f.verdict === 'improve').length} to improve ·{' '}
              {findings.filter((f) => f.verdict === 'ok').length} fine
            </Text>
          </Stack>
          <Group gap="sm">
            <Button
              disabled={selected.size === 0}
              loading={preview.mutation.isPending}
              onClick={() => preview.mutation.mutate({ hostId, vm, rules: [...selected] })}
            >
              Preview {selected.size} fix{selected.size === 1 ? '' : 'es'}
            </Button>
            <Button variant="default" onClick={() => void report.refetch()} loading={report.isFetching}>
              Check again
            </Button>
          </Group>
        </Group>
        {selected.size === 0 && (
          <Text size="sm" mt="xs">
            Tick the fixes to preview; risky ones are never ticked for you.
          </Text>
        )}
      </Card>

      {preview.mutation.error !== null && <ErrorDetails error={preview.mutation.error} />}
      {shown !== undefined && (
        <SectionCard title="Preview of the chosen fixes">
          <Stack gap="sm">
            <TuningPreviewCard preview={shown} />
            {shown.planId !== undefined && (
              <Button w="fit-content" onClick={() => setConfirming(true)}>
                Apply to {vm}…
              </Button>
            )}
          </Stack>
        </SectionCard>
      )}
      {applied !== undefined && (
        <Alert color="teal" title="Applied" role="status">
          {applied.summary}. The previous definition is in the XML history; undo it from the Changes page.
          Check: {applied.verification?.status ?? 'not checked'}.
        </Alert>
      )}

      {areas.map((area) => (
        <SectionCard key={area} title={AREA[area]}>
          <Stack gap="md" component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
            {findings
              .filter((f) => f.area === area)
              .map((finding) => (
                <FindingItem
                  key={finding.rule}
                  finding={finding}
                  selected={selected.has(finding.rule)}
                  onSelect={(on) => toggle(finding.rule, on)}
                  onJob={(target) => {
                    convert.mutation.reset()
                    setConverting(target)
                  }}
                />
              ))}
          </Stack>
        </SectionCard>
      ))}

      <SectionCard title="Measure on this host">
        <Stack gap="xs">
          <Text size="sm">
            Writes two scratch images beside the VM’s disk (removed afterwards) and times first writes with
            and without qcow2 metadata preallocation.
          </Text>
          <Group gap="sm">
            <Button
              variant="default"
              w="fit-content"
              loading={measure.mutation.isPending}
              onClick={() => measure.mutation.mutate({ hostId, vm })}
            >
              Measure
            </Button>
            {measure.mutation.isPending && (
              <Button variant="subtle" onClick={measure.cancel}>
                Cancel
              </Button>
            )}
          </Group>
          {measure.mutation.error !== null && <ErrorDetails error={measure.mutation.error} />}
          {measure.mutation.data !== undefined && (
            <Text size="sm" role="status">
              <Badge variant="light">{measure.mutation.data.ratio.toFixed(2)}×</Badge> slower without
              preallocation on this host ({measure.mutation.data.withoutSeconds.toFixed(3)} s vs{' '}
              {measure.mutation.data.withSeconds.toFixed(3)} s).
            </Text>
          )}
          {(measure.mutation.data?.diskSettings ?? []).map((d) => (
            <Text size="sm" key={d.setting}>
              <code>{d.setting}</code>: {d.mibPerSecond.toFixed(0)} MiB/s ({d.seconds.toFixed(3)} s)
            </Text>
          ))}
        </Stack>
      </SectionCard>

      {convert.mutation.data !== undefined && converting === null && (
        <Alert color="teal" title="Converted" role="status">
          {convert.mutation.data.summary}. Undo it from the Changes page.
        </Alert>
      )}
      <ConfirmModal
        opened={converting !== null}
        title={`Convert the image of ${vm}?`}
        confirmLabel="Convert"
        call={convert}
        onConfirm={() => {
          if (converting === null) return
          convert.mutation.mutate({ hostId, vm, image: converting }, { onSuccess: () => setConverting(null) })
        }}
        onClose={() => setConverting(null)}
      >
        <Text size="sm">
          {converting} is copied to a qcow2 with metadata preallocation beside it (free space is checked
          first), the copy is compared with the original, and {vm} is then pointed at it as one change. The
          original is kept. {vm} must be shut off; this can take minutes for a large disk, and can be
          cancelled.
        </Text>
      </ConfirmModal>
      <ConfirmModal
        opened={confirming}
        title={`Apply the fixes to ${vm}?`}
        confirmLabel="Apply fixes"
        call={apply}
        onConfirm={() => {
          if (shown?.planId === undefined) return
          apply.mutation.mutate(
            { hostId, planId: shown.planId },
            {
              onSuccess: () => {
                setConfirming(false)
                preview.mutation.reset()
                setChosen(null)
              },
            },
          )
        }}
        onClose={() => setConfirming(false)}
      >
        <Text size="sm">
          {vm}’s definition is replaced in one step (libvirt checks it first); the current one goes to its XML
          history.{' '}
          {shown?.takesEffectAtNextBoot ? 'It is running: the new settings apply at its next boot.' : ''}
        </Text>
      </ConfirmModal>
    </Stack>
  )
}
