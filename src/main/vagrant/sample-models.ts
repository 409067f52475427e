import type { VagrantModelInput } from '@shared/vagrant.js'

/**
 * Models that together use every feature of the designer, for the generator's tests and the
 * `vagrant validate` matrix. `hostile` is text that breaks naive Ruby generation.
 */
export function hostileText(pwnedPath: string): string[] {
  return [
    `#{File.write('${pwnedPath}', 'x')}`,
    `"#{File.write('${pwnedPath}', 'x')}"`,
    `'; File.write('${pwnedPath}', 'x'); '`,
    `\\'; File.write('${pwnedPath}', 'x') #`,
    `#@x #$0 #@@y`,
    'back\\slash \\\\ \\n \\u0041 \\#{x}',
    'it\'s "quoted"',
    'line1\nline2\n#{1+1}\n',
    'tab\there\r\nCRLF',
    'é 日本 🙂 ü',
    '\u0000nul\u0007bell\u001b[31mansi\u2028sep',
    'SHELL\nSCRIPT\n__END__\n=begin\n',
    '',
  ]
}

export function fullModel(hostile: string[]): VagrantModelInput {
  const h = (i: number): string => hostile[i % hostile.length] ?? ''
  return {
    box: 'debian/bookworm64',
    boxVersion: '>= 12.0',
    boxUrl: 'file:///tmp/none.box',
    hostname: 'all-machines',
    networks: [
      { kind: 'forwarded_port', guest: 80, host: 8080, id: h(0), protocol: 'tcp', hostIp: '127.0.0.1' },
    ],
    syncedFolders: [
      { hostPath: '.', guestPath: '/vagrant', disabled: true },
      { hostPath: h(1), guestPath: '/data', type: 'rsync' },
    ],
    providers: {
      libvirt: {
        driver: 'kvm',
        uri: 'qemu:///system',
        qemuUseSession: false,
        cpuMode: 'host-passthrough',
        nested: true,
        memory: 1024,
        cpus: 2,
        diskBus: 'virtio',
        diskCache: 'none',
        graphicsType: 'vnc',
        videoType: 'virtio',
        storagePoolName: 'default',
        kvmHidden: true,
        sharedMemory: true,
        pci: [{ domain: '0x0000', bus: '0x06', slot: '0x12', function: '0x5' }],
        managementNetworkName: 'vagrant-libvirt',
        managementNetworkAddress: '192.168.121.0/24',
        managementNetworkMode: 'nat',
      },
      virtualbox: { memory: 1024, cpus: 2, name: h(2), gui: false },
      docker: {
        image: 'busybox',
        cmd: ['sh', '-c', h(7)],
        ports: ['8081:80'],
        hasSsh: false,
        remainsRunning: true,
      },
    },
    provisioners: [
      { type: 'shell', inline: h(0), privileged: false, args: [h(3), h(4)], run: 'always', name: h(6) },
      { type: 'shell', inline: 'echo one\necho "#{two}"\n  SHELL\n', run: 'once' },
      { type: 'shell', path: 'scripts/setup.sh', args: ['--flag'], run: 'never' },
      { type: 'file', source: h(9), destination: '/tmp/dest' },
      { type: 'ansible', playbook: 'site.yml', extraVars: { [h(6)]: h(0), plain: 'value' } },
      { type: 'ansible_local', playbook: 'local.yml', extraVars: {} },
      { type: 'docker', images: ['busybox', h(5)] },
      { type: 'puppet', manifestsPath: 'manifests', manifestFile: 'site.pp', modulePath: 'modules' },
      { type: 'salt', masterless: true, minionConfig: 'salt/minion', runHighstate: true },
      { type: 'chef_solo', cookbooksPath: 'cookbooks', runList: ['recipe[app]'] },
      { type: 'chef_zero', cookbooksPath: 'cookbooks', nodesPath: 'nodes', runList: ['recipe[app]'] },
      {
        type: 'chef_client',
        chefServerUrl: 'https://chef.example/organizations/x',
        validationKeyPath: 'validation.pem',
        runList: ['role[web]'],
      },
      { type: 'chef_apply', recipe: "package 'htop'\n" },
      { type: 'cfengine', policyServerAddress: '10.0.0.1', amPolicyHub: false, runFile: 'main.cf' },
    ],
    machines: [
      {
        name: 'web',
        primary: true,
        hostname: 'web',
        networks: [
          { kind: 'private_network', ip: '192.168.56.10', netmask: '255.255.255.0' },
          {
            kind: 'private_network',
            dhcp: true,
            libvirt: { networkName: 'vd-net', forward: 'nat', dev: 'virbr9' },
          },
        ],
        providers: { libvirt: { memory: 2048 } },
        provisioners: [{ type: 'shell', inline: `echo ${h(7)}` }],
      },
      {
        name: 'db',
        autostart: false,
        box: h(6),
        networks: [
          {
            kind: 'public_network',
            bridge: ['eth0: First NIC', h(5)],
            useDhcpAssignedDefaultRoute: true,
            libvirt: {
              dev: 'br0',
              mode: 'bridge',
              type: 'bridge',
              networkName: 'lan',
              portgroup: 'pg',
              ovs: true,
              trustGuestRxFilters: true,
            },
          },
          { kind: 'public_network', bridge: ['br1'], ip: '10.1.2.3' },
          { kind: 'forwarded_port', guest: 5432, host: 15432, protocol: 'udp', autoCorrect: true },
        ],
        syncedFolders: [{ hostPath: 'shared', guestPath: '/srv/shared', type: 'virtiofs' }],
        providers: { docker: { image: 'postgres', hasSsh: false } },
      },
      { name: h(9), hostname: 'unicode-name' },
      { name: h(6) },
    ],
  }
}
