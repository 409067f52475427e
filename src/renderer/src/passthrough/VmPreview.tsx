import { Alert, Code, List, Stack, Text, Title } from '@mantine/core'
import type { JSX } from 'react'
import type { VmPlanView } from '../api/usePassthrough'
import { DiffView } from '../ui/DiffView'
import { QemuLineDiff } from '../ui/changes/QemuLineDiff'

/** The VM configuration in both forms: libvirt XML diff and QEMU command line; the host file of the same change. */
export function VmPreview({ preview }: { preview: VmPlanView }): JSX.Element {
  const { vm } = preview
  return (
    <Stack gap="sm">
      {!preview.changed && <Text size="sm">Nothing to change: {vm} is already set up this way.</Text>}
      {preview.problems.length > 0 && (
        <Alert
          color={preview.valid ? 'yellow' : 'red'}
          title={preview.valid ? 'Before you start it' : 'libvirt does not accept this definition'}
        >
          <List size="sm">
            {preview.problems.map((p) => (
              <List.Item key={p}>{p}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      {preview.xmlDiff !== '' && (
        <>
          <Title order={4} size="h6">
            Libvirt XML
          </Title>
          <DiffView diff={preview.xmlDiff} label={`XML changes to ${vm}`} />
          <Title order={4} size="h6">
            QEMU command line (virsh domxml-to-native)
          </Title>
          <QemuLineDiff line={preview.qemuLine} vm={vm} />
        </>
      )}
      {preview.files.map((file) => (
        <Stack gap={4} key={file.path}>
          <Title order={4} size="h6">
            Host file <Code>{file.path}</Code>
          </Title>
          <Text size="xs" c="dimmed">
            {file.why}
          </Text>
          <DiffView diff={file.diff} label={`Changes to ${file.path}`} />
        </Stack>
      ))}
      {preview.code43 !== undefined && (
        <Alert color="blue" title="Code 43 workaround">
          {preview.code43}
        </Alert>
      )}
      {preview.lookingGlass !== undefined && (
        <Text size="sm">
          Looking Glass shared memory: {preview.lookingGlass.formula}. The file belongs to{' '}
          {preview.lookingGlass.user}, group kvm.
        </Text>
      )}
      {preview.tuning.skipped.map((s) => (
        <Text size="sm" c="dimmed" key={s.rule}>
          {s.rule}: {s.reason}
        </Text>
      ))}
      {preview.notes.length > 0 && (
        <List size="sm" spacing={2} aria-label="Notes">
          {preview.notes.map((n) => (
            <List.Item key={n}>{n}</List.Item>
          ))}
        </List>
      )}
      {preview.running && (
        <Text size="sm" fw={600}>
          {vm} is running: the new settings take effect once it is shut down and started again.
        </Text>
      )}
    </Stack>
  )
}
