import type { JSX } from 'react'
import { useCallback, useState } from 'react'
import type { HostView } from '@shared/hosts.js'
import type { DomainSummary } from '@shared/vms.js'
import { useVmActions } from './useVmActions'
import { VmDetailsPage } from './VmDetailsPage'
import type { VmScope } from './VmList'
import { VmList } from './VmList'
import { NewVmWizard } from './wizard/NewVmWizard'
// vagrant: begin
import { takeNavigation } from '../vagrant/navigation'
// vagrant: end

interface Props {
  host: HostView
  hosts: HostView[]
}

/** The "Virtual machines" panel: the list (this host or all hosts), a VM's details page, the New VM wizard. */
export function VmsPanel({ host, hosts }: Props): JSX.Element {
  const actions = useVmActions()
  const [scope, setScope] = useState<VmScope>('host')
  // vagrant: begin — "Open VM" from a Vagrant machine opens its page
  const [open, setOpen] = useState<{ hostId: string; uuid: string; name: string } | null>(() => {
    const request = takeNavigation('vms')
    return request === null ? null : { hostId: request.hostId, uuid: request.uuid, name: request.name }
  })
  // vagrant: end
  const [creating, setCreating] = useState(false)
  const onOpen = useCallback(
    (vm: DomainSummary) => setOpen({ hostId: vm.hostId, uuid: vm.uuid, name: vm.name }),
    [],
  )

  if (open !== null) {
    const hostName = hosts.find((h) => h.id === open.hostId)?.name ?? host.name
    return (
      <VmDetailsPage
        key={`${open.hostId}/${open.uuid}`}
        {...open}
        hostName={hostName}
        actions={actions}
        onBack={() => setOpen(null)}
      />
    )
  }
  return (
    <>
      <VmList
        host={host}
        scope={scope}
        onScope={setScope}
        actions={actions}
        onOpen={onOpen}
        onNew={() => setCreating(true)}
      />
      {creating && <NewVmWizard hostId={host.id} hostName={host.name} onClose={() => setCreating(false)} />}
    </>
  )
}
