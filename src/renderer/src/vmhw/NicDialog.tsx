import { Button, Group, Modal, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { HardwareView, HwEdit, HwNic } from '@shared/vm-hardware.js'
import { NIC_MODELS, macProblem } from '@shared/vm-hardware.js'

interface Props {
  view: HardwareView
  /** The card to edit; undefined adds one. */
  nic?: HwNic
  onClose(): void
  onPreview(edit: HwEdit): void
}

/** Add or edit a network card: network or host bridge, model, MAC (checked; empty picks a fresh one). */
export function NicDialog({ view, nic, onClose, onPreview }: Props): JSX.Element {
  const [type, setType] = useState<'network' | 'bridge'>(nic?.type === 'bridge' ? 'bridge' : 'network')
  const networks = view.host.networks
  const [name, setName] = useState<string | null>(
    nic?.source ?? networks.find((n) => n.name === 'default')?.name ?? networks[0]?.name ?? null,
  )
  const [model, setModel] = useState<string>(nic?.model ?? 'virtio')
  const [mac, setMac] = useState(nic?.mac ?? '')
  const macError = mac === '' ? undefined : macProblem(mac)
  const taken =
    mac !== '' && mac.toLowerCase() !== nic?.mac && view.nics.some((n) => n.mac === mac.toLowerCase())
  const options =
    type === 'network'
      ? networks.map((n) => ({
          value: n.name,
          label: n.active ? n.name : `${n.name} (inactive: start it in Networks)`,
        }))
      : view.host.bridges.map((b) => ({ value: b, label: b }))
  const sourceError =
    name === null || !options.some((o) => o.value === name)
      ? options.length === 0
        ? type === 'bridge'
          ? 'This host has no bridge; create one with your distribution’s network tools, or use a network.'
          : 'This host has no libvirt network.'
        : 'Choose one.'
      : undefined
  const inactive = type === 'network' && networks.some((n) => n.name === name && !n.active)
  const problem =
    sourceError ?? macError ?? (taken ? `This VM already has a card with MAC ${mac}.` : undefined)

  const submit = (): void => {
    if (problem !== undefined || name === null) return
    const source = { type, name }
    const chosenModel = model as (typeof NIC_MODELS)[number]
    if (nic === undefined) {
      onPreview({
        kind: 'nic.add',
        source,
        model: chosenModel,
        ...(mac === '' ? {} : { mac: mac.toLowerCase() }),
      })
      return
    }
    const edit: HwEdit = {
      kind: 'nic.update',
      mac: nic.mac,
      ...(type !== nic.type || name !== nic.source ? { source } : {}),
      ...(model !== nic.model ? { model: chosenModel } : {}),
      ...(mac !== '' && mac.toLowerCase() !== nic.mac ? { newMac: mac.toLowerCase() } : {}),
    }
    onPreview(edit)
  }

  return (
    <Modal
      opened
      onClose={onClose}
      title={nic === undefined ? 'Add a network card' : `Network card ${nic.mac}`}
      size="lg"
    >
      <Stack gap="sm">
        <SegmentedControl
          value={type}
          onChange={(v) => {
            setType(v as 'network' | 'bridge')
            setName(null)
          }}
          data={[
            { value: 'network', label: 'Virtual network' },
            { value: 'bridge', label: 'Host bridge' },
          ]}
          aria-label="Connect to"
        />
        <Select
          label={type === 'network' ? 'Network' : 'Bridge'}
          data={options}
          value={name}
          onChange={setName}
          error={name === null ? undefined : sourceError}
          allowDeselect={false}
        />
        {inactive && (
          <Text size="sm" c="yellow.8">
            This network is not active: the VM will not start until it is.
          </Text>
        )}
        <Group grow align="flex-start">
          <Select
            label="Model"
            description="virtio is fastest; e1000e for guests without virtio drivers"
            data={[...NIC_MODELS]}
            value={model}
            onChange={(v) => v !== null && setModel(v)}
            allowDeselect={false}
          />
          <TextInput
            label="MAC address"
            description={
              nic === undefined
                ? 'Empty: a fresh one, unused on this host'
                : 'Changing it makes a new card for the guest'
            }
            placeholder="52:54:00:…"
            value={mac}
            onChange={(e) => setMac(e.currentTarget.value.trim())}
            error={macError ?? (taken ? `This VM already has a card with MAC ${mac}.` : undefined)}
          />
        </Group>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} disabled={problem !== undefined}>
            Preview
          </Button>
        </Group>
        {problem !== undefined && name !== null && (
          <Text size="sm" c="red" role="alert">
            {problem}
          </Text>
        )}
      </Stack>
    </Modal>
  )
}
