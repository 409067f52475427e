import type { MachineSettings, VagrantModel } from '@shared/vagrant.js'
import { vagrantModelSchema } from '@shared/vagrant.js'

/** A copy of `obj` with `key` set, or removed when the value is undefined (exactOptionalPropertyTypes). */
export function withField<T extends object, K extends keyof T>(obj: T, key: K, value: T[K] | undefined): T {
  const next = { ...obj }
  if (value === undefined) delete next[key]
  else next[key] = value
  return next
}

/** A text field's value in the model: empty means "not set". */
export const textValue = (v: string): string | undefined => (v === '' ? undefined : v)

/** A number field's value: empty means "not set"; anything else is kept for the schema to judge. */
export function numberValue(v: string | number): number | undefined {
  if (typeof v === 'number') return v
  if (v.trim() === '') return undefined
  const n = Number(v)
  return Number.isNaN(n) ? undefined : n
}

export const replaceAt = <T>(list: readonly T[], i: number, value: T): T[] =>
  list.map((x, j) => (j === i ? value : x))
export const removeAt = <T>(list: readonly T[], i: number): T[] => list.filter((_, j) => j !== i)
export function move<T>(list: readonly T[], i: number, by: -1 | 1): T[] {
  const j = i + by
  if (j < 0 || j >= list.length) return [...list]
  const next = [...list]
  ;[next[i], next[j]] = [next[j] as T, next[i] as T]
  return next
}

/** The schema's complaints, by the path of the field they are about ("machines.1.networks.0.ip"). */
export function issuesByPath(model: VagrantModel): Map<string, string> {
  const parsed = vagrantModelSchema.safeParse(model)
  const issues = new Map<string, string>()
  if (parsed.success) return issues
  for (const issue of parsed.error.issues) {
    const path = issue.path.map(String).join('.')
    if (!issues.has(path)) issues.set(path, issue.message)
  }
  return issues
}

/** Errors of one scope: the project (prefix '') or a machine ("machines.N."). */
export type ErrorsAt = (path: string) => string | undefined
export function errorsAt(issues: ReadonlyMap<string, string>, prefix: string): ErrorsAt {
  return (path) => issues.get(`${prefix}${path}`)
}

/** Messages about an item itself (exactly its path, e.g. a refinement of a network), in one scope. */
export function itemIssues(issues: ReadonlyMap<string, string>, prefix: string): (path: string) => string[] {
  return (path) => {
    const m = issues.get(`${prefix}${path}`)
    return m === undefined ? [] : [m]
  }
}

export const EMPTY_SETTINGS: MachineSettings = {
  networks: [],
  providers: {},
  provisioners: [],
  syncedFolders: [],
}

export function emptyModel(): VagrantModel {
  return { ...EMPTY_SETTINGS, box: 'debian/bookworm64', machines: [{ ...EMPTY_SETTINGS, name: 'default' }] }
}
