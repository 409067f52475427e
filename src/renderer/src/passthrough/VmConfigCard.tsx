import { Checkbox, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { GpuReport } from '@shared/passthrough.js'
import { EVDEV_PATH } from '@shared/passthrough.js'
import type { PassthroughTuningRule, PassthroughVmPlanInput } from '@shared/passthrough-vm.js'
import { useVmNames } from '../api/useNested'
import { useApplyVmPlan, useVmPlan } from '../api/usePassthrough'
import { PreviewApplyCard } from '../ui/changes/PreviewApplyCard'
import { EvdevPicker } from './EvdevPicker'
import { short } from './GpuCard'
import { VmPreview } from './VmPreview'

const RESOLUTIONS = ['1920x1080', '2560x1440', '3840x2160']
const TOGGLES = ['ctrl-ctrl', 'alt-alt', 'shift-shift', 'meta-meta', 'scrolllock', 'ctrl-scrolllock'] as const
const TUNING: { rule: PassthroughTuningRule; label: string }[] = [
  { rule: 'cpu-mode', label: 'host-passthrough CPU' },
  { rule: 'cpu-pinning', label: 'Pin vCPUs to host threads' },
  { rule: 'memory-hugepages', label: 'Hugepages' },
]

/** Give the card to a VM: options, preview (XML diff + QEMU line + host file), apply as one change. */
export function VmConfigCard({ hostId, gpu }: { hostId: string; gpu: GpuReport }): JSX.Element {
  const names = useVmNames(hostId)
  const plan = useVmPlan()
  const apply = useApplyVmPlan()
  const [vm, setVm] = useState<string | null>(null)
  const [rom, setRom] = useState('')
  const [code43, setCode43] = useState(gpu.vendor === 'nvidia')
  const [vendorId, setVendorId] = useState('virtdeck0000')
  const [lg, setLg] = useState(false)
  const [resolution, setResolution] = useState('1920x1080')
  const [evdev, setEvdev] = useState(false)
  const [keyboard, setKeyboard] = useState('')
  const [mouse, setMouse] = useState('')
  const [toggle, setToggle] = useState<(typeof TOGGLES)[number]>('ctrl-ctrl')
  const [tuning, setTuning] = useState<PassthroughTuningRule[]>(['cpu-mode'])

  const input = (): PassthroughVmPlanInput => {
    const [w, h] = resolution.split('x').map(Number)
    return {
      hostId,
      vm: vm ?? '',
      options: {
        functions: gpu.functions.map((f) => f.address),
        ...(rom.trim() === '' ? {} : { romFile: rom.trim() }),
        ...(code43 ? { code43: { vendorId } } : {}),
        ...(lg ? { lookingGlass: { width: w ?? 1920, height: h ?? 1080 } } : {}),
        ...(evdev ? { evdev: { keyboard, mouse, grabToggle: toggle } } : {}),
      },
      tuning,
    }
  }
  const evdevReady = EVDEV_PATH.test(keyboard) && EVDEV_PATH.test(mouse)
  const applied = apply.mutation.data
  return (
    <PreviewApplyCard
      title="Give the card to a VM"
      intro={
        <>
          One change of the VM’s definition: a vfio hostdev for every function of {short(gpu.address)} at
          matching guest addresses, and what you choose below. Shown as libvirt XML and as the QEMU command
          line; undo from the Changes page.
        </>
      }
      options={
        <Stack gap="sm" mb="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label="VM"
              placeholder="Choose a VM"
              data={names}
              value={vm}
              onChange={(v) => {
                setVm(v)
                plan.reset()
              }}
              searchable
            />
            <TextInput
              label="ROM file (optional)"
              description="A dumped or patched VBIOS, if the card needs one"
              value={rom}
              onChange={(e) => setRom(e.currentTarget.value)}
            />
          </SimpleGrid>
          <Checkbox
            label="Code 43 workaround (hide KVM, Hyper-V vendor id)"
            description="NVIDIA drivers before R465 and some AMD drivers refuse to run in a VM. Set it before the guest driver installs."
            checked={code43}
            onChange={(e) => setCode43(e.currentTarget.checked)}
          />
          {code43 && (
            <TextInput
              label="vendor_id (up to 12 letters or digits)"
              value={vendorId}
              onChange={(e) => setVendorId(e.currentTarget.value)}
              maw={300}
            />
          )}
          <Group align="flex-end">
            <Checkbox
              label="Looking Glass (shared memory + tmpfiles.d file)"
              checked={lg}
              onChange={(e) => setLg(e.currentTarget.checked)}
            />
            {lg && (
              <Select
                label="Guest resolution"
                data={RESOLUTIONS}
                value={resolution}
                onChange={(v) => setResolution(v ?? '1920x1080')}
                w={160}
              />
            )}
          </Group>
          <Checkbox
            label="evdev keyboard and mouse"
            checked={evdev}
            onChange={(e) => setEvdev(e.currentTarget.checked)}
          />
          {evdev && (
            <Stack gap="xs" pl="lg">
              <EvdevPicker
                hostId={hostId}
                keyboard={keyboard}
                mouse={mouse}
                onKeyboard={setKeyboard}
                onMouse={setMouse}
              />
              <Select
                label="Grab toggle"
                description="The keys that move keyboard and mouse between host and VM"
                data={[...TOGGLES]}
                value={toggle}
                onChange={(v) => setToggle((v as (typeof TOGGLES)[number] | null) ?? 'ctrl-ctrl')}
                maw={300}
              />
              {!evdevReady && (
                <Text size="xs" c="dimmed">
                  Choose a keyboard and a mouse (or type their /dev/input/by-id paths) to preview.
                </Text>
              )}
            </Stack>
          )}
          <Checkbox.Group
            label="Tuning in the same change"
            value={tuning}
            onChange={(v) => setTuning(v as PassthroughTuningRule[])}
          >
            <Group mt={4}>
              {TUNING.map((t) => (
                <Checkbox key={t.rule} value={t.rule} label={t.label} />
              ))}
            </Group>
          </Checkbox.Group>
        </Stack>
      }
      hostId={hostId}
      plan={plan}
      apply={apply}
      previewLabel="Preview VM change"
      previewDisabled={vm === null || (evdev && !evdevReady)}
      onPreview={() => {
        apply.mutation.reset()
        plan.mutate(input())
      }}
      applyLabel={() => 'Apply to VM…'}
      canApply={(p) => p.id !== ''}
      applied={
        applied === undefined
          ? undefined
          : { title: 'Applied', text: `${applied.summary}. Undo it from the Changes page.` }
      }
      confirmTitle={`Change ${vm ?? 'the VM'}?`}
      confirmText={
        <Text size="sm" component="span">
          The definition is replaced as previewed (the current one is kept in its XML history)
          {(plan.data?.files.length ?? 0) > 0 ? ' and the host file is written' : ''}.
        </Text>
      }
    >
      {(previewed) => <VmPreview preview={previewed} />}
    </PreviewApplyCard>
  )
}
