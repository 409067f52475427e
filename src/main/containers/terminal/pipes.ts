import type { PipeConnection, PipeRegistry } from '../../pipes/registry.js'
import type { DockerService } from '../docker-service.js'
import type { LxcService } from '../lxc-service.js'
import { processDuplex } from './process-duplex.js'

/**
 * Terminals into containers, as pipes: `docker.exec` (a command with a TTY through the Engine API,
 * on the host's own Docker connection — over SSH too; resized with the page) and `lxc.attach`
 * (`lxc-attach` in a pseudo-terminal on the container's host).
 */
export function registerContainerTerminals(
  pipes: PipeRegistry,
  services: { docker: DockerService; lxc: LxcService },
): void {
  pipes.register('docker.exec', async (args) => {
    const session = await services.docker.exec(args.hostId, args.id, args.command, {
      cols: args.cols,
      rows: args.rows,
    })
    const connection: PipeConnection<'docker.exec'> = {
      stream: session.stream,
      info: { command: args.command.join(' ') },
      control: (message) => {
        if (message.type === 'resize') void session.resize(message.cols, message.rows).catch(() => undefined)
      },
      close: () => session.close(),
    }
    return connection
  })

  pipes.register('lxc.attach', async (args) => {
    const proc = await services.lxc.attach(args.hostId, args.name)
    const connection: PipeConnection<'lxc.attach'> = {
      stream: processDuplex(proc, `The terminal of ${args.name}`),
      info: { name: args.name },
      // lxc-attach sizes its terminal from the pseudo-terminal `script` gives it: fixed at 80×24.
      control: () => undefined,
      close: () => proc.kill(),
    }
    return connection
  })
}
