import type { Handlers } from '../ipc/router.js'
import type { StatsService } from './stats-service.js'

type StatsChannels = 'stats.watch' | 'stats.history'

export function statsHandlers(stats: StatsService): Pick<Handlers, StatsChannels> {
  return {
    'stats.watch': async ({ hostId }, context) => stats.watch(hostId, context.signal),
    'stats.history': async ({ hostId, vm, range }) => stats.history(hostId, range, vm),
  }
}
