import type { VagrantModel } from '@shared/vagrant.js'
import { settingsLines } from './generate-settings.js'
import type { Line } from './lines.js'
import { indent, render } from './lines.js'
import { embedModel } from './model-block.js'
import { rubyIdentifier, rubyString } from './ruby.js'

const HEADER = [
  '# -*- mode: ruby -*-',
  '# vi: set ft=ruby :',
  "# Made with VirtDeck's Vagrant designer. The block at the end lets the designer open this file",
  '# again; once the file is edited by hand, VirtDeck opens it as text and never rewrites it.',
  '',
]

/** The Vagrantfile for a model: readable Ruby, then the model itself in a marked comment block. */
export function generateVagrantfile(model: VagrantModel): string {
  const body: Line[] = settingsLines('config', model)
  for (const machine of model.machines) {
    const v = rubyIdentifier(machine.name)
    const flags = [
      ...(machine.primary === undefined ? [] : [`primary: ${machine.primary}`]),
      ...(machine.autostart === undefined ? [] : [`autostart: ${machine.autostart}`]),
    ]
    if (body.length > 0) body.push('')
    body.push(
      `config.vm.define ${[rubyString(machine.name), ...flags].join(', ')} do |${v}|`,
      ...indent(settingsLines(v, machine)),
      'end',
    )
  }
  const ruby = render([...HEADER, 'Vagrant.configure("2") do |config|', ...indent(body), 'end', ''])
  return embedModel(ruby, model)
}
