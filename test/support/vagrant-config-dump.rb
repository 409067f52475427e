# Prints, as JSON, what Vagrant itself read from the Vagrantfile in the current folder: per
# machine, the values VirtDeck's generator writes. Used by the tests to check that hostile values
# come back exactly as typed (and that nothing in them was evaluated). Run with Debian's ruby:
#   ruby test/support/vagrant-config-dump.rb PROVIDER
require 'vagrant'
require 'json'

def plain(value)
  case value
  when Hash then value.each_with_object({}) { |(k, v), h| h[k.to_s] = plain(v) }
  when Set then value.to_a.map { |v| plain(v) }
  when Array then value.map { |v| plain(v) }
  when String, Integer, TrueClass, FalseClass, NilClass then value
  when Symbol then value.to_s
  else value.to_s
  end
end

def fields(object, names)
  names.each_with_object({}) { |n, h| h[n] = plain(object.public_send(n)) if object.respond_to?(n) }
end

provider = (ARGV[0] || 'docker').to_sym
env = Vagrant::Environment.new(cwd: Dir.pwd)
out = {}
env.vagrantfile.machine_names.each do |name|
  config = env.vagrantfile.machine_config(name, provider, env.boxes)[:config]
  vm = config.vm
  provisioners = vm.provisioners.map do |p|
    c = p.config
    { 'name' => plain(p.name), 'type' => p.type.to_s, 'run' => plain(p.run),
      'config' => fields(c, %w[inline path privileged args source destination playbook extra_vars
                               manifests_path manifest_file module_path masterless minion_config
                               run_highstate cookbooks_path nodes_path run_list chef_server_url
                               validation_key_path recipe policy_server_address am_policy_hub run_file images]) }
  end
  out[name.to_s] = {
    'box' => vm.box, 'box_version' => plain(vm.box_version), 'box_url' => plain(vm.box_url),
    'hostname' => vm.hostname,
    'networks' => plain(vm.networks),
    'synced_folders' => plain(vm.synced_folders),
    'provisioners' => provisioners,
    'provider' => fields(vm.get_provider_config(provider),
                         %w[image cmd ports has_ssh name customizations memory cpus uri driver]),
  }
end
puts JSON.generate(out)
