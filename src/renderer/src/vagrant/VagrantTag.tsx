import { Alert, Anchor, Text } from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import type { UseQueryResult } from '@tanstack/react-query'
import type { JSX } from 'react'
import type { AppError } from '@shared/errors.js'
import type { VagrantMachineLink } from '@shared/vagrant-contract.js'
import { invoke, queryKey } from '../api/virtdeck'
import { navigate } from './navigation'

/** Which libvirt domains / containers of a host are Vagrant machines (one query shared by every row). */
export function useVagrantLinks(hostId: string): UseQueryResult<VagrantMachineLink[], AppError> {
  return useQuery<VagrantMachineLink[], AppError>({
    queryKey: queryKey('vagrant.links', { hostId }),
    queryFn: () => invoke('vagrant.links', { hostId }),
    staleTime: 10_000,
  })
}

/** The Vagrant machine a libvirt domain (by UUID) or a container (by id, full or short) is, if any. */
export function useVagrantMachine(
  hostId: string,
  id: string,
  provider: 'libvirt' | 'docker' = 'libvirt',
): VagrantMachineLink | undefined {
  const links = useVagrantLinks(hostId)
  return links.data?.find(
    (l) =>
      l.provider === provider &&
      (provider === 'libvirt'
        ? l.id === id
        : id.length >= 12 && (l.id.startsWith(id) || id.startsWith(l.id))),
  )
}

/** "Vagrant: project / machine" under a VM's name, opening the project in the Vagrant panel. */
export function VagrantTag({
  hostId,
  uuid,
  provider = 'libvirt',
}: {
  hostId: string
  /** The domain UUID, or the container id with provider docker. */
  uuid: string
  provider?: 'libvirt' | 'docker'
}): JSX.Element | null {
  const link = useVagrantMachine(hostId, uuid, provider)
  if (link === undefined) return null
  return (
    <Text size="xs" c="dimmed" truncate>
      Vagrant:{' '}
      <Anchor
        component="button"
        type="button"
        size="xs"
        onClick={() => navigate({ panel: 'vagrant', hostId: link.hostId, projectId: link.projectId })}
        aria-label={`Open the Vagrant project ${link.projectName}`}
      >
        {link.projectName} / {link.machine}
      </Anchor>
    </Text>
  )
}

/** In the Delete VM dialog: this domain is a Vagrant machine; Vagrant should destroy it. */
export function VagrantDeleteWarning({ hostId, uuid }: { hostId: string; uuid: string }): JSX.Element | null {
  const link = useVagrantMachine(hostId, uuid)
  if (link === undefined) return null
  return (
    <Alert color="orange" variant="light" title="This VM belongs to a Vagrant project">
      It is the machine “{link.machine}” of {link.projectName} ({link.projectPath}). Destroy it with Vagrant
      (Vagrant panel → Destroy, or <code>vagrant destroy -f {link.machine}</code> in the project folder):
      deleting it here leaves Vagrant believing it exists, with its network and box volume behind.
    </Alert>
  )
}
