import type { VagrantProvisioner } from '@shared/vagrant.js'
import type { Line } from './lines.js'
import { indent } from './lines.js'
import { rubyString, rubyStringArray, rubyStringHash, rubyText } from './ruby.js'

/** Lines of one `vm.provision` call on the config object `v`, unindented. */
export function provisionerLines(v: string, p: VagrantProvisioner): Line[] {
  const opts: string[] = []
  if (p.name !== undefined) opts.push(`type: ${rubyString(p.type)}`)
  if (p.run !== undefined) opts.push(`run: ${rubyString(p.run)}`)
  const head = `${v}.vm.provision ${rubyString(p.name ?? p.type)}${opts.map((o) => `, ${o}`).join('')}`
  const body: Line[] = []
  const script = (key: string, value: string, tag: string): void => {
    const t = rubyText(value, tag)
    body.push(`${key} = ${t.head}`, ...t.body.map((raw) => ({ raw })))
    if (t.end !== undefined) body.push(t.end)
  }
  const set = (key: string, value: string | undefined): void => {
    if (value !== undefined) body.push(`${key} = ${value}`)
  }
  const str = (value: string | undefined): string | undefined =>
    value === undefined ? undefined : rubyString(value)
  const bool = (value: boolean | undefined): string | undefined =>
    value === undefined ? undefined : String(value)
  const runList = (list: string[]): void => {
    if (list.length > 0) set('p.run_list', rubyStringArray(list))
  }
  switch (p.type) {
    case 'shell': {
      if (p.inline !== undefined) {
        script('p.inline', p.inline, 'SHELL')
      }
      set('p.path', str(p.path))
      set('p.privileged', bool(p.privileged))
      if (p.args.length > 0) set('p.args', rubyStringArray(p.args))
      break
    }
    case 'file':
      set('p.source', str(p.source))
      set('p.destination', str(p.destination))
      break
    case 'ansible':
    case 'ansible_local':
      set('p.playbook', str(p.playbook))
      if (Object.keys(p.extraVars).length > 0) set('p.extra_vars', rubyStringHash(p.extraVars))
      break
    case 'docker':
      for (const image of p.images) body.push(`p.pull_images ${rubyString(image)}`)
      break
    case 'puppet':
      set('p.manifests_path', str(p.manifestsPath))
      set('p.manifest_file', str(p.manifestFile))
      set('p.module_path', str(p.modulePath))
      break
    case 'salt':
      set('p.masterless', bool(p.masterless))
      set('p.minion_config', str(p.minionConfig))
      set('p.run_highstate', bool(p.runHighstate))
      break
    case 'chef_solo':
      set('p.cookbooks_path', str(p.cookbooksPath))
      runList(p.runList)
      break
    case 'chef_zero':
      set('p.cookbooks_path', str(p.cookbooksPath))
      set('p.nodes_path', str(p.nodesPath))
      runList(p.runList)
      break
    case 'chef_client':
      set('p.chef_server_url', str(p.chefServerUrl))
      set('p.validation_key_path', str(p.validationKeyPath))
      runList(p.runList)
      break
    case 'chef_apply':
      script('p.recipe', p.recipe, 'RECIPE')
      break
    case 'cfengine':
      set('p.policy_server_address', str(p.policyServerAddress))
      set('p.am_policy_hub', bool(p.amPolicyHub))
      set('p.run_file', str(p.runFile))
      break
  }
  if (body.length === 0) return [head]
  return [`${head} do |p|`, ...indent(body), 'end']
}
