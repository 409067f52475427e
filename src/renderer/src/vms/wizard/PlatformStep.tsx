import { Alert, Button, Group, Radio, Select, Stack, Text, TextInput } from '@mantine/core'
import type { JSX } from 'react'
import type { StepProps } from './NameStep'
import type { WizardDraft } from './wizardDraft'
import { machineOptions } from './wizardDraft'
import { inactiveNetworkWarning } from './outcome'
import { gamingPreset } from './gamingPreset'

export function PlatformStep({ draft, offer, set }: StepProps): JSX.Element {
  const caps = offer.caps
  const networks = offer.networks ?? []
  const inactive = inactiveNetworkWarning(draft, offer)
  const gaming = gamingPreset(caps)
  return (
    <Stack gap="md">
      {/* passthrough: begin */}
      <Group gap="sm" align="center">
        <Button variant="light" size="xs" onClick={() => set(gaming.patch)}>
          Gaming VM preset
        </Button>
        <Text size="xs" c="dimmed">
          q35 + UEFI, host CPU, 8 GiB, 4 vCPUs, 128 GiB disk — then give it the graphics card in GPU
          passthrough.
          {gaming.problems.length > 0 && ` ${gaming.problems.join(' ')}`}
        </Text>
      </Group>
      {/* passthrough: end */}
      <Radio.Group
        label="Firmware"
        value={draft.firmware}
        onChange={(value) => set({ firmware: value === 'uefi' ? 'uefi' : 'bios' })}
      >
        <Group gap="xl" mt={6}>
          <Radio value="bios" label="BIOS" description="SeaBIOS: older systems, simplest." />
          <Radio
            value="uefi"
            label="UEFI"
            disabled={caps?.uefi !== true}
            description={
              caps?.uefi === true
                ? 'OVMF: modern systems, Windows 11.'
                : 'OVMF is not installed on this host.'
            }
          />
        </Group>
      </Radio.Group>
      <Group grow align="flex-start">
        {(caps?.machines.length ?? 0) > 0 && (
          <Select
            label="Machine type"
            data={machineOptions(caps)}
            value={draft.machine || null}
            onChange={(value) => set({ machine: value ?? '' })}
            searchable
            allowDeselect={false}
            description="q35 (modern PCIe chipset) unless the guest needs the old i440fx (pc)."
          />
        )}
        <Select
          label="Acceleration"
          data={(caps?.virtTypes ?? []).map((t) => ({
            value: t,
            label:
              t === 'kvm'
                ? 'KVM (hardware, fast)'
                : t === 'qemu'
                  ? 'QEMU emulation (slow, works everywhere)'
                  : t,
          }))}
          value={draft.virtType || null}
          onChange={(value) => set({ virtType: value ?? '' })}
          allowDeselect={false}
        />
      </Group>
      {draft.virtType === 'kvm' && (
        <Select
          label="CPU"
          data={[
            { value: 'host-passthrough', label: 'Same as the host (fastest)' },
            { value: 'host-model', label: 'Model close to the host (migrates more easily)' },
            { value: 'default', label: 'QEMU’s default model' },
          ]}
          value={draft.cpuMode}
          onChange={(value) => set({ cpuMode: (value ?? 'host-passthrough') as WizardDraft['cpuMode'] })}
          allowDeselect={false}
        />
      )}
      <Radio.Group
        label="Network"
        value={draft.network}
        onChange={(value) => set({ network: value as WizardDraft['network'] })}
      >
        <Stack gap={8} mt={6}>
          <Radio
            value="network"
            label="Virtual network (NAT)"
            disabled={networks.length === 0}
            description={
              networks.length === 0
                ? 'This host has no virtual networks.'
                : 'Reaches out through the host; not reachable from the LAN.'
            }
          />
          <Radio
            value="bridge"
            label="Bridge to a host interface"
            description="On the LAN like a real machine; needs a bridge (e.g. br0) on the host."
          />
          <Radio value="none" label="No network" />
        </Stack>
      </Radio.Group>
      {draft.network === 'network' && (
        <Select
          label="Virtual network"
          data={networks.map((n) => ({
            value: n.name,
            label: `${n.name}${n.active ? '' : ' (not running)'}`,
          }))}
          value={draft.networkName || null}
          onChange={(value) => set({ networkName: value ?? '' })}
          allowDeselect={false}
        />
      )}
      {inactive !== undefined && (
        <Alert color="orange" variant="light" title="Network not running">
          {inactive}
        </Alert>
      )}
      {draft.network === 'bridge' && (
        <TextInput
          label="Bridge"
          placeholder="br0"
          value={draft.bridgeName}
          onChange={(event) => set({ bridgeName: event.currentTarget.value })}
        />
      )}
    </Stack>
  )
}
