import {
  Button,
  Card,
  Checkbox,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core'
import type { JSX } from 'react'
import type { HostInterface } from '@shared/vagrant-contract.js'
import type { LibvirtNetworkOptions, VagrantNetwork } from '@shared/vagrant.js'
import type { ErrorsAt } from './edit'
import { numberValue, removeAt, replaceAt, textValue, withField } from './edit'

type Kind = VagrantNetwork['kind']
const KINDS: { value: Kind; label: string }[] = [
  { value: 'private_network', label: 'Private network' },
  { value: 'public_network', label: 'Public network (bridged)' },
  { value: 'forwarded_port', label: 'Forwarded port' },
]

function fresh(kind: Kind): VagrantNetwork {
  if (kind === 'private_network') return { kind, dhcp: true }
  if (kind === 'public_network') return { kind, bridge: [] }
  return { kind, guest: 80, host: 8080 }
}

function LibvirtOptions({
  value,
  onChange,
  label,
  errors,
  interfaces,
}: {
  value: LibvirtNetworkOptions | undefined
  onChange(next: LibvirtNetworkOptions | undefined): void
  label: string
  errors: ErrorsAt
  interfaces: HostInterface[]
}): JSX.Element {
  const v = value ?? {}
  const set = <K extends keyof LibvirtNetworkOptions>(
    key: K,
    x: LibvirtNetworkOptions[K] | undefined,
  ): void => {
    const next = withField(v, key, x)
    onChange(Object.keys(next).length === 0 ? undefined : next)
  }
  const select = (key: 'mode' | 'type' | 'forward', title: string, data: string[]): JSX.Element => (
    <Select
      label={`${label} libvirt ${title}`}
      data={data}
      clearable
      value={v[key] ?? null}
      onChange={(x) => set(key, (x ?? undefined) as LibvirtNetworkOptions[typeof key])}
    />
  )
  return (
    <details>
      <summary>
        <Text span size="sm">
          libvirt options (dev, mode, type, network name, portgroup, OVS…)
        </Text>
      </summary>
      <Stack gap="xs" mt="xs">
        <Group grow align="flex-start">
          <Select
            label={`${label} libvirt dev`}
            description="Host interface for a direct (macvtap) or bridge link"
            data={interfaces.map((i) => i.name)}
            searchable
            clearable
            value={v.dev ?? null}
            error={errors('libvirt.dev')}
            onChange={(x) => set('dev', x ?? undefined)}
          />
          {select('mode', 'mode', ['bridge', 'vepa', 'private', 'passthrough', 'nat', 'route', 'none'])}
          {select('type', 'type', ['direct', 'network', 'bridge', 'udp', 'tunnel'])}
          {select('forward', 'forward mode', ['nat', 'route', 'none', 'open', 'veryisolated'])}
        </Group>
        <Group grow align="flex-start">
          <TextInput
            label={`${label} libvirt network name`}
            value={v.networkName ?? ''}
            error={errors('libvirt.networkName')}
            onChange={(e) => set('networkName', textValue(e.currentTarget.value))}
          />
          <TextInput
            label={`${label} libvirt portgroup`}
            value={v.portgroup ?? ''}
            error={errors('libvirt.portgroup')}
            onChange={(e) => set('portgroup', textValue(e.currentTarget.value))}
          />
          <Checkbox
            mt={28}
            label="Open vSwitch"
            checked={v.ovs === true}
            onChange={(e) => set('ovs', e.currentTarget.checked || undefined)}
          />
          <Checkbox
            mt={28}
            label="Trust guest RX filters"
            checked={v.trustGuestRxFilters === true}
            onChange={(e) => set('trustGuestRxFilters', e.currentTarget.checked || undefined)}
          />
        </Group>
      </Stack>
    </details>
  )
}

/** Private (DHCP or static), public (bridged, with the host's interfaces to pick from) and forwarded ports. */
export function NetworksEditor({
  value,
  onChange,
  errors,
  issues,
  interfaces,
}: {
  value: VagrantNetwork[]
  onChange(next: VagrantNetwork[]): void
  errors: ErrorsAt
  /** Every issue under a network (refinements such as "needs an IP or DHCP"). */
  issues: (path: string) => string[]
  interfaces: HostInterface[]
}): JSX.Element {
  const bridges = interfaces.map((i) => ({
    value: i.name,
    label: `${i.name} (${i.kind}${i.master === undefined ? '' : `, in ${i.master}`}${i.up ? '' : ', down'})`,
  }))
  return (
    <Stack gap="sm">
      {value.map((n, i) => {
        const label = `Network ${i + 1}`
        const at = (p: string): string | undefined => errors(`networks.${i}.${p}`)
        const set = (next: VagrantNetwork): void => onChange(replaceAt(value, i, next))
        const own = issues(`networks.${i}`)
        return (
          <Card key={i} withBorder padding="sm">
            <Stack gap="xs">
              <Group justify="space-between">
                <Select
                  label={`${label} kind`}
                  data={KINDS}
                  allowDeselect={false}
                  value={n.kind}
                  onChange={(k) => set(fresh((k ?? 'private_network') as Kind))}
                />
                <Button variant="subtle" color="red" size="xs" onClick={() => onChange(removeAt(value, i))}>
                  Remove network
                </Button>
              </Group>
              {n.kind === 'private_network' && (
                <Group grow align="flex-start">
                  <Checkbox
                    mt={28}
                    label="DHCP"
                    checked={n.dhcp}
                    onChange={(e) => set({ ...n, dhcp: e.currentTarget.checked })}
                  />
                  <TextInput
                    label={`${label} IP address`}
                    placeholder="192.168.56.10"
                    disabled={n.dhcp}
                    value={n.ip ?? ''}
                    error={at('ip')}
                    onChange={(e) => set(withField(n, 'ip', textValue(e.currentTarget.value)))}
                  />
                  <TextInput
                    label={`${label} netmask`}
                    placeholder="255.255.255.0"
                    value={n.netmask ?? ''}
                    error={at('netmask')}
                    onChange={(e) => set(withField(n, 'netmask', textValue(e.currentTarget.value)))}
                  />
                </Group>
              )}
              {n.kind === 'public_network' && (
                <Group grow align="flex-start">
                  <MultiSelect
                    label={`${label} bridge`}
                    description="The host's bridges and interfaces; Vagrant takes the first that exists"
                    data={[
                      ...bridges,
                      ...n.bridge
                        .filter((b) => !bridges.some((x) => x.value === b))
                        .map((b) => ({ value: b, label: b })),
                    ]}
                    searchable
                    value={n.bridge}
                    error={at('bridge')}
                    onChange={(b) => set({ ...n, bridge: b })}
                  />
                  <TextInput
                    label={`${label} IP address`}
                    placeholder="DHCP from the LAN"
                    value={n.ip ?? ''}
                    error={at('ip')}
                    onChange={(e) => set(withField(n, 'ip', textValue(e.currentTarget.value)))}
                  />
                  <Checkbox
                    mt={28}
                    label="Use the DHCP default route"
                    checked={n.useDhcpAssignedDefaultRoute === true}
                    onChange={(e) =>
                      set(withField(n, 'useDhcpAssignedDefaultRoute', e.currentTarget.checked || undefined))
                    }
                  />
                </Group>
              )}
              {n.kind === 'forwarded_port' && (
                <Group grow align="flex-start">
                  <NumberInput
                    label={`${label} guest port`}
                    value={n.guest}
                    error={at('guest')}
                    onChange={(v) => set({ ...n, guest: numberValue(v) ?? Number.NaN })}
                  />
                  <NumberInput
                    label={`${label} host port`}
                    value={n.host}
                    error={at('host')}
                    onChange={(v) => set({ ...n, host: numberValue(v) ?? Number.NaN })}
                  />
                  <Select
                    label={`${label} protocol`}
                    data={['tcp', 'udp']}
                    clearable
                    value={n.protocol ?? null}
                    onChange={(p) =>
                      set(withField(n, 'protocol', (p ?? undefined) as 'tcp' | 'udp' | undefined))
                    }
                  />
                  <TextInput
                    label={`${label} host IP`}
                    placeholder="all addresses"
                    value={n.hostIp ?? ''}
                    error={at('hostIp')}
                    onChange={(e) => set(withField(n, 'hostIp', textValue(e.currentTarget.value)))}
                  />
                  <TextInput
                    label={`${label} id`}
                    value={n.id ?? ''}
                    error={at('id')}
                    onChange={(e) => set(withField(n, 'id', textValue(e.currentTarget.value)))}
                  />
                </Group>
              )}
              {n.kind !== 'forwarded_port' && (
                <LibvirtOptions
                  label={label}
                  value={n.libvirt}
                  errors={(p) => at(p)}
                  interfaces={interfaces}
                  onChange={(l) => set(withField(n, 'libvirt', l) as VagrantNetwork)}
                />
              )}
              {own.map((m) => (
                <Text key={m} size="sm" c="red">
                  {label}: {m}
                </Text>
              ))}
            </Stack>
          </Card>
        )
      })}
      <Button
        variant="default"
        size="xs"
        w="fit-content"
        onClick={() => onChange([...value, fresh('private_network')])}
      >
        Add network
      </Button>
    </Stack>
  )
}
