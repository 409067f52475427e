import { AppError } from '../shared/errors.js'
import { openCliApp } from './context.js'
import { hostsCommand } from './hosts.js'
import { createOutput, fail } from './output.js'

const USAGE = `VirtDeck — virtual machines and containers on your workstation and over SSH

usage: virtdeck <command> [options]

commands:
  hosts list|add|remove|test   saved hosts and their connections

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
      default:
        throw new AppError('INVALID_INPUT', `Unknown command: ${command}`, { detail: 'Run virtdeck --help for the list.' })
    }
  } catch (error) {
    await app?.close()
    fail(error, json)
  }
  await app.close()
}

await main(process.argv.slice(2))
