import { Badge, SimpleGrid, Stack, Table, Text } from '@mantine/core'
import type { JSX, ReactNode } from 'react'
import type { DomainDetails } from '@shared/vms.js'
import { Dash } from '../ui/Dash'
import { SectionCard } from '../ui/SectionCard'
import { formatBytes, formatKiB } from './format'

function Fact({ label, value }: { label: string; value: ReactNode }): JSX.Element {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {value}
      </Text>
    </Stack>
  )
}

function None({ what }: { what: string }): JSX.Element {
  return (
    <Text size="sm" c="dimmed">
      No {what}.
    </Text>
  )
}

/** The details page's cards: overview, disks, network interfaces, graphics, host devices. */
export function VmDetailCards({ details }: { details: DomainDetails }): JSX.Element {
  const o = details.overview
  return (
    <Stack gap="lg">
      <SectionCard title="Overview">
        <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md" verticalSpacing="md">
          <Fact label="Machine" value={o.machine ?? '—'} />
          <Fact label="Architecture" value={o.arch ?? '—'} />
          <Fact
            label="Firmware"
            value={
              <>
                {o.firmware === 'uefi' ? 'UEFI' : 'BIOS'}{' '}
                {o.secureBoot && (
                  <Badge size="xs" variant="light">
                    Secure Boot
                  </Badge>
                )}
              </>
            }
          />
          <Fact
            label="CPU mode"
            value={
              o.cpuMode === undefined
                ? 'Default'
                : `${o.cpuMode}${o.cpuModel === undefined ? '' : ` (${o.cpuModel})`}`
            }
          />
          <Fact
            label="vCPUs"
            value={o.maxVcpus > o.vcpus ? `${o.vcpus} of ${o.maxVcpus}` : String(o.vcpus)}
          />
          <Fact
            label="Memory"
            value={
              o.currentMemoryKiB < o.memoryKiB
                ? `${formatKiB(o.currentMemoryKiB)} of ${formatKiB(o.memoryKiB)}`
                : formatKiB(o.memoryKiB)
            }
          />
          <Fact label="Operating system" value={o.os ?? '—'} />
          <Fact label="Autostart" value={details.autostart ? 'On' : 'Off'} />
        </SimpleGrid>
        {o.description !== undefined && (
          <Text size="sm" mt="md" c="dimmed">
            {o.description}
          </Text>
        )}
      </SectionCard>
      <SectionCard title="Disks">
        {details.disks.length === 0 ? (
          <None what="disks" />
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table aria-label="Disks" verticalSpacing={6}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Target</Table.Th>
                  <Table.Th>Device</Table.Th>
                  <Table.Th>Bus</Table.Th>
                  <Table.Th>Cache</Table.Th>
                  <Table.Th>Format</Table.Th>
                  <Table.Th>Path</Table.Th>
                  <Table.Th ta="right">Size</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {details.disks.map((disk) => (
                  <Table.Tr key={disk.target}>
                    <Table.Td>{disk.target}</Table.Td>
                    <Table.Td>
                      {disk.device}
                      {disk.readonly ? ' (read-only)' : ''}
                    </Table.Td>
                    <Table.Td>{disk.bus ?? <Dash />}</Table.Td>
                    <Table.Td>{disk.cache ?? <Dash />}</Table.Td>
                    <Table.Td>{disk.format ?? <Dash />}</Table.Td>
                    <Table.Td ff="monospace" fz="xs" style={{ wordBreak: 'break-all' }}>
                      {disk.path ??
                        (disk.pool !== undefined ? `${disk.pool}/${disk.volume ?? ''}` : <Dash />)}
                    </Table.Td>
                    <Table.Td ta="right">
                      {disk.capacity === undefined ? (
                        <Dash />
                      ) : (
                        `${formatBytes(disk.allocation)} of ${formatBytes(disk.capacity)}`
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </SectionCard>
      <SectionCard title="Network interfaces">
        {details.nics.length === 0 ? (
          <None what="network interfaces" />
        ) : (
          <Table aria-label="Network interfaces" verticalSpacing={6}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Type</Table.Th>
                <Table.Th>Source</Table.Th>
                <Table.Th>Model</Table.Th>
                <Table.Th>MAC address</Table.Th>
                <Table.Th>Host device</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {details.nics.map((nic, i) => (
                <Table.Tr key={nic.mac ?? i}>
                  <Table.Td>{nic.type}</Table.Td>
                  <Table.Td>{nic.source ?? <Dash />}</Table.Td>
                  <Table.Td>{nic.model ?? <Dash />}</Table.Td>
                  <Table.Td ff="monospace">{nic.mac ?? <Dash />}</Table.Td>
                  <Table.Td>{nic.target ?? <Dash />}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </SectionCard>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <SectionCard title="Graphics">
          {details.graphics.length === 0 ? (
            <None what="graphical console" />
          ) : (
            <Stack gap={4}>
              {details.graphics.map((g, i) => (
                <Text size="sm" key={i}>
                  {g.type.toUpperCase()}
                  {g.listen !== undefined ? ` on ${g.listen}` : ''}
                  {g.port !== undefined && g.port > 0
                    ? `, port ${g.port}`
                    : g.autoport
                      ? ', port chosen at start'
                      : ''}
                </Text>
              ))}
            </Stack>
          )}
        </SectionCard>
        <SectionCard title="Host devices">
          {details.hostdevs.length === 0 ? (
            <None what="host devices passed through" />
          ) : (
            <Stack gap={4}>
              {details.hostdevs.map((h) => (
                <Text size="sm" key={`${h.type}:${h.address}`}>
                  {h.type.toUpperCase()} {h.address}
                  {h.managed ? ' (managed)' : ''}
                </Text>
              ))}
            </Stack>
          )}
        </SectionCard>
      </SimpleGrid>
    </Stack>
  )
}
