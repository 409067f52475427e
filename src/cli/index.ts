import { AppError } from '@shared/errors.js'
import type { App } from '../main/app.js'
import type { Output } from './output.js'
import { createOutput, fail } from './output.js'

const USAGE = `VirtDeck — virtual machines and containers on your workstation and over SSH

usage: virtdeck <command> [options]

commands:
  hosts list|add|remove|test          saved hosts and their connections
  checks [--host NAME] [--markdown]   is this host ready for fast VMs, and why (not); alias: doctor
  nested status|enable|changes|undo   nested virtualization (KVM) on a host
  changes list|show|verify|undo       every change VirtDeck made on every host, and its undo
  vm list|start|shutdown|destroy|xml|define|history|restore|…   virtual machines (--host NAME, --all)
  pool list|start|stop|volumes|create-volume|…                  storage pools and volumes
  net list|start|stop|autostart                                 virtual networks
  passthrough devices|plan|apply|inputs|vm|launch|hooks  GPU passthrough: cards, groups, host plan, inputs, VM, start (undoable)
  tune VM [--preview RULES|all] | tune --all                    what is slow in a VM, why, and the fix
  hw VM [--preview|--apply EDIT]                                a VM's hardware; one edit previewed or applied (undoable)
  docker ps|start|stop|rm|logs|images|status                    Docker containers (--host NAME)
  lxc list|info|start|stop|destroy|templates                    LXC system containers
  snapshot list|create|revert|delete VM                         snapshots of a VM, and what is safe
  clone VM NEW-NAME [--linked]                                  a copy of a shut-off VM
  vagrant projects|add|validate|status|up|destroy|…             Vagrant projects (--host NAME)
  audit list [--host H] [--vm VM] [--action A] [--outcome O]  what VirtDeck did, with filters

Every command takes --json; virtdeck <command> --help shows its usage.
Data: $VIRTDECK_DATA_DIR or ~/.config/VirtDeck.`

interface Command {
  /** The command's usage, printed by `virtdeck <command> --help` (and `virtdeck help <command>`). */
  usage: string
  run(app: App, argv: string[], out: Output): Promise<void>
}

/** Each command's module, loaded on first use: `virtdeck --help` loads none of them. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  hosts: async () => import('./hosts.js').then((m) => ({ usage: m.USAGE, run: m.hostsCommand })),
  checks: async () => import('./checks.js').then((m) => ({ usage: m.USAGE, run: m.checksCommand })),
  doctor: async () => import('./checks.js').then((m) => ({ usage: m.USAGE, run: m.checksCommand })),
  changes: async () => import('./changes.js').then((m) => ({ usage: m.USAGE, run: m.changesCommand })),
  nested: async () => import('./nested.js').then((m) => ({ usage: m.USAGE, run: m.nestedCommand })),
  vm: async () => import('./vm.js').then((m) => ({ usage: m.USAGE, run: m.vmCommand })),
  pool: async () => import('./pool.js').then((m) => ({ usage: m.USAGE, run: m.poolCommand })),
  net: async () => import('./net.js').then((m) => ({ usage: m.USAGE, run: m.netCommand })),
  passthrough: async () =>
    import('./passthrough.js').then((m) => ({ usage: m.USAGE, run: m.passthroughCommand })),
  docker: async () => import('./docker.js').then((m) => ({ usage: m.USAGE, run: m.dockerCommand })),
  lxc: async () => import('./lxc.js').then((m) => ({ usage: m.USAGE, run: m.lxcCommand })),
  vagrant: async () => import('./vagrant.js').then((m) => ({ usage: m.USAGE, run: m.vagrantCommand })),
  tune: async () => import('./tune.js').then((m) => ({ usage: m.USAGE, run: m.tuneCommand })),
  // snapshots: begin
  snapshot: async () => import('./snapshot.js').then((m) => ({ usage: m.USAGE, run: m.snapshotCommand })),
  clone: async () => import('./clone.js').then((m) => ({ usage: m.USAGE, run: m.cloneCommand })),
  // snapshots: end
  // vmmisc: begin
  audit: async () => import('./audit.js').then((m) => ({ usage: m.USAGE, run: m.auditCommand })),
  // vmmisc: end
  // vmhw: begin
  hw: async () => import('./vmhw.js').then((m) => ({ usage: m.USAGE, run: m.vmhwCommand })),
  // vmhw: end
}

function unknown(command: string): AppError {
  return new AppError('INVALID_INPUT', `Unknown command: ${command}`, {
    detail: 'Run virtdeck --help for the list.',
  })
}

const isHelp = (arg: string): boolean => arg === '--help' || arg === '-h'

async function main(argv: string[]): Promise<void> {
  const json = argv.includes('--json')
  const out = createOutput(json)
  const [command, ...rest] = argv
  // Help never opens the profile database nor loads the app: answered before anything else.
  const helpFor = command === 'help' ? rest[0] : rest.some(isHelp) ? command : undefined
  if (!command || isHelp(command) || (command === 'help' && helpFor === undefined)) {
    process.stdout.write(`${USAGE}\n`)
    return
  }
  const name = helpFor ?? command
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
  if (load === undefined) fail(unknown(name), json)
  const cmd = await load()
  if (helpFor !== undefined) {
    process.stdout.write(`${cmd.usage}\n`)
    return
  }
  let app: App | undefined
  try {
    // Loaded on first use: the app's modules and native packages cost most of the start-up time.
    const { openCliApp } = await import('./context.js')
    app = openCliApp()
    await cmd.run(app, rest, out)
  } catch (error) {
    await app?.close()
    fail(error, json)
  }
  await app.close()
}

await main(process.argv.slice(2))
