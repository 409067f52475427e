import type { StatsHistory } from '../stats.js'
import * as statsIn from '../stats.js'
import { call, stream } from './define.js'

/** Live and kept VM and host statistics. */
export const statsChannels = {
  /** Samples the host (all its running VMs, one domstats per second) until cancelled; rounds arrive as `stats.sample`. */
  'stats.watch': stream<{ stopped: true }>()(statsIn.statsWatchInput),
  /** A VM's (or with no vm, the host's) kept history: the last hour at 1 s or the last day at 1 min. */
  'stats.history': call<StatsHistory>()(statsIn.statsHistoryInput),
} as const
