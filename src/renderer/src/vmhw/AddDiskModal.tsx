import { Button, Group, Modal, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { HardwareView, HwEdit } from '@shared/vm-hardware.js'
import {
  CACHE_MODES,
  DISK_BUSES,
  DISK_FORMATS,
  absolutePathProblem,
  sizeGiBProblem,
} from '@shared/vm-hardware.js'
import { useVolumes } from '../api/useStorage'
import { numberProblem, parseNumber } from './fields'

type Source = 'new' | 'volume' | 'file'

interface Props {
  view: HardwareView
  onClose(): void
  onPreview(edit: HwEdit): void
}

function nameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'Give the new volume a name, e.g. data.qcow2.'
  if (name.includes('/')) return 'A volume name cannot contain “/”: it is a file in the pool’s folder.'
  if (name !== name.trim()) return 'A volume name cannot start or end with a space.'
  return undefined
}

/** Add a disk: a new volume in a pool (size), an existing volume, or an image file on the host. */
export function AddDiskModal({ view, onClose, onPreview }: Props): JSX.Element {
  const pools = view.host.pools.filter((p) => p.active).map((p) => p.name)
  const [source, setSource] = useState<Source>('new')
  const [pool, setPool] = useState<string | null>(pools[0] ?? null)
  const [name, setName] = useState(
    `${view.vm.replace(/[^A-Za-z0-9._-]+/g, '-')}-${view.disks.length + 1}.qcow2`,
  )
  const [size, setSize] = useState('20')
  const [format, setFormat] = useState<(typeof DISK_FORMATS)[number]>('qcow2')
  const [volume, setVolume] = useState<string | null>(null)
  const [path, setPath] = useState('')
  const [bus, setBus] = useState<(typeof DISK_BUSES)[number]>('virtio')
  const [cache, setCache] = useState<(typeof CACHE_MODES)[number]>('default')
  const [touched, setTouched] = useState(false)
  const volumes = useVolumes(view.hostId, source === 'volume' ? pool : null)

  const sized = parseNumber(size, 'the size in GiB')
  const problems: Record<string, string | undefined> =
    source === 'new'
      ? {
          pool: pool === null ? 'Choose a pool (start one in Storage if none is listed).' : undefined,
          name: nameProblem(name),
          size: numberProblem(sized, (v) => sizeGiBProblem(v)),
        }
      : source === 'volume'
        ? {
            pool: pool === null ? 'Choose a pool.' : undefined,
            volume: volume === null ? 'Choose a volume.' : undefined,
          }
        : { path: path === '' ? 'Give the full path of the image on the host.' : absolutePathProblem(path) }
  const firstProblem = Object.values(problems).find((p) => p !== undefined)
  const show = (field: string): string | undefined =>
    touched || field === 'size' ? problems[field] : undefined

  const submit = (): void => {
    setTouched(true)
    if (firstProblem !== undefined) return
    const src: Extract<HwEdit, { kind: 'disk.add' }>['source'] =
      source === 'new'
        ? { type: 'new', pool: pool ?? '', name, sizeGiB: 'value' in sized ? sized.value : 0, format }
        : source === 'volume'
          ? { type: 'volume', pool: pool ?? '', volume: volume ?? '' }
          : { type: 'file', path, format }
    onPreview({ kind: 'disk.add', source: src, bus, cache })
  }

  return (
    <Modal opened onClose={onClose} title="Add a disk" size="lg">
      <Stack gap="sm">
        <SegmentedControl
          value={source}
          onChange={(v) => setSource(v as Source)}
          data={[
            { value: 'new', label: 'New volume' },
            { value: 'volume', label: 'Existing volume' },
            { value: 'file', label: 'Image file' },
          ]}
          aria-label="Where the disk comes from"
        />
        {source !== 'file' && (
          <Select
            label="Storage pool"
            data={pools}
            value={pool}
            onChange={setPool}
            error={show('pool')}
            allowDeselect={false}
          />
        )}
        {source === 'new' && (
          <>
            <TextInput
              label="Volume name"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={show('name')}
            />
            <Group grow>
              <TextInput
                label="Size (GiB)"
                value={size}
                onChange={(e) => setSize(e.currentTarget.value)}
                error={show('size')}
                inputMode="decimal"
              />
              <Select
                label="Format"
                data={[...DISK_FORMATS]}
                value={format}
                onChange={(v) => v !== null && setFormat(v as typeof format)}
                allowDeselect={false}
              />
            </Group>
          </>
        )}
        {source === 'volume' && (
          <Select
            label="Volume"
            data={(volumes.data ?? []).map((v) => v.name)}
            value={volume}
            onChange={setVolume}
            error={show('volume') ?? (volumes.error === null ? undefined : volumes.error.message)}
            searchable
            nothingFoundMessage="No volume in this pool"
          />
        )}
        {source === 'file' && (
          <Group grow align="flex-start">
            <TextInput
              label="Path on the host"
              placeholder="/var/lib/libvirt/images/disk.qcow2"
              value={path}
              onChange={(e) => setPath(e.currentTarget.value)}
              error={show('path')}
            />
            <Select
              label="Format"
              data={[...DISK_FORMATS]}
              value={format}
              onChange={(v) => v !== null && setFormat(v as typeof format)}
              allowDeselect={false}
            />
          </Group>
        )}
        <Group grow>
          <Select
            label="Bus"
            description="virtio is fastest; SATA for guests without virtio drivers (Windows installers)"
            data={[...DISK_BUSES]}
            value={bus}
            onChange={(v) => v !== null && setBus(v as typeof bus)}
            allowDeselect={false}
          />
          <Select
            label="Cache"
            description="default: QEMU’s (writeback); none: safest with native I/O"
            data={[...CACHE_MODES]}
            value={cache}
            onChange={(v) => v !== null && setCache(v as typeof cache)}
            allowDeselect={false}
          />
        </Group>
        {touched && firstProblem !== undefined && (
          <Text size="sm" c="red" role="alert">
            {firstProblem}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit}>Preview</Button>
        </Group>
      </Stack>
    </Modal>
  )
}
