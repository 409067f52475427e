import type {
  HostInterface,
  PluginInstallResult,
  VagrantBox,
  VagrantBoxAddResult,
  VagrantBoxOutdated,
  VagrantBoxRemoveResult,
  VagrantInfo,
  VagrantMachineLink,
  VagrantMachineStatus,
  VagrantProject,
  VagrantRunResult,
  VagrantValidation,
  VagrantfileOpened,
} from '../vagrant-contract.js'
import * as vagrantIn from '../vagrant-contract.js'
import { call, none, stream } from './define.js'

/** Vagrant: projects, the Vagrantfile designer, runs and boxes. */
export const vagrantChannels = {
  /** Vagrant's version and plugins on a host. */
  'vagrant.detect': call<VagrantInfo>()(vagrantIn.vagrantHostInput),
  /** `vagrant plugin install`, output streamed; a failure says why and names the distribution package. */
  'vagrant.pluginInstall': stream<PluginInstallResult>()(vagrantIn.vagrantPluginInput),
  'vagrant.projects': call<VagrantProject[]>()(none),
  /** Adds an existing folder holding a Vagrantfile. */
  'vagrant.add': call<VagrantProject>()(vagrantIn.vagrantAddInput),
  /** A new project from the designer: the folder and its generated Vagrantfile. */
  'vagrant.create': call<VagrantProject>()(vagrantIn.vagrantCreateInput),
  'vagrant.remove': call<{ removed: boolean }>()(vagrantIn.vagrantProjectInput),
  /** The Vagrantfile: the designer's model, or text when it was written or edited by hand. */
  'vagrant.open': call<VagrantfileOpened>()(vagrantIn.vagrantProjectInput),
  /** The Vagrantfile a model makes (preview), with VirtDeck's warnings. */
  'vagrant.generate': call<{ text: string; warnings: string[] }>()(vagrantIn.vagrantGenerateInput),
  /** Writes the designer's model (never over a hand-written file), then validates. */
  'vagrant.save': call<VagrantValidation>()(vagrantIn.vagrantSaveInput),
  /** Writes a Vagrantfile edited as text (refused when it changed on the host since it was opened), then validates. */
  'vagrant.saveText': call<VagrantValidation>()(vagrantIn.vagrantSaveTextInput),
  'vagrant.validate': call<VagrantValidation>()(vagrantIn.vagrantProjectInput),
  'vagrant.status': call<VagrantMachineStatus[]>()(vagrantIn.vagrantProjectInput),
  /** up | halt | reload | provision | suspend | resume | destroy (always -f): streamed, cancellable. */
  'vagrant.run': stream<VagrantRunResult>()(vagrantIn.vagrantRunInput),
  /** Boxes installed on a host (`vagrant box list`). */
  'vagrant.boxes': call<VagrantBox[]>()(vagrantIn.vagrantHostInput),
  /** `vagrant box add` from a .box file, a URL or a catalog name: streamed, cancellable. */
  'vagrant.boxAdd': stream<VagrantBoxAddResult>()(vagrantIn.vagrantBoxAddInput),
  /** `vagrant box remove`; a box machines still use is kept, and the result names them. */
  'vagrant.boxRemove': call<VagrantBoxRemoveResult>()(vagrantIn.vagrantBoxRemoveInput),
  /** `vagrant box outdated --global`: per box up to date, outdated, local, or catalog unreachable. */
  'vagrant.boxOutdated': call<VagrantBoxOutdated[]>()(vagrantIn.vagrantHostInput),
  /** Machines of Vagrant projects tied to their libvirt domain UUID / container id (one host, or all). */
  'vagrant.links': call<VagrantMachineLink[]>()(vagrantIn.vagrantLinksInput),
  /** The host's bridges and interfaces from /sys/class/net (public_network's bridge picker). */
  'vagrant.interfaces': call<HostInterface[]>()(vagrantIn.vagrantHostInput),
} as const
