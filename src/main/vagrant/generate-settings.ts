import type {
  LibvirtNetworkOptions,
  MachineSettings,
  SyncedFolder,
  VagrantNetwork,
  VagrantProviders,
} from '@shared/vagrant.js'
import { provisionerLines } from './generate-provisioners.js'
import type { Line } from './lines.js'
import { indent } from './lines.js'
import { rubyString, rubyStringArray } from './ruby.js'

const snake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

/** `key: value` options; undefined values are left out. */
function options(entries: [string, string | number | boolean | undefined][]): string {
  return entries
    .filter((e): e is [string, string | number | boolean] => e[1] !== undefined)
    .map(([k, v]) => `, ${k}: ${typeof v === 'string' ? rubyString(v) : String(v)}`)
    .join('')
}

/** vagrant-libvirt reads `libvirt__*` keys on private networks and plain ones on public networks. */
function libvirtOptions(
  o: LibvirtNetworkOptions | undefined,
  prefix: string,
): [string, string | boolean | undefined][] {
  if (o === undefined) return []
  return Object.entries(o).map(([k, v]) => [
    `${prefix}${k === 'forward' ? 'forward_mode' : snake(k)}`,
    v as string | boolean,
  ])
}

export function networkLine(v: string, n: VagrantNetwork): string {
  switch (n.kind) {
    case 'private_network':
      return `${v}.vm.network 'private_network'${options([
        ['type', n.dhcp ? 'dhcp' : undefined],
        ['ip', n.ip],
        ['netmask', n.netmask],
        ...libvirtOptions(n.libvirt, 'libvirt__'),
      ])}`
    case 'public_network': {
      const bridge =
        n.bridge.length === 0
          ? ''
          : `, bridge: ${n.bridge.length === 1 ? rubyString(n.bridge[0] ?? '') : rubyStringArray(n.bridge)}`
      return `${v}.vm.network 'public_network'${bridge}${options([
        ['ip', n.ip],
        ['use_dhcp_assigned_default_route', n.useDhcpAssignedDefaultRoute],
        ...libvirtOptions(n.libvirt, ''),
      ])}`
    }
    case 'forwarded_port':
      return `${v}.vm.network 'forwarded_port'${options([
        ['guest', n.guest],
        ['host', n.host],
        ['id', n.id],
        ['protocol', n.protocol],
        ['host_ip', n.hostIp],
        ['auto_correct', n.autoCorrect],
      ])}`
  }
}

function assign(target: string, values: [string, string | number | boolean | undefined][]): string[] {
  return values
    .filter((e): e is [string, string | number | boolean] => e[1] !== undefined)
    .map(([k, v]) => `${target}.${k} = ${typeof v === 'string' ? rubyString(v) : String(v)}`)
}

export function providerLines(v: string, providers: VagrantProviders): Line[] {
  const out: Line[] = []
  const l = providers.libvirt
  if (l !== undefined) {
    const body = assign('libvirt', [
      ['driver', l.driver],
      ['uri', l.uri],
      ['qemu_use_session', l.qemuUseSession],
      ['cpu_mode', l.cpuMode],
      ['nested', l.nested],
      ['memory', l.memory],
      ['cpus', l.cpus],
      ['disk_bus', l.diskBus],
      ['graphics_type', l.graphicsType],
      ['video_type', l.videoType],
      ['storage_pool_name', l.storagePoolName],
      ['kvm_hidden', l.kvmHidden],
      ['management_network_name', l.managementNetworkName],
      ['management_network_address', l.managementNetworkAddress],
      ['management_network_mode', l.managementNetworkMode],
    ])
    if (l.diskCache !== undefined) body.push(`libvirt.disk_driver :cache => ${rubyString(l.diskCache)}`)
    if (l.sharedMemory === true)
      body.push(
        "libvirt.memorybacking :source, :type => 'memfd'",
        "libvirt.memorybacking :access, :mode => 'shared'",
      )
    for (const pci of l.pci)
      body.push(
        `libvirt.pci ${[
          ...(pci.domain === undefined ? [] : [`:domain => ${rubyString(pci.domain)}`]),
          `:bus => ${rubyString(pci.bus)}`,
          `:slot => ${rubyString(pci.slot)}`,
          `:function => ${rubyString(pci.function)}`,
        ].join(', ')}`,
      )
    out.push(`${v}.vm.provider :libvirt do |libvirt|`, ...indent(body), 'end')
  }
  const vb = providers.virtualbox
  if (vb !== undefined) {
    const body = assign('vb', [
      ['name', vb.name],
      ['gui', vb.gui],
    ])
    const modify = [
      ...(vb.memory === undefined ? [] : ['--memory', String(vb.memory)]),
      ...(vb.cpus === undefined ? [] : ['--cpus', String(vb.cpus)]),
    ]
    if (modify.length > 0) body.push(`vb.customize ['modifyvm', :id, ${modify.map(rubyString).join(', ')}]`)
    out.push(`${v}.vm.provider :virtualbox do |vb|`, ...indent(body), 'end')
  }
  const d = providers.docker
  if (d !== undefined) {
    const body = assign('docker', [
      ['image', d.image],
      ['name', d.name],
      ['has_ssh', d.hasSsh],
      ['remains_running', d.remainsRunning],
    ])
    if (d.cmd.length > 0) body.push(`docker.cmd = ${rubyStringArray(d.cmd)}`)
    if (d.ports.length > 0) body.push(`docker.ports = ${rubyStringArray(d.ports)}`)
    out.push(`${v}.vm.provider :docker do |docker|`, ...indent(body), 'end')
  }
  return out
}

function syncedFolderLine(v: string, f: SyncedFolder): string {
  return `${v}.vm.synced_folder ${rubyString(f.hostPath)}, ${rubyString(f.guestPath)}${options([
    ['type', f.type],
    ['disabled', f.disabled],
  ])}`
}

/** Everything a `config` (or a machine's block variable `v`) sets, in the guide's order. */
export function settingsLines(v: string, s: MachineSettings): Line[] {
  const out: Line[] = assign(`${v}.vm`, [
    ['box', s.box],
    ['box_version', s.boxVersion],
    ['box_url', s.boxUrl],
    ['hostname', s.hostname],
  ])
  const section = (lines: Line[]): void => {
    if (lines.length === 0) return
    if (out.length > 0) out.push('')
    out.push(...lines)
  }
  section(s.networks.map((n) => networkLine(v, n)))
  section(s.syncedFolders.map((f) => syncedFolderLine(v, f)))
  section(providerLines(v, s.providers))
  for (const p of s.provisioners) section(provisionerLines(v, p))
  return out
}
