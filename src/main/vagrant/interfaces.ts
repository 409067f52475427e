import type { HostInterface } from '@shared/vagrant-contract.js'
import type { Host } from '../host/host.js'

/**
 * The host's network interfaces for the public_network bridge picker, read from /sys/class/net on
 * that host in one exec of a constant script: a bridge has `bridge/`, a NIC has `device`, a port
 * of a bridge has `master`.
 */
const SCRIPT = [
  'for i in /sys/class/net/*; do',
  '  [ -e "$i" ] || continue',
  '  n=${i##*/}; k=virtual',
  '  [ -e "$i/device" ] && k=physical',
  '  [ -d "$i/bridge" ] && k=bridge',
  '  m=; [ -L "$i/master" ] && m=$(basename "$(readlink "$i/master")")',
  '  s=$(cat "$i/operstate" 2>/dev/null)',
  '  printf "%s\\t%s\\t%s\\t%s\\n" "$n" "$k" "$s" "$m"',
  'done',
].join('\n')

export async function hostInterfaces(host: Host): Promise<HostInterface[]> {
  const r = await host.exec('sh', ['-c', SCRIPT], { timeoutMs: 15_000 })
  return r.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const [name = '', kind = 'virtual', state = '', master = ''] = l.split('\t')
      return {
        name,
        kind: kind === 'bridge' || kind === 'physical' ? kind : 'virtual',
        up: state === 'up' || state === 'unknown',
        ...(master === '' ? {} : { master }),
      } satisfies HostInterface
    })
    .filter((i) => i.name !== 'lo')
    .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name))
}

const KIND_ORDER: Record<HostInterface['kind'], number> = { bridge: 0, physical: 1, virtual: 2 }
