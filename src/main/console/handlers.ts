import type { Handlers } from '../ipc/router.js'
import type { SpiceLauncher } from './spice-launcher.js'

export function consoleHandlers(spice: SpiceLauncher): Pick<Handlers, 'console.spice'> {
  return {
    'console.spice': (input) => spice.open(input),
  }
}
