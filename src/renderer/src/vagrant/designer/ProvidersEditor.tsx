import { Checkbox, Group, NumberInput, Select, Stack, Text, TextInput, Textarea } from '@mantine/core'
import type { JSX } from 'react'
import type { VagrantProviders } from '@shared/vagrant.js'
import type { ErrorsAt } from './edit'
import { numberValue, textValue, withField } from './edit'
import { parsePci, Section } from './provider-parts'

type Libvirt = NonNullable<VagrantProviders['libvirt']>
type Virtualbox = NonNullable<VagrantProviders['virtualbox']>
type Docker = NonNullable<VagrantProviders['docker']>

/** libvirt, VirtualBox and Docker settings: each block on or off, with its fields. */
export function ProvidersEditor({
  value,
  onChange,
  errors,
}: {
  value: VagrantProviders
  onChange(next: VagrantProviders): void
  errors: ErrorsAt
}): JSX.Element {
  const lv = value.libvirt
  const vb = value.virtualbox
  const dk = value.docker
  const setLv = <K extends keyof Libvirt>(k: K, v: Libvirt[K] | undefined): void =>
    onChange({ ...value, libvirt: withField(lv ?? { pci: [] }, k, v) })
  const setVb = <K extends keyof Virtualbox>(k: K, v: Virtualbox[K] | undefined): void =>
    onChange({ ...value, virtualbox: withField(vb ?? {}, k, v) })
  const setDk = <K extends keyof Docker>(k: K, v: Docker[K] | undefined): void =>
    onChange({ ...value, docker: withField(dk ?? { image: '', cmd: [], ports: [], hasSsh: false }, k, v) })
  const e = (p: string): string | undefined => errors(`providers.${p}`)
  const pick = <T extends string>(
    label: string,
    data: readonly T[],
    current: T | undefined,
    set: (v: T | undefined) => void,
  ): JSX.Element => (
    <Select
      label={label}
      data={[...data]}
      clearable
      value={current ?? null}
      onChange={(v) => set((v ?? undefined) as T | undefined)}
    />
  )
  const num = (
    label: string,
    current: number | undefined,
    path: string,
    set: (v: number | undefined) => void,
  ): JSX.Element => (
    <NumberInput label={label} value={current ?? ''} error={e(path)} onChange={(v) => set(numberValue(v))} />
  )
  return (
    <Stack gap="sm">
      <Section
        title="libvirt (KVM/QEMU, vagrant-libvirt)"
        on={lv !== undefined}
        onToggle={(on) => onChange(withField(value, 'libvirt', on ? { pci: [] } : undefined))}
      >
        {lv !== undefined && (
          <>
            <Group grow align="flex-start">
              {pick('libvirt driver', ['kvm', 'qemu'] as const, lv.driver, (v) => setLv('driver', v))}
              <TextInput
                label="libvirt URI"
                placeholder="qemu:///system"
                value={lv.uri ?? ''}
                error={e('libvirt.uri')}
                onChange={(ev) => setLv('uri', textValue(ev.currentTarget.value))}
              />
              <Checkbox
                mt={28}
                label="QEMU session (qemu:///session)"
                checked={lv.qemuUseSession === true}
                onChange={(ev) => setLv('qemuUseSession', ev.currentTarget.checked || undefined)}
              />
            </Group>
            <Group grow align="flex-start">
              {num('libvirt memory (MiB)', lv.memory, 'libvirt.memory', (v) => setLv('memory', v))}
              {num('libvirt CPUs', lv.cpus, 'libvirt.cpus', (v) => setLv('cpus', v))}
              {pick(
                'libvirt CPU mode',
                ['host-passthrough', 'host-model', 'custom'] as const,
                lv.cpuMode,
                (v) => setLv('cpuMode', v),
              )}
              <Checkbox
                mt={28}
                label="Nested virtualization"
                checked={lv.nested === true}
                onChange={(ev) => setLv('nested', ev.currentTarget.checked || undefined)}
              />
            </Group>
            <Group grow align="flex-start">
              {pick('libvirt disk bus', ['virtio', 'scsi', 'sata', 'ide'] as const, lv.diskBus, (v) =>
                setLv('diskBus', v),
              )}
              {pick(
                'libvirt disk cache',
                ['default', 'none', 'writethrough', 'writeback', 'directsync', 'unsafe'] as const,
                lv.diskCache,
                (v) => setLv('diskCache', v),
              )}
              {pick('libvirt graphics', ['vnc', 'spice', 'none'] as const, lv.graphicsType, (v) =>
                setLv('graphicsType', v),
              )}
              {pick('libvirt video', ['cirrus', 'vga', 'qxl', 'virtio', 'none'] as const, lv.videoType, (v) =>
                setLv('videoType', v),
              )}
            </Group>
            <Group grow align="flex-start">
              <TextInput
                label="libvirt storage pool"
                placeholder="default"
                value={lv.storagePoolName ?? ''}
                error={e('libvirt.storagePoolName')}
                onChange={(ev) => setLv('storagePoolName', textValue(ev.currentTarget.value))}
              />
              <Checkbox
                mt={28}
                label="Hide KVM from the guest"
                checked={lv.kvmHidden === true}
                onChange={(ev) => setLv('kvmHidden', ev.currentTarget.checked || undefined)}
              />
              <Checkbox
                mt={28}
                label="Shared memory"
                checked={lv.sharedMemory === true}
                onChange={(ev) => setLv('sharedMemory', ev.currentTarget.checked || undefined)}
              />
            </Group>
            <Text size="sm" fw={600}>
              Management network
            </Text>
            <Group grow align="flex-start">
              <TextInput
                label="Management network name"
                placeholder="vagrant-libvirt"
                value={lv.managementNetworkName ?? ''}
                error={e('libvirt.managementNetworkName')}
                onChange={(ev) => setLv('managementNetworkName', textValue(ev.currentTarget.value))}
              />
              <TextInput
                label="Management network address"
                placeholder="192.168.121.0/24"
                value={lv.managementNetworkAddress ?? ''}
                error={e('libvirt.managementNetworkAddress')}
                onChange={(ev) => setLv('managementNetworkAddress', textValue(ev.currentTarget.value))}
              />
              {pick(
                'Management network mode',
                ['nat', 'route', 'none', 'open', 'veryisolated'] as const,
                lv.managementNetworkMode,
                (v) => setLv('managementNetworkMode', v),
              )}
            </Group>
            <TextInput
              label="PCI devices to pass through"
              description="Host addresses, comma separated: 0000:01:00.0, 01:00.1"
              defaultValue={lv.pci
                .map((p) => `${p.domain ?? '0000'}:${p.bus}:${p.slot}.${p.function}`)
                .join(', ')}
              error={e('libvirt.pci')}
              onBlur={(ev) => setLv('pci', parsePci(ev.currentTarget.value))}
            />
          </>
        )}
      </Section>
      <Section
        title="VirtualBox"
        on={vb !== undefined}
        onToggle={(on) => onChange(withField(value, 'virtualbox', on ? {} : undefined))}
      >
        {vb !== undefined && (
          <Group grow align="flex-start">
            {num('VirtualBox memory (MiB)', vb.memory, 'virtualbox.memory', (v) => setVb('memory', v))}
            {num('VirtualBox CPUs', vb.cpus, 'virtualbox.cpus', (v) => setVb('cpus', v))}
            <TextInput
              label="VirtualBox VM name"
              value={vb.name ?? ''}
              error={e('virtualbox.name')}
              onChange={(ev) => setVb('name', textValue(ev.currentTarget.value))}
            />
            <Checkbox
              mt={28}
              label="Show the VirtualBox window"
              checked={vb.gui === true}
              onChange={(ev) => setVb('gui', ev.currentTarget.checked || undefined)}
            />
          </Group>
        )}
      </Section>
      <Section
        title="Docker"
        on={dk !== undefined}
        onToggle={(on) =>
          onChange(
            withField(
              value,
              'docker',
              on ? { image: '', cmd: ['sleep', 'infinity'], ports: [], hasSsh: false } : undefined,
            ),
          )
        }
      >
        {dk !== undefined && (
          <>
            <Group grow align="flex-start">
              <TextInput
                label="Docker image"
                value={dk.image}
                error={e('docker.image')}
                onChange={(ev) => setDk('image', ev.currentTarget.value)}
              />
              <TextInput
                label="Container name"
                value={dk.name ?? ''}
                error={e('docker.name')}
                onChange={(ev) => setDk('name', textValue(ev.currentTarget.value))}
              />
              <Checkbox
                mt={28}
                label="Has SSH"
                checked={dk.hasSsh}
                onChange={(ev) => setDk('hasSsh', ev.currentTarget.checked)}
              />
              <Checkbox
                mt={28}
                label="Keeps running"
                checked={dk.remainsRunning === true}
                onChange={(ev) => setDk('remainsRunning', ev.currentTarget.checked || undefined)}
              />
            </Group>
            <Group grow align="flex-start">
              <Textarea
                label="Docker command (one argument per line)"
                autosize
                minRows={1}
                ff="monospace"
                value={dk.cmd.join('\n')}
                error={e('docker.cmd')}
                onChange={(ev) =>
                  setDk('cmd', ev.currentTarget.value === '' ? [] : ev.currentTarget.value.split('\n'))
                }
              />
              <Textarea
                label="Docker ports (host:guest, one per line)"
                autosize
                minRows={1}
                ff="monospace"
                value={dk.ports.join('\n')}
                error={e('docker.ports')}
                onChange={(ev) =>
                  setDk('ports', ev.currentTarget.value === '' ? [] : ev.currentTarget.value.split('\n'))
                }
              />
            </Group>
          </>
        )}
      </Section>
    </Stack>
  )
}
