import {
  Alert,
  Button,
  Checkbox,
  Code,
  Group,
  List,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { AppError } from '@shared/errors.js'
import { NETWORK_MODE_WORDS, networkSpecSchema } from '@shared/network-create.js'
import type { NetworkMode, NetworkPreview, NetworkSpec } from '@shared/network-create.js'
import { useHostBridges, useNetworkAdmin } from '../api/useNetworkAdmin'
import { invoke } from '../api/virtdeck'
import { ErrorDetails } from '../notify/ErrorDetails'
import { notifySuccess, notifyWarning } from '../notify/notify'
import { fieldErrors } from '../storage/fieldErrors'

interface Draft {
  name: string
  mode: NetworkMode
  hostBridge: string
  v4: string
  v4prefix: string
  v4start: string
  v4end: string
  v6: string
  v6prefix: string
  v6start: string
  v6end: string
}

const NEW: Draft = {
  name: '',
  mode: 'nat',
  hostBridge: '',
  v4: '192.168.150.1',
  v4prefix: '24',
  v4start: '192.168.150.10',
  v4end: '192.168.150.254',
  v6: '',
  v6prefix: '64',
  v6start: '',
  v6end: '',
}

function draftOf(spec: NetworkSpec): Draft {
  return {
    name: spec.name,
    mode: spec.mode,
    hostBridge: spec.hostBridge ?? '',
    v4: spec.ipv4?.address ?? '',
    v4prefix: String(spec.ipv4?.prefix ?? 24),
    v4start: spec.ipv4?.dhcp?.start ?? '',
    v4end: spec.ipv4?.dhcp?.end ?? '',
    v6: spec.ipv6?.address ?? '',
    v6prefix: String(spec.ipv6?.prefix ?? 64),
    v6start: spec.ipv6?.dhcp?.start ?? '',
    v6end: spec.ipv6?.dhcp?.end ?? '',
  }
}

/** A prefix as typed: "24" and "/24" are 24; anything else NaN, which the schema words. */
const prefixOf = (s: string): number =>
  /^\/?\d{1,3}$/.test(s.trim()) ? Number(s.trim().replace('/', '')) : NaN

function specOf(d: Draft): NetworkSpec {
  if (d.mode === 'bridge')
    return { name: d.name, mode: 'bridge', ...(d.hostBridge === '' ? {} : { hostBridge: d.hostBridge }) }
  const spec: NetworkSpec = { name: d.name, mode: d.mode }
  // DHCP typed without an address still goes in: the schema then asks for the address.
  if (d.v4.trim() !== '' || d.v4start.trim() !== '' || d.v4end.trim() !== '' || d.mode !== 'isolated') {
    spec.ipv4 = { address: d.v4, prefix: prefixOf(d.v4prefix) }
    if (d.v4start.trim() !== '' || d.v4end.trim() !== '') spec.ipv4.dhcp = { start: d.v4start, end: d.v4end }
  }
  if (d.v6.trim() !== '' || d.v6start.trim() !== '' || d.v6end.trim() !== '') {
    spec.ipv6 = { address: d.v6, prefix: prefixOf(d.v6prefix) }
    if (d.v6start.trim() !== '' || d.v6end.trim() !== '') spec.ipv6.dhcp = { start: d.v6start, end: d.v6end }
  }
  return spec
}

/** Field → where the schema puts its message. */
const PATHS: Record<keyof Draft, string[]> = {
  name: ['name'],
  mode: ['mode'],
  hostBridge: ['hostBridge'],
  v4: ['ipv4.address', 'ipv4'],
  v4prefix: ['ipv4.prefix'],
  v4start: ['ipv4.dhcp.start', 'ipv4.dhcp'],
  v4end: ['ipv4.dhcp.end'],
  v6: ['ipv6.address', 'ipv6'],
  v6prefix: ['ipv6.prefix'],
  v6start: ['ipv6.dhcp.start', 'ipv6.dhcp'],
  v6end: ['ipv6.dhcp.end'],
}

/** Create a network, or edit one (`existing`): mode, addresses and DHCP checked as typed; XML and warnings (overlaps, dnsmasq) shown before saving. */
export function NetworkDialog({
  hostId,
  existing,
  onClose,
}: {
  hostId: string
  existing?: NetworkSpec
  onClose(): void
}): JSX.Element {
  const editing = existing !== undefined
  const [draft, setDraft] = useState<Draft>(existing === undefined ? NEW : draftOf(existing))
  const [touched, setTouched] = useState<Set<string>>(new Set(editing ? Object.keys(NEW) : []))
  const [preview, setPreview] = useState<NetworkPreview | null>(null)
  const [previewError, setPreviewError] = useState<AppError | null>(null)
  const [previewing, setPreviewing] = useState(false)
  const [start, setStart] = useState(true)
  const bridges = useHostBridges(hostId, draft.mode === 'bridge')
  const create = useNetworkAdmin('networks.create')
  const edit = useNetworkAdmin('networks.edit')
  const saving = create.isPending || edit.isPending
  const saveError = create.error ?? edit.error
  const spec = specOf(draft)
  const errors = fieldErrors(networkSpecSchema, spec)
  const invalid = Object.keys(errors).length > 0
  const errorOf = (key: keyof Draft): string | undefined => {
    if (!touched.has(key)) return undefined
    for (const path of PATHS[key]) {
      const message = errors[path]
      if (message !== undefined)
        return /expected number/i.test(message) ? 'The prefix is a whole number, like 24' : message
    }
    return undefined
  }
  const set = (key: keyof Draft, value: string): void => {
    setDraft((d) => ({ ...d, [key]: value }))
    setTouched((t) => new Set(t).add(key))
    setPreview(null)
    setPreviewError(null)
  }
  const input = (key: keyof Draft, label: string, placeholder = ''): JSX.Element => (
    <TextInput
      label={label}
      placeholder={placeholder}
      value={draft[key]}
      onChange={(e) => set(key, e.currentTarget.value)}
      error={errorOf(key)}
      disabled={saving || (editing && key === 'name')}
    />
  )
  const review = (): void => {
    setTouched(new Set(Object.keys(NEW)))
    if (invalid) return
    setPreviewing(true)
    invoke('networks.preview', { hostId, spec, ...(editing ? { existing: existing.name } : {}) })
      .then(setPreview, setPreviewError)
      .finally(() => setPreviewing(false))
  }
  const save = (): void => {
    const id = `network:${hostId}/${spec.name}`
    if (editing)
      edit.mutate(
        { hostId, spec },
        {
          onSuccess: (r) => {
            if (r.warnings.length > 0) notifyWarning(id, `Saved ${spec.name}`, r.warnings.join(' '))
            else notifySuccess(id, `Saved ${spec.name}`, 'The new settings are in place.')
            onClose()
          },
        },
      )
    else
      create.mutate(
        { hostId, spec, start, autostart: start },
        {
          onSuccess: () => {
            notifySuccess(
              id,
              `Created the network ${spec.name.trim()}`,
              start ? 'It is running.' : 'It is defined.',
            )
            onClose()
          },
        },
      )
  }

  return (
    <Modal
      opened
      onClose={() => !saving && onClose()}
      title={editing ? `Edit ${existing.name}` : 'New virtual network'}
      size="lg"
    >
      <Stack gap="sm">
        {input('name', 'Name', 'lab')}
        <Select
          label="Kind"
          data={(Object.keys(NETWORK_MODE_WORDS) as NetworkMode[]).map((m) => ({
            value: m,
            label: NETWORK_MODE_WORDS[m],
          }))}
          value={draft.mode}
          onChange={(v) => v !== null && set('mode', v)}
          allowDeselect={false}
          error={errorOf('mode')}
          disabled={saving}
        />
        {draft.mode === 'bridge' ? (
          <Select
            label="Host bridge"
            placeholder={bridges.isPending ? 'Loading the host’s bridges…' : 'Choose a bridge'}
            data={(bridges.data ?? []).map((b) => ({
              value: b.name,
              label: `${b.name}${b.addresses.length > 0 ? ` (${b.addresses.join(', ')})` : ''}${b.libvirtNetwork !== undefined ? ` — libvirt network ${b.libvirtNetwork}` : ''}`,
              disabled: b.libvirtNetwork !== undefined,
            }))}
            value={draft.hostBridge === '' ? null : draft.hostBridge}
            onChange={(v) => set('hostBridge', v ?? '')}
            error={errorOf('hostBridge')}
            nothingFoundMessage="No bridges on this host"
            description={
              bridges.data !== undefined &&
              bridges.data.filter((b) => b.libvirtNetwork === undefined).length === 0
                ? 'This host has no bridge of its own: create one in its network settings (e.g. br0 enslaving the LAN interface) first.'
                : 'VMs join the LAN through this bridge and get their addresses there.'
            }
          />
        ) : (
          <>
            <Text size="sm" fw={600}>
              IPv4{draft.mode === 'isolated' ? ' (optional)' : ''}
            </Text>
            <SimpleGrid cols={2}>
              {input('v4', 'Host address', '192.168.150.1')}
              {input('v4prefix', 'Prefix length', '24')}
              {input('v4start', 'DHCP from', '192.168.150.10')}
              {input('v4end', 'DHCP to', '192.168.150.254')}
            </SimpleGrid>
            <Text size="sm" fw={600}>
              IPv6 (optional)
            </Text>
            <SimpleGrid cols={2}>
              {input('v6', 'Host address', 'fd00:150::1')}
              {input('v6prefix', 'Prefix length', '64')}
              {input('v6start', 'DHCPv6 from', 'fd00:150::100')}
              {input('v6end', 'DHCPv6 to', 'fd00:150::1ff')}
            </SimpleGrid>
          </>
        )}
        {!editing && (
          <Checkbox
            label="Start now and at boot"
            checked={start}
            onChange={(e) => setStart(e.currentTarget.checked)}
            disabled={saving}
          />
        )}
        {previewError !== null && (
          <Alert color="red" title="Cannot save this network">
            <ErrorDetails error={previewError} />
          </Alert>
        )}
        {preview !== null && (
          <Stack gap={4}>
            {preview.warnings.length > 0 && (
              <Alert color="orange" title="Before you save">
                <List size="sm" spacing={2}>
                  {preview.warnings.map((w) => (
                    <List.Item key={w}>{w}</List.Item>
                  ))}
                </List>
              </Alert>
            )}
            <Text size="sm" fw={600}>
              libvirt will be given
            </Text>
            <Code block aria-label="Network XML">
              {preview.xml}
            </Code>
          </Stack>
        )}
        {saveError !== null && (
          <Alert color="red" title="Not saved">
            <ErrorDetails error={saveError} />
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={saving}>
            Cancel
          </Button>
          {preview === null ? (
            <Button onClick={review} loading={previewing}>
              Review
            </Button>
          ) : (
            <Button onClick={save} loading={saving}>
              {editing ? 'Save' : 'Create network'}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  )
}
