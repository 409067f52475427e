import type { Host } from '../host/host.js'

interface IndexEntry {
  name?: string
  provider?: string
  local_data_path?: string
  vagrantfile_path?: string
  extra_data?: { box?: { name?: string; provider?: string; version?: string } }
}

/**
 * The machines Vagrant's machine index says use a box — what `vagrant box remove` would ask about
 * on a terminal (with none it only fails with "requires a TTY"). Read from
 * `$VAGRANT_HOME/data/machine-index/index`; an entry counts while its machine's id file exists,
 * as Vagrant's own `valid?` check does.
 */
export async function boxUsersFromIndex(
  host: Host,
  env: Record<string, string> | undefined,
  box: { name: string; provider?: string | undefined; version?: string | undefined },
): Promise<string[]> {
  // A constant script: VAGRANT_HOME as Vagrant resolves it on that host.
  const home = await host.exec('sh', ['-c', 'printf "%s" "${VAGRANT_HOME:-$HOME/.vagrant.d}"'], {
    timeoutMs: 10_000,
    ...(env === undefined ? {} : { env }),
  })
  if (home.code !== 0 || home.stdout === '') return []
  let entries: Record<string, IndexEntry>
  try {
    const index = JSON.parse(
      (await host.readFile(`${home.stdout}/data/machine-index/index`)).toString('utf8'),
    ) as {
      machines?: Record<string, IndexEntry>
    }
    entries = index.machines ?? {}
  } catch {
    return []
  }
  const users: string[] = []
  for (const [id, entry] of Object.entries(entries)) {
    const b = entry.extra_data?.box
    if (b?.name !== box.name) continue
    if (box.provider !== undefined && b.provider !== box.provider) continue
    if (box.version !== undefined && b.version !== box.version) continue
    const idFile = `${entry.local_data_path ?? ''}/machines/${entry.name ?? ''}/${entry.provider ?? ''}/id`
    const alive = await host
      .readFile(idFile)
      .then((data) => data.toString('utf8').trim() !== '')
      .catch(() => false)
    if (alive) users.push(`${entry.name ?? '?'} in ${entry.vagrantfile_path ?? '?'} (ID: ${id.slice(0, 7)})`)
  }
  return users
}
