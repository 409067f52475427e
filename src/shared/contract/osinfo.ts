import type { OsCatalog, OsRecommendation } from '../osinfo.js'
import { osinfoDetailsInput, osinfoHostInput } from '../osinfo.js'
import { call } from './define.js'

/** libosinfo: operating systems and their recommendations. */
export const osinfoChannels = {
  /** The operating systems libosinfo knows on the host (a short fallback list without it). */
  'osinfo.catalog': call<OsCatalog>()(osinfoHostInput),
  /** libosinfo's recommended memory, disk, bus and NIC model for one OS. */
  'osinfo.recommend': call<OsRecommendation>()(osinfoDetailsInput),
} as const
