import { Alert, Button, Group, Modal, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { HardwareView, HwEdit } from '@shared/vm-hardware.js'
import { absolutePathProblem, tagProblem } from '@shared/vm-hardware.js'
import { ErrorDetails } from '../notify/ErrorDetails'
import { SectionCard } from '../ui/SectionCard'
import { useHostDevices } from './useVmHardware'

interface Props {
  view: HardwareView
  onPreview(edit: HwEdit): void
}

function HostDeviceModal({ view, onClose, onPreview }: Props & { onClose(): void }): JSX.Element {
  const devices = useHostDevices(view.hostId, true)
  return (
    <Modal opened onClose={onClose} title="Pass a host device to the VM" size="xl">
      <Stack gap="sm">
        {devices.error !== null && <ErrorDetails error={devices.error} />}
        {devices.data?.length === 0 && (
          <Text size="sm">This host lists no USB devices or PCI functions to pass through.</Text>
        )}
        <Table striped aria-label="Host devices">
          <Table.Tbody>
            {(devices.data ?? []).map((d) => (
              <Table.Tr key={d.name}>
                <Table.Td>{d.kind.toUpperCase()}</Table.Td>
                <Table.Td ff="monospace">{d.id}</Table.Td>
                <Table.Td>
                  {d.vendor} {d.product}
                </Table.Td>
                <Table.Td>
                  {d.gpu ? (
                    <Text size="xs" c="dimmed">
                      A graphics card: use Passthrough (IOMMU group, vfio-pci at boot)
                    </Text>
                  ) : (
                    <Button
                      size="compact-sm"
                      variant="default"
                      disabled={view.hostdevs.some((h) => h.id === d.id)}
                      onClick={() => onPreview({ kind: 'hostdev.add', device: { kind: d.kind, id: d.id } })}
                    >
                      Add
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Modal>
  )
}

/** USB and PCI host devices, the emulated TPM, and virtiofs shared folders (with the shared memory they need). */
export function DevicesCard({ view, onPreview }: Props): JSX.Element {
  const [picking, setPicking] = useState(false)
  const [tpm, setTpm] = useState<string>(view.tpm?.version ?? 'none')
  const [source, setSource] = useState('')
  const [tag, setTag] = useState('')
  const sourceError = source === '' ? undefined : absolutePathProblem(source, 'The folder')
  const tagError = tag === '' ? undefined : tagProblem(tag)
  const preview = (edit: HwEdit): void => {
    setPicking(false)
    onPreview(edit)
  }
  return (
    <SectionCard title="Host devices, TPM and shared folders">
      <Stack gap="lg">
        <Stack gap="xs" aria-label="Host devices">
          <Title order={4} size="h6">
            USB and PCI host devices
          </Title>
          {view.hostdevs.length === 0 && (
            <Text size="sm" c="dimmed">
              None.
            </Text>
          )}
          {view.hostdevs.map((h) => (
            <Group key={h.id} gap="sm">
              <Text size="sm" ff="monospace">
                {h.kind.toUpperCase()} {h.id}
              </Text>
              <Button
                size="compact-sm"
                variant="subtle"
                color="red"
                onClick={() => onPreview({ kind: 'hostdev.remove', id: h.id })}
                aria-label={`Remove host device ${h.id}…`}
              >
                Remove…
              </Button>
            </Group>
          ))}
          <Button w="fit-content" variant="default" onClick={() => setPicking(true)}>
            Add host device…
          </Button>
        </Stack>
        <Stack gap="xs" aria-label="TPM">
          <Title order={4} size="h6">
            TPM
          </Title>
          {!view.host.swtpm && (
            <Alert color="yellow" p="xs">
              swtpm is not installed on this host: libvirt cannot emulate a TPM. Install swtpm and
              swtpm-tools.
            </Alert>
          )}
          <Group align="flex-end">
            <Select
              label="Emulated TPM"
              data={[
                { value: 'none', label: 'None' },
                { value: '2.0', label: '2.0 (Windows 11)' },
                { value: '1.2', label: '1.2' },
              ]}
              value={tpm}
              onChange={(v) => v !== null && setTpm(v)}
              allowDeselect={false}
            />
            <Button
              variant="default"
              disabled={tpm === (view.tpm?.version ?? 'none')}
              onClick={() =>
                onPreview({ kind: 'tpm', version: tpm === 'none' ? null : (tpm as '2.0' | '1.2') })
              }
            >
              Preview TPM
            </Button>
          </Group>
        </Stack>
        <Stack gap="xs" aria-label="Shared folders">
          <Title order={4} size="h6">
            Shared folders (virtiofs)
          </Title>
          {view.host.virtiofsd === undefined && (
            <Alert color="yellow" p="xs">
              virtiofsd is not installed on this host: a VM with a shared folder will not start. Install
              virtiofsd.
            </Alert>
          )}
          {view.filesystems.map((f) => (
            <Group key={f.tag} gap="sm">
              <Text size="sm">
                {f.source} → <code>{f.tag}</code> ({f.driver})
              </Text>
              <Button
                size="compact-sm"
                variant="subtle"
                color="red"
                onClick={() => onPreview({ kind: 'fs.remove', tag: f.tag })}
                aria-label={`Remove shared folder ${f.tag}…`}
              >
                Remove…
              </Button>
            </Group>
          ))}
          <Group align="flex-start" grow>
            <TextInput
              label="Folder on the host"
              placeholder="/srv/share"
              value={source}
              onChange={(e) => setSource(e.currentTarget.value)}
              error={sourceError}
            />
            <TextInput
              label="Tag (mount name in the guest)"
              placeholder="share"
              value={tag}
              onChange={(e) => setTag(e.currentTarget.value)}
              error={tagError}
            />
          </Group>
          {!view.sharedMemory && (
            <Text size="xs" c="dimmed">
              Adding one also shares the VM’s memory (memfd), which virtiofs needs.
            </Text>
          )}
          <Button
            w="fit-content"
            variant="default"
            disabled={source === '' || tag === '' || sourceError !== undefined || tagError !== undefined}
            onClick={() => onPreview({ kind: 'fs.add', source, tag })}
          >
            Preview shared folder
          </Button>
        </Stack>
      </Stack>
      {picking && <HostDeviceModal view={view} onPreview={preview} onClose={() => setPicking(false)} />}
    </SectionCard>
  )
}
