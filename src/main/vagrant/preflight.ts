import type { PreflightCheck } from '@shared/vagrant-contract.js'
import type { MachineSettings, VagrantModel, VagrantProvider } from '@shared/vagrant.js'
import type { Host } from '../host/host.js'
import type { VagrantBox, VagrantPlugin } from '@shared/vagrant-contract.js'

/**
 * VirtDeck's own checks before running a designer project, beyond `vagrant validate`: the
 * provider's plugin, libvirt at the configured URI, the named libvirt networks and bridges, the
 * boxes, the forwarded host ports. Each says what is wrong and what to do.
 */
export interface PreflightFacts {
  plugins: VagrantPlugin[]
  boxes: VagrantBox[]
  provider: VagrantProvider
}

const scopes = (model: VagrantModel): MachineSettings[] => [model, ...model.machines]

async function run(host: Host, file: string, args: string[]): Promise<{ ok: boolean; out: string }> {
  try {
    const r = await host.exec(file, args, { timeoutMs: 20_000 })
    return { ok: r.code === 0, out: `${r.stdout}${r.stderr}`.trim() }
  } catch (error) {
    return { ok: false, out: error instanceof Error ? error.message : String(error) }
  }
}

export async function preflight(
  host: Host,
  model: VagrantModel,
  facts: PreflightFacts,
): Promise<PreflightCheck[]> {
  const checks: PreflightCheck[] = []
  const settings = scopes(model)
  if (facts.provider === 'libvirt') {
    const plugin = facts.plugins.find((p) => p.name === 'vagrant-libvirt')
    checks.push(
      plugin === undefined
        ? {
            check: 'plugin',
            ok: false,
            message:
              'The vagrant-libvirt plugin is not installed. Install the distribution package (Debian/Ubuntu: sudo apt install vagrant-libvirt) or vagrant plugin install vagrant-libvirt.',
          }
        : { check: 'plugin', ok: true, message: `vagrant-libvirt ${plugin.version}` },
    )
    const uris = new Set(
      settings
        .map(
          (s) =>
            s.providers.libvirt?.uri ?? (s.providers.libvirt?.qemuUseSession ? 'qemu:///session' : undefined),
        )
        .filter((u): u is string => u !== undefined),
    )
    if (uris.size === 0) uris.add('qemu:///system')
    for (const uri of uris) {
      const v = await run(host, 'virsh', ['-c', uri, 'version'])
      checks.push({
        check: 'libvirt',
        ok: v.ok,
        message: v.ok
          ? `libvirt answers at ${uri}`
          : `libvirt does not answer at ${uri}: ${v.out.split('\n').pop() ?? ''}`,
      })
      const names = new Set(
        settings.flatMap((s) =>
          s.networks.flatMap((n) =>
            n.kind !== 'forwarded_port' && n.libvirt?.networkName !== undefined
              ? [n.libvirt.networkName]
              : [],
          ),
        ),
      )
      for (const name of names) {
        const info = await run(host, 'virsh', ['-c', uri, 'net-info', '--network', name])
        checks.push({
          check: 'network',
          ok: info.ok,
          message: info.ok
            ? `libvirt network ${name} exists`
            : `There is no libvirt network ${name} at ${uri}: create it (Networks panel) or pick another.`,
        })
      }
    }
    const devices = new Set(
      settings.flatMap((s) =>
        s.networks.flatMap((n) =>
          n.kind === 'public_network' && n.libvirt?.dev !== undefined ? [n.libvirt.dev] : [],
        ),
      ),
    )
    if (devices.size > 0) {
      const links = await run(host, 'ip', ['-o', 'link', 'show'])
      const present = new Set([...links.out.matchAll(/^\d+:\s+([^:@\s]+)/gm)].map((m) => m[1] ?? ''))
      for (const dev of devices)
        checks.push({
          check: 'bridge',
          ok: present.has(dev),
          message: present.has(dev)
            ? `${dev} exists`
            : `There is no interface ${dev} on the host. Its interfaces: ${[...present].join(', ')}.`,
        })
    }
  }
  const boxNames = new Set(
    settings.flatMap((s) => (s.box !== undefined && s.boxUrl === undefined ? [s.box] : [])),
  )
  for (const box of boxNames) {
    const have = facts.boxes.some(
      (b) => b.name === box && (b.provider === facts.provider || facts.provider === 'docker'),
    )
    checks.push({
      check: 'box',
      ok: have,
      message: have
        ? `box ${box} is installed`
        : `Box ${box} is not installed for ${facts.provider}: vagrant will try to download it (vagrant box add it first when offline).`,
    })
  }
  const ports = settings.flatMap((s) =>
    s.networks.flatMap((n) => (n.kind === 'forwarded_port' ? [n.host] : [])),
  )
  if (ports.length > 0) {
    const ss = await run(host, 'ss', ['-H', '-l', '-n', '-t', '-u'])
    const taken = new Set([...ss.out.matchAll(/:(\d+)\s+\S+(?:\s|$)/g)].map((m) => Number(m[1])))
    for (const port of ports)
      checks.push({
        check: 'port',
        ok: !taken.has(port),
        message: taken.has(port)
          ? `Host port ${port} is already in use: pick another, or set auto_correct.`
          : `host port ${port} is free`,
      })
  }
  return checks
}
