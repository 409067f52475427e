import { Loader, Radio, Select, Stack, Text, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import type { JSX } from 'react'
import { useVolumes } from '../../api/useStorage'
import { useVmNameCheck } from '../../api/useVms'
import type { HostOffer, WizardDraft } from './wizardDraft'
import { nameProblem } from './wizardDraft'
import { OsPicker } from '../../vmmisc/OsPicker' // vmmisc
import { recommendedPatch } from '../../vmmisc/osRecommendation' // vmmisc

export interface StepProps {
  hostId: string
  draft: WizardDraft
  offer: HostOffer
  set(patch: Partial<WizardDraft>): void
}

/** Checked as it is typed: the rules here at once, whether the host already has it after a pause. */
export function useNameCheck(
  hostId: string,
  name: string,
): { problem: string | undefined; checking: boolean } {
  const [settled] = useDebouncedValue(name, 250)
  const local = nameProblem(name)
  const remote = useVmNameCheck(hostId, settled, local === undefined && settled === name && name !== '')
  if (name === '') return { problem: undefined, checking: false }
  if (local !== undefined) return { problem: local, checking: false }
  if (settled !== name || remote.isFetching) return { problem: undefined, checking: true }
  return { problem: remote.data?.available === false ? remote.data.problem : undefined, checking: false }
}

export function NameStep({ hostId, draft, offer, set }: StepProps): JSX.Element {
  const check = useNameCheck(hostId, draft.name)
  const volumes = useVolumes(
    hostId,
    draft.install === 'iso-volume' && draft.isoPool !== '' ? draft.isoPool : null,
  )
  const pools = (offer.pools ?? []).filter((p) => p.active).map((p) => p.name)
  return (
    <Stack gap="md">
      <TextInput
        label="Name"
        description="How the VM is called on this host. Letters, digits, spaces and most signs are fine; not “/”."
        value={draft.name}
        onChange={(event) => set({ name: event.currentTarget.value })}
        error={check.problem}
        rightSection={check.checking ? <Loader size={14} aria-label="Checking the name" /> : undefined}
        required
        data-autofocus
      />
      {/* vmmisc: begin */}
      <OsPicker
        hostId={hostId}
        value={draft.osShortId}
        onChange={({ osShortId, osId }) => set({ osShortId, osId, diskBus: '', nicModel: '' })}
        onRecommendation={(rec) => set(recommendedPatch(rec))}
      />
      {/* vmmisc: end */}
      <Radio.Group
        label="Installation media"
        value={draft.install}
        onChange={(value) => set({ install: value as WizardDraft['install'] })}
      >
        <Stack gap={8} mt={6}>
          <Radio
            value="none"
            label="None for now"
            description="Boots from its (empty) disk or the network; attach media later."
          />
          <Radio value="iso" label="An ISO image on the host" />
          <Radio value="iso-volume" label="An ISO image in a storage pool" />
          <Radio
            value="import"
            label="Import an existing disk image"
            description="The VM boots from this disk; no new disk is created."
          />
        </Stack>
      </Radio.Group>
      {draft.install === 'iso' && (
        <TextInput
          label="ISO image path"
          placeholder="/var/lib/libvirt/images/debian-12.iso"
          value={draft.isoPath}
          onChange={(event) => set({ isoPath: event.currentTarget.value })}
        />
      )}
      {draft.install === 'iso-volume' && (
        <Stack gap="sm">
          <Select
            label="Pool"
            data={pools}
            value={draft.isoPool || null}
            onChange={(value) => set({ isoPool: value ?? '', isoVolume: '' })}
            placeholder="Choose a pool"
          />
          <Select
            label="Volume"
            data={(volumes.data ?? []).map((v) => v.name)}
            value={draft.isoVolume || null}
            onChange={(value) => set({ isoVolume: value ?? '' })}
            placeholder={volumes.isFetching ? 'Loading…' : 'Choose the ISO volume'}
            disabled={draft.isoPool === ''}
            searchable
          />
        </Stack>
      )}
      {draft.install === 'import' && (
        <TextInput
          label="Disk image path"
          placeholder="/var/lib/libvirt/images/server.qcow2"
          value={draft.importPath}
          onChange={(event) => set({ importPath: event.currentTarget.value })}
        />
      )}
      <Text size="xs" c="dimmed">
        Paths are on the host the VM runs on, not on this computer (unless they are the same).
      </Text>
    </Stack>
  )
}
