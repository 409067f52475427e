import { ActionIcon, Button, Checkbox, Group, Stack, Switch, Text, TextInput, Title } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { HardwareView, HwEdit } from '@shared/vm-hardware.js'
import { memoryProblem, vcpusProblem } from '@shared/vm-hardware.js'
import { SectionCard } from '../ui/SectionCard'
import { parseNumber } from './fields'

interface Props {
  view: HardwareView
  onPreview(edit: HwEdit): void
}

interface BootItem {
  key: string
  label: string
  on: boolean
}

function bootItems(view: HardwareView): BootItem[] {
  const all = [
    ...view.disks.map((d) => ({
      key: `disk:${d.target}`,
      label: `${d.device === 'cdrom' ? 'CD-ROM' : 'Disk'} ${d.target}`,
      order: d.bootOrder,
    })),
    ...view.nics.map((n) => ({ key: `nic:${n.mac}`, label: `Network ${n.mac}`, order: n.bootOrder })),
  ]
  return all
    .sort((a, b) => (a.order ?? 1000) - (b.order ?? 1000))
    .map((i) => ({ key: i.key, label: i.label, on: i.order !== undefined }))
}

function Boot({ view, onPreview }: Props): JSX.Element {
  const [items, setItems] = useState(() => bootItems(view))
  const [menu, setMenu] = useState(view.boot.menu)
  const move = (i: number, by: number): void => {
    const next = [...items]
    const [item] = next.splice(i, 1)
    if (item !== undefined) next.splice(i + by, 0, item)
    setItems(next)
  }
  const chosen = items.filter((i) => i.on).map((i) => i.key)
  return (
    <Stack gap="xs" aria-label="Boot order">
      <Title order={4} size="h6">
        Boot order
      </Title>
      {view.boot.osDevices.length > 0 && (
        <Text size="sm" c="dimmed">
          Now: {view.boot.osDevices.join(', ')} (by device type). An order chosen here replaces it.
        </Text>
      )}
      {items.map((item, i) => (
        <Group key={item.key} gap="xs">
          <Checkbox
            label={item.label}
            checked={item.on}
            onChange={(e) =>
              setItems(items.map((x) => (x.key === item.key ? { ...x, on: e.currentTarget.checked } : x)))
            }
          />
          <ActionIcon
            variant="subtle"
            size="sm"
            disabled={i === 0}
            onClick={() => move(i, -1)}
            aria-label={`Move ${item.label} up`}
          >
            ↑
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            size="sm"
            disabled={i === items.length - 1}
            onClick={() => move(i, 1)}
            aria-label={`Move ${item.label} down`}
          >
            ↓
          </ActionIcon>
        </Group>
      ))}
      <Switch
        label="Show the boot menu (F12) at start"
        checked={menu}
        onChange={(e) => setMenu(e.currentTarget.checked)}
      />
      {chosen.length === 0 && items.length > 0 && (
        <Text size="sm" c="dimmed">
          Tick at least one device to boot from.
        </Text>
      )}
      <Button
        w="fit-content"
        variant="default"
        disabled={chosen.length === 0}
        onClick={() => onPreview({ kind: 'boot', order: chosen, menu })}
      >
        Preview boot settings
      </Button>
    </Stack>
  )
}

function Pair(props: {
  title: string
  unit: string
  current: number
  max: number
  problem: (c: number, m: number) => string | undefined
  make: (c: number, m: number) => HwEdit
  onPreview(edit: HwEdit): void
  hint: string
}): JSX.Element {
  const [current, setCurrent] = useState(String(props.current))
  const [max, setMax] = useState(String(props.max))
  const c = parseNumber(current, `the current ${props.title.toLowerCase()}`)
  const m = parseNumber(max, `the maximum ${props.title.toLowerCase()}`)
  const problem = 'problem' in c ? c.problem : 'problem' in m ? m.problem : props.problem(c.value, m.value)
  const same = 'value' in c && 'value' in m && c.value === props.current && m.value === props.max
  return (
    <Stack gap="xs" aria-label={props.title}>
      <Title order={4} size="h6">
        {props.title}
      </Title>
      <Group grow align="flex-start">
        <TextInput
          label={`Current${props.unit}`}
          value={current}
          onChange={(e) => setCurrent(e.currentTarget.value)}
          inputMode="numeric"
        />
        <TextInput
          label={`Maximum${props.unit}`}
          value={max}
          onChange={(e) => setMax(e.currentTarget.value)}
          inputMode="numeric"
        />
      </Group>
      {problem !== undefined && (
        <Text size="sm" c="red" role="alert">
          {problem}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {props.hint}
      </Text>
      <Button
        w="fit-content"
        variant="default"
        disabled={problem !== undefined || same}
        onClick={() => 'value' in c && 'value' in m && props.onPreview(props.make(c.value, m.value))}
      >
        Preview {props.title.toLowerCase()}
      </Button>
    </Stack>
  )
}

/** Boot order and menu; memory and vCPUs (current and maximum; current live where possible). */
export function MachineCard({ view, onPreview }: Props): JSX.Element {
  const hint = view.running
    ? 'While it runs: the current value changes at once (up to the running maximum); a new maximum waits for the next boot.'
    : ''
  return (
    <SectionCard title="Boot, memory and processors">
      <Group align="flex-start" grow gap="xl">
        <Boot key={JSON.stringify([view.disks, view.nics, view.boot])} view={view} onPreview={onPreview} />
        <Stack gap="lg">
          <Pair
            key={`m${view.memory.currentMiB}-${view.memory.maxMiB}`}
            title="Memory"
            unit=" (MiB)"
            current={view.memory.currentMiB}
            max={view.memory.maxMiB}
            problem={memoryProblem}
            make={(currentMiB, maxMiB) => ({ kind: 'memory', currentMiB, maxMiB })}
            onPreview={onPreview}
            hint={hint}
          />
          <Pair
            key={`c${view.vcpus.current}-${view.vcpus.max}`}
            title="vCPUs"
            unit=""
            current={view.vcpus.current}
            max={view.vcpus.max}
            problem={vcpusProblem}
            make={(current, max) => ({ kind: 'vcpus', current, max })}
            onPreview={onPreview}
            hint={hint}
          />
        </Stack>
      </Group>
    </SectionCard>
  )
}
