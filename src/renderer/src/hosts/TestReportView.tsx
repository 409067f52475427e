import { Alert, Button, Stack, Table, Text } from '@mantine/core'
import type { JSX } from 'react'
import type { HostTestReport } from '@shared/hosts.js'

interface Props {
  report: HostTestReport
  /** Offered when the report suggests another libvirt URI (e.g. qemu:///session). */
  onUseUri?: ((uri: string) => void) | undefined
  usingUri?: boolean
}

export function TestReportView({ report, onUseUri, usingUri = false }: Props): JSX.Element {
  const rows: [string, string][] = [
    ['Host name', report.hostname],
    ['Operating system', report.os],
    ['Kernel', report.kernel],
    ['libvirt', report.libvirtVersion ?? 'not found'],
    ['QEMU', report.qemuVersion ?? 'not found'],
    ['libvirt URI', report.libvirtUri],
    ['Latency', `${Math.round(report.latencyMs)} ms`],
  ]
  return (
    <Stack gap="sm">
      <Alert
        color={report.libvirtProblem ? 'yellow' : 'teal'}
        variant="light"
        title={report.libvirtProblem ? 'Connected, but libvirt is not reachable' : 'Connection works'}
      >
        <Table variant="vertical" layout="fixed" withRowBorders={false} verticalSpacing={2}>
          <Table.Tbody>
            {rows.map(([label, value]) => (
              <Table.Tr key={label}>
                <Table.Th w={170} bg="transparent">
                  {label}
                </Table.Th>
                <Table.Td style={{ wordBreak: 'break-word' }}>{value}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Alert>
      {report.libvirtProblem !== undefined && (
        <Alert color="yellow" title="libvirt problem">
          <Stack gap="xs">
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {report.libvirtProblem}
            </Text>
            {report.suggestedUri !== undefined && onUseUri && (
              <Button
                color="yellow"
                autoContrast
                w="fit-content"
                loading={usingUri}
                onClick={() => onUseUri(report.suggestedUri ?? '')}
              >
                {`Use ${report.suggestedUri}`}
              </Button>
            )}
          </Stack>
        </Alert>
      )}
    </Stack>
  )
}
