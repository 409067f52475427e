import type { Handlers } from '../ipc/router.js'
import type { ConsoleDisplayService } from './display-service.js'
import type { SpiceLauncher } from './spice-launcher.js'

type ConsoleChannels = 'console.spice' | 'console.addVncPlan' | 'console.addVncApply'

export function consoleHandlers(
  spice: SpiceLauncher,
  displays: ConsoleDisplayService,
): Pick<Handlers, ConsoleChannels> {
  return {
    'console.spice': (input) => spice.open(input),
    'console.addVncPlan': (input) => displays.plan(input),
    'console.addVncApply': ({ hostId, planId }, context) => displays.apply(hostId, planId, context),
  }
}
