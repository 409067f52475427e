import { Select, TextInput } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { XenStatus } from '@shared/nested.js'
import { useApplyNested, useXenPlan } from '../api/useNested'
import { PlanPreview } from '../ui/changes/PlanPreview'
import { PreviewApplyCard } from '../ui/changes/PreviewApplyCard'

/** Xen: nested HVM for one guest, by editing its xl config (/etc/xen/<name>.cfg); same preview, apply and undo. */
export function XenGuestCard({
  hostId,
  hostName,
  xen,
}: {
  hostId: string
  hostName: string
  xen: XenStatus
}): JSX.Element {
  const [domain, setDomain] = useState<string>(xen.guestConfigs[0] ?? '')
  const plan = useXenPlan()
  const apply = useApplyNested(hostId)

  const choose = (value: string): void => {
    setDomain(value)
    plan.reset()
    apply.mutation.reset()
  }
  return (
    <PreviewApplyCard
      title="Xen guests: nested HVM"
      intro={
        <>
          {hostName} runs Xen{xen.version === null ? '' : ` ${xen.version}`}. For a guest, VirtDeck sets
          nestedhvm = 1, hap = 1 and hides the hypervisor CPUID bit in its xl config, keeping every other line
          and comment.
        </>
      }
      hostId={hostId}
      plan={plan}
      apply={apply}
      fields={
        xen.guestConfigs.length > 0 ? (
          <Select
            label="Guest configuration"
            data={xen.guestConfigs.map((name) => ({
              value: name,
              label: `${name} (/etc/xen/${name}.cfg)`,
            }))}
            value={domain}
            onChange={(value) => choose(value ?? '')}
            allowDeselect={false}
            w={320}
          />
        ) : (
          <TextInput
            label="Guest name (/etc/xen/NAME.cfg)"
            value={domain}
            onChange={(event) => choose(event.currentTarget.value)}
            w={320}
          />
        )
      }
      previewLabel="Preview guest change"
      previewDisabled={domain === ''}
      onPreview={() => plan.mutate({ hostId, domain })}
      applyLabel={(preview) => `Apply to ${preview.domain}…`}
      canApply={(preview) => preview.blockers.length === 0 && preview.files.length > 0}
      applied={
        apply.mutation.data === undefined
          ? undefined
          : {
              title: 'Applied',
              text: `/etc/xen/${plan.data?.domain ?? domain}.cfg was changed. Shut the guest down and create it again (xl shutdown, xl create) for it to take effect.`,
            }
      }
      confirmTitle={`Change ${plan.data?.domain ?? domain} on ${hostName}?`}
      confirmText="The guest's config file is backed up, then written exactly as previewed."
    >
      {(preview) => <PlanPreview plan={preview} label={`Preview: nested HVM for ${preview.domain}`} />}
    </PreviewApplyCard>
  )
}
