import { AppError } from '../shared/errors.js'
import { openCliApp } from './context.js'
import { doctorCommand } from './doctor.js'
import { hostsCommand } from './hosts.js'
import { nestedCommand } from './nested.js'
import { netCommand } from './net.js'
import { poolCommand } from './pool.js'
import { vmCommand } from './vm.js'
import { createOutput, fail } from './output.js'
// vagrant: begin
import { vagrantCommand } from './vagrant.js'
// vagrant: end

const USAGE = `VirtDeck — virtual machines and containers on your workstation and over SSH

usage: virtdeck <command> [options]

commands:
  hosts list|add|remove|test          saved hosts and their connections
  doctor [--host NAME] [--markdown]   is this host ready for fast VMs, and why (not)
  nested status|enable|changes|undo   nested virtualization (KVM) on a host
  vm list|start|shutdown|destroy|xml|define|history|restore|…   virtual machines (--host NAME, --all)
  pool list|start|stop|volumes|create-volume|…                  storage pools and volumes
  net list|start|stop|autostart                                 virtual networks
  vagrant projects|add|validate|status|up|destroy|…             Vagrant projects (--host NAME)

Every command takes --json. Data: $VIRTDECK_DATA_DIR or ~/.config/VirtDeck.`

async function main(argv: string[]): Promise<void> {
  const json = argv.includes('--json')
  const out = createOutput(json)
  const [command, ...rest] = argv
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`)
    return
  }
  let app: ReturnType<typeof openCliApp> | undefined
  try {
    app = openCliApp()
    switch (command) {
      case 'hosts':
        await hostsCommand(app, rest, out)
        break
      case 'doctor':
        await doctorCommand(app, rest, out)
        break
      case 'nested':
        await nestedCommand(app, rest, out)
        break
      case 'vm':
        await vmCommand(app, rest, out)
        break
      case 'pool':
        await poolCommand(app, rest, out)
        break
      case 'net':
        await netCommand(app, rest, out)
        break
      // vagrant: begin
      case 'vagrant':
        await vagrantCommand(app, rest, out)
        break
      // vagrant: end
      default:
        throw new AppError('INVALID_INPUT', `Unknown command: ${command}`, {
          detail: 'Run virtdeck --help for the list.',
        })
    }
  } catch (error) {
    await app?.close()
    fail(error, json)
  }
  await app.close()
}

await main(process.argv.slice(2))
