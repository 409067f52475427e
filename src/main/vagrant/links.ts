import type { VagrantMachineLink, VagrantProject } from '@shared/vagrant-contract.js'
import type { Host } from '../host/host.js'

/**
 * Which libvirt domains and containers belong to which Vagrant project. Vagrant keeps each
 * machine's provider id in `<project>/.vagrant/machines/<machine>/<provider>/id`: the domain UUID
 * for vagrant-libvirt, the container id for the docker provider. One `find` per project lists
 * them (NUL-separated: a hand-written Vagrantfile may name a machine with any character), then
 * each id file is read.
 */
export async function projectLinks(host: Host, project: VagrantProject): Promise<VagrantMachineLink[]> {
  // Project paths are absolute (the contract refuses others), so `find` never reads one as an option.
  if (!project.path.startsWith('/')) return []
  const machines = `${project.path.replace(/\/+$/, '')}/.vagrant/machines`
  const found = await host.exec(
    'find',
    [machines, '-mindepth', '3', '-maxdepth', '3', '-name', 'id', '-print0'],
    {
      timeoutMs: 15_000,
    },
  )
  // No .vagrant folder yet (never brought up) is not a failure: no links.
  if (found.code !== 0 && found.stdout === '') return []
  const links: VagrantMachineLink[] = []
  for (const file of found.stdout.split('\0')) {
    const rest = file.startsWith(`${machines}/`) ? file.slice(machines.length + 1) : undefined
    const parts = rest?.split('/')
    if (parts?.length !== 3) continue
    const [machine, provider] = parts as [string, string, string]
    const id = await host
      .readFile(file)
      .then((b) => b.toString('utf8').trim())
      .catch(() => '')
    if (id === '' || /\s/.test(id)) continue
    links.push({
      hostId: project.hostId,
      projectId: project.id,
      projectName: project.name,
      projectPath: project.path,
      machine,
      provider,
      id,
    })
  }
  return links.sort((a, b) => a.machine.localeCompare(b.machine))
}

/** The links of every project of the given hosts; a project whose folder cannot be read has none. */
export async function machineLinks(
  projects: readonly VagrantProject[],
  hostOf: (hostId: string) => Promise<Host>,
): Promise<VagrantMachineLink[]> {
  const perProject = await Promise.all(
    projects.map(async (project) => {
      try {
        return await projectLinks(await hostOf(project.hostId), project)
      } catch {
        return []
      }
    }),
  )
  return perProject.flat()
}
