import { Badge, Button, Checkbox, NumberInput, Radio, Table, TextInput } from '@mantine/core'
import type { JSX } from 'react'
import type { VagrantMachine, VagrantNetwork } from '@shared/vagrant.js'
import { numberValue, removeAt, replaceAt, textValue, withField } from './edit'

export type SizedProvider = 'libvirt' | 'virtualbox'

/** The first private network's static IP: what the table shows and edits. */
function ipOf(m: VagrantMachine): string {
  const n = m.networks.find((x) => x.kind === 'private_network')
  return n?.kind === 'private_network' && !n.dhcp ? (n.ip ?? '') : ''
}

function withIp(m: VagrantMachine, ip: string): VagrantMachine {
  const at = m.networks.findIndex((x) => x.kind === 'private_network')
  const current = at < 0 ? undefined : m.networks[at]
  const base: VagrantNetwork =
    current?.kind === 'private_network' ? current : { kind: 'private_network', dhcp: false }
  const next = withField({ ...base, dhcp: false }, 'ip', textValue(ip)) as VagrantNetwork
  // Clearing the IP of a network that had nothing else removes it.
  if (
    ip === '' &&
    next.kind === 'private_network' &&
    next.netmask === undefined &&
    next.libvirt === undefined
  )
    return { ...m, networks: at < 0 ? m.networks : removeAt(m.networks, at) }
  return { ...m, networks: at < 0 ? [...m.networks, next] : replaceAt(m.networks, at, next) }
}

/** Machines as rows (name, box, IP, RAM, CPUs, primary, autostart), as in the guide's "servers" array. */
export function MachinesTable({
  machines,
  onChange,
  selected,
  onSelect,
  provider,
  errors,
  problems,
}: {
  machines: VagrantMachine[]
  onChange(next: VagrantMachine[]): void
  selected: number | null
  onSelect(i: number | null): void
  /** Whose memory/cpus the RAM and CPUs columns edit (none for docker: they are off). */
  provider: SizedProvider | undefined
  errors: (path: string) => string | undefined
  /** Vagrant's validation messages per machine name. */
  problems: ReadonlyMap<string, number>
}): JSX.Element {
  const set = (i: number, m: VagrantMachine): void => onChange(replaceAt(machines, i, m))
  const size = (m: VagrantMachine, key: 'memory' | 'cpus', v: number | undefined): VagrantMachine => {
    if (provider === undefined) return m
    const current = m.providers[provider] ?? (provider === 'libvirt' ? { pci: [] } : {})
    return { ...m, providers: { ...m.providers, [provider]: withField(current, key, v) } }
  }
  return (
    <Table aria-label="Machines" verticalSpacing={4}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Name</Table.Th>
          <Table.Th>Box</Table.Th>
          <Table.Th>Private IP</Table.Th>
          <Table.Th>RAM (MiB)</Table.Th>
          <Table.Th>CPUs</Table.Th>
          <Table.Th>Primary</Table.Th>
          <Table.Th>Autostart</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {machines.map((m, i) => {
          const n = i + 1
          const e = (p: string): string | undefined => errors(`machines.${i}.${p}`)
          const count = problems.get(m.name) ?? 0
          return (
            <Table.Tr key={i} {...(selected === i ? { bg: 'var(--mantine-color-blue-light)' } : {})}>
              <Table.Td>
                <TextInput
                  aria-label={`Machine ${n} name`}
                  miw={120}
                  value={m.name}
                  error={e('name')}
                  onChange={(ev) => set(i, { ...m, name: ev.currentTarget.value })}
                />
              </Table.Td>
              <Table.Td>
                <TextInput
                  aria-label={`Machine ${n} box`}
                  miw={150}
                  placeholder="(project box)"
                  value={m.box ?? ''}
                  error={e('box')}
                  onChange={(ev) => set(i, withField(m, 'box', textValue(ev.currentTarget.value)))}
                />
              </Table.Td>
              <Table.Td>
                <TextInput
                  aria-label={`Machine ${n} IP`}
                  miw={130}
                  placeholder="DHCP"
                  value={ipOf(m)}
                  error={errors(
                    `machines.${i}.networks.${m.networks.findIndex((x) => x.kind === 'private_network')}.ip`,
                  )}
                  onChange={(ev) => set(i, withIp(m, ev.currentTarget.value))}
                />
              </Table.Td>
              <Table.Td>
                <NumberInput
                  aria-label={`Machine ${n} memory`}
                  w={100}
                  disabled={provider === undefined}
                  value={provider === undefined ? '' : (m.providers[provider]?.memory ?? '')}
                  error={e(`providers.${provider ?? 'libvirt'}.memory`)}
                  onChange={(v) => set(i, size(m, 'memory', numberValue(v)))}
                />
              </Table.Td>
              <Table.Td>
                <NumberInput
                  aria-label={`Machine ${n} CPUs`}
                  w={70}
                  disabled={provider === undefined}
                  value={provider === undefined ? '' : (m.providers[provider]?.cpus ?? '')}
                  error={e(`providers.${provider ?? 'libvirt'}.cpus`)}
                  onChange={(v) => set(i, size(m, 'cpus', numberValue(v)))}
                />
              </Table.Td>
              <Table.Td>
                <Radio
                  aria-label={`Machine ${n} primary`}
                  checked={m.primary === true}
                  onChange={() =>
                    onChange(machines.map((x, j) => withField(x, 'primary', j === i ? true : undefined)))
                  }
                />
              </Table.Td>
              <Table.Td>
                <Checkbox
                  aria-label={`Machine ${n} starts with vagrant up`}
                  checked={m.autostart !== false}
                  onChange={(ev) =>
                    set(i, withField(m, 'autostart', ev.currentTarget.checked ? undefined : false))
                  }
                />
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Button variant="subtle" size="xs" onClick={() => onSelect(selected === i ? null : i)}>
                  {selected === i ? 'Close' : 'Edit…'}
                </Button>
                <Button
                  variant="subtle"
                  color="red"
                  size="xs"
                  disabled={machines.length === 1}
                  onClick={() => {
                    onSelect(null)
                    onChange(removeAt(machines, i))
                  }}
                >
                  Remove
                </Button>
                {count > 0 && (
                  <Badge color="red" variant="light">
                    {count} problem{count === 1 ? '' : 's'}
                  </Badge>
                )}
              </Table.Td>
            </Table.Tr>
          )
        })}
      </Table.Tbody>
    </Table>
  )
}
