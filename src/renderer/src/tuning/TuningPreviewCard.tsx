import { Alert, List, Stack, Text, Title } from '@mantine/core'
import type { JSX } from 'react'
import type { TuningPreview } from '@shared/tuning.js'
import { DiffView } from '../ui/DiffView'
import { QemuLineDiff } from '../ui/changes/QemuLineDiff'

/** The chosen fixes in both forms the guides use: the libvirt XML diff and the QEMU command-line difference. */
export function TuningPreviewCard({ preview }: { preview: TuningPreview }): JSX.Element {
  return (
    <Stack gap="sm">
      {!preview.changed && <Text size="sm">Nothing to change: {preview.vm} already has these settings.</Text>}
      {preview.changed && !preview.valid && (
        <Alert color="red" title="libvirt does not accept this definition">
          <List size="sm">
            {preview.problems.map((p) => (
              <List.Item key={p}>{p}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      {preview.changed && (
        <>
          <Title order={4} size="h6">
            Libvirt XML
          </Title>
          <DiffView diff={preview.diff} label={`XML changes to ${preview.vm}`} />
          <Title order={4} size="h6">
            QEMU command line
          </Title>
          <QemuLineDiff line={preview.qemuLine} vm={preview.vm} />
        </>
      )}
      {preview.skipped.map((s) => (
        <Text size="sm" c="dimmed" key={s.rule}>
          {s.rule}: {s.reason}
        </Text>
      ))}
      {preview.notes.map((note) => (
        <Text size="sm" key={note}>
          {note}
        </Text>
      ))}
      {preview.takesEffectAtNextBoot && (
        <Text size="sm" fw={600}>
          {preview.vm} is running: the new settings take effect once it is shut down and started again.
        </Text>
      )}
    </Stack>
  )
}
