import { List, Text } from '@mantine/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { JSX } from 'react'
import type { AddVncPlanView } from '@shared/console.js'
import type { AppError } from '@shared/errors.js'
import { useStreamingCall } from '../api/useStreamingCall'
import { invoke } from '../api/virtdeck'
import { DiffView } from '../ui/DiffView'
import { PreviewApplyCard } from '../ui/changes/PreviewApplyCard'

/** Offers a VNC display for a SPICE-only VM: a change to its definition, previewed, undoable on the Changes page. */
export function AddVncCard({
  hostId,
  uuid,
  name,
}: {
  hostId: string
  uuid: string
  name: string
}): JSX.Element {
  const queries = useQueryClient()
  const plan = useMutation<AddVncPlanView, AppError>({
    mutationFn: () => invoke('console.addVncPlan', { hostId, uuid, name }),
  })
  const apply = useStreamingCall('console.addVncApply', async () => {
    await queries.invalidateQueries()
  })
  return (
    <PreviewApplyCard
      title="Add a VNC display"
      intro="VirtDeck shows VNC displays in this tab. Add one beside the SPICE display: it listens on 127.0.0.1 only and VirtDeck reaches it through its own connection to the host."
      hostId={hostId}
      plan={plan}
      apply={apply}
      previewLabel="Preview the change"
      onPreview={() => plan.mutate()}
      applyLabel={() => 'Add the VNC display…'}
      canApply={(preview) => preview.valid}
      applied={
        apply.mutation.data === undefined
          ? undefined
          : {
              title: 'VNC display added',
              text: 'Shut the VM down and start it again for the display to appear. Undo it on the Changes page.',
            }
      }
      confirmTitle={`Add a VNC display to ${name}?`}
      confirmText="The current definition is kept in the VM's XML history; the change can be undone from the Changes page."
    >
      {(preview) => (
        <>
          <DiffView diff={preview.diff} label={`Preview: VNC display for ${preview.vm}`} />
          {!preview.valid && <Text c="red">libvirt refuses it: {preview.problems.join('; ')}</Text>}
          <List size="sm">
            {preview.notes.map((note) => (
              <List.Item key={note}>{note}</List.Item>
            ))}
          </List>
        </>
      )}
    </PreviewApplyCard>
  )
}
