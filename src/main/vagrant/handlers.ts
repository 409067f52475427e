import type { Handlers } from '../ipc/router.js'
import type { VagrantService } from './service.js'

type VagrantChannels =
  | 'vagrant.detect'
  | 'vagrant.pluginInstall'
  | 'vagrant.projects'
  | 'vagrant.add'
  | 'vagrant.create'
  | 'vagrant.remove'
  | 'vagrant.open'
  | 'vagrant.generate'
  | 'vagrant.save'
  | 'vagrant.saveText'
  | 'vagrant.validate'
  | 'vagrant.status'
  | 'vagrant.run'
  | 'vagrant.boxes'
  | 'vagrant.boxAdd'
  | 'vagrant.boxRemove'
  | 'vagrant.boxOutdated'
  | 'vagrant.links'
  | 'vagrant.interfaces'

export function vagrantHandlers(vagrant: VagrantService): Pick<Handlers, VagrantChannels> {
  return {
    'vagrant.detect': async ({ hostId }) => vagrant.detect(hostId),
    'vagrant.pluginInstall': async ({ hostId, plugin }, context) =>
      vagrant.installPlugin(hostId, plugin, context),
    'vagrant.projects': async () => vagrant.projects(),
    'vagrant.add': async ({ hostId, path, name }) => vagrant.add(hostId, path, name),
    'vagrant.create': async ({ hostId, path, name, model }) => vagrant.create(hostId, path, name, model),
    'vagrant.remove': async ({ projectId }) => vagrant.remove(projectId),
    'vagrant.open': async ({ projectId }) => vagrant.open(projectId),
    'vagrant.generate': async ({ model }) => vagrant.generate(model),
    'vagrant.save': async ({ projectId, model }) => vagrant.save(projectId, model),
    'vagrant.saveText': async ({ projectId, text, opened }) => vagrant.saveText(projectId, text, opened),
    'vagrant.validate': async ({ projectId }) => vagrant.validate(projectId),
    'vagrant.status': async ({ projectId }) => vagrant.status(projectId),
    'vagrant.run': async (input, context) => vagrant.run(input, context),
    'vagrant.boxes': async ({ hostId }) => vagrant.boxes(hostId),
    'vagrant.boxAdd': async (input, context) => vagrant.box.add(input, context),
    'vagrant.boxRemove': async (input) => vagrant.box.remove(input),
    'vagrant.boxOutdated': async ({ hostId }) => vagrant.box.outdated(hostId),
    'vagrant.links': async ({ hostId }) => vagrant.links(hostId),
    'vagrant.interfaces': async ({ hostId }) => vagrant.interfaces(hostId),
  }
}
