import type { Handlers } from '../ipc/router.js'
import type { DockerService } from './docker-service.js'
import type { LxcService } from './lxc-service.js'

type ContainerChannels =
  | 'docker.status'
  | 'docker.startDaemon'
  | 'docker.list'
  | 'docker.get'
  | 'docker.action'
  | 'docker.inspect'
  | 'docker.logs'
  | 'docker.stats'
  | 'docker.statsWatch'
  | 'docker.create'
  | 'docker.repairPlan'
  | 'docker.repairDocker0'
  | 'docker.images'
  | 'docker.volumes'
  | 'docker.networks'
  | 'docker.remove'
  | 'docker.prunePreview'
  | 'docker.prune'
  | 'docker.pull'
  | 'docker.importImage'
  | 'docker.forwardCheck'
  | 'docker.mtuCheck'
  | 'lxc.status'
  | 'lxc.list'
  | 'lxc.info'
  | 'lxc.templates'
  | 'lxc.action'
  | 'lxc.create'
  | 'lxc.setLink'
  | 'lxc.services'
  | 'lxc.startService'
  | 'lxc.installPlan'
  | 'lxc.install'

export function containersHandlers(
  docker: DockerService,
  lxc: LxcService,
): Pick<Handlers, ContainerChannels> {
  return {
    'docker.status': async ({ hostId }) => docker.status(hostId),
    'docker.startDaemon': async ({ hostId }) => docker.startDaemon(hostId),
    'docker.list': async ({ hostId }) => docker.list(hostId),
    'docker.get': async ({ hostId, id }) => docker.get(hostId, id),
    'docker.action': async ({ hostId, id, action, force }) => ({
      container:
        action === 'start'
          ? await docker.start(hostId, id)
          : await docker.action(hostId, id, action, force === true),
    }),
    'docker.inspect': async ({ hostId, id }) => docker.inspect(hostId, id),
    'docker.logs': async ({ hostId, id, tail, search, follow }, context) =>
      docker.logs(hostId, id, {
        tail,
        follow,
        ...(search === undefined ? {} : { search }),
        signal: context.signal,
        // New lines while following: each as a progress message, stderr marked.
        onLines: (lines) =>
          context.progress({
            message: lines.map((l) => (l.stream === 'stderr' ? `[stderr] ${l.text}` : l.text)).join('\n'),
          }),
      }),
    'docker.stats': async ({ hostId, id }) => docker.stats(hostId, id),
    'docker.statsWatch': async ({ hostId, ids, intervalMs }, context) => {
      await docker.watchStats(hostId, ids, intervalMs, context.signal)
      return { stopped: true as const }
    },
    'docker.create': async ({ hostId, spec }) => docker.create(hostId, spec),
    'docker.repairPlan': async ({ hostId }) => docker.docker0RepairPlan(hostId),
    'docker.repairDocker0': async ({ hostId }) => docker.repairDocker0(hostId),
    'docker.images': async ({ hostId }) => docker.images(hostId),
    'docker.volumes': async ({ hostId }) => docker.volumes(hostId),
    'docker.networks': async ({ hostId }) => docker.networks(hostId),
    'docker.remove': async ({ hostId, kind, id, force }) => {
      await docker.remove(hostId, kind, id, force)
      return { removed: true as const }
    },
    'docker.prunePreview': async ({ hostId, kind }) => docker.prunePreview(hostId, kind),
    'docker.prune': async ({ hostId, kind }) => docker.prune(hostId, kind),
    'docker.pull': async ({ hostId, image }, context) =>
      docker.pull(
        hostId,
        image,
        (p) => {
          const downloading = p.layers.filter((l) => l.status === 'Downloading').length
          context.progress({
            message: `${p.layers.length} layer(s)${downloading > 0 ? `, ${downloading} downloading` : ''}: ${p.layers
              .map((l) => `${l.id.slice(0, 12)} ${l.status}`)
              .join(', ')}`,
            ...(p.fraction === undefined ? {} : { fraction: p.fraction }),
          })
        },
        context.signal,
      ),
    'docker.importImage': async ({ hostId, path, repository }) => ({
      image: await docker.importImage(hostId, path, repository),
    }),
    'docker.forwardCheck': async ({ hostId }) => docker.forwardCheck(hostId),
    'docker.mtuCheck': async ({ hostId }) => docker.mtuCheck(hostId),
    'lxc.status': async ({ hostId }) => lxc.status(hostId),
    'lxc.list': async ({ hostId, nonInteractive }) =>
      lxc.list(hostId, { nonInteractive: nonInteractive === true }),
    'lxc.info': async ({ hostId, name }) => lxc.info(hostId, name),
    'lxc.templates': async ({ hostId }) => lxc.templates(hostId),
    'lxc.action': async ({ hostId, name, action }) => lxc.action(hostId, name, action),
    'lxc.create': async ({ hostId, name, template, templateArgs, bridge }) =>
      lxc.create(hostId, { name, template, templateArgs, ...(bridge === undefined ? {} : { bridge }) }),
    'lxc.setLink': async ({ hostId, name, bridge }) => lxc.setLink(hostId, name, bridge),
    'lxc.services': async ({ hostId }) => lxc.services(hostId),
    'lxc.startService': async ({ hostId, service }) => lxc.startService(hostId, service),
    'lxc.installPlan': async ({ hostId }) => lxc.installPlan(hostId),
    'lxc.install': async ({ hostId }, context) =>
      lxc.install(hostId, (message) => context.progress({ message })),
  }
}
