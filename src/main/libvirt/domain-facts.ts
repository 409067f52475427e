/**
 * What the inventory remembers about each domain between loads, keyed by UUID: facts that need a
 * call per domain (the OS from libosinfo metadata; vCPUs and memory on drivers whose `domstats`
 * lacks them, such as the test driver), and the last CPU-time sample. A fact is forgotten when an
 * event names its domain, and everything when the event stream reconnects (events were missed), so
 * cached facts are used only while the event stream is connected.
 */

export interface DomainSizes {
  vcpus: number
  memoryKiB: number
  maxMemoryKiB: number
}

export interface CpuSample {
  cpuTimeNs: number
  atMs: number
}

export class DomainFactsCache {
  /** uuid → OS label; null: the domain has no libosinfo metadata. */
  readonly os = new Map<string, string | null>()
  readonly sizes = new Map<string, DomainSizes>()
  readonly cpu = new Map<string, CpuSample>()
  /** Which UUID a name stood for when last seen (kept for messages even when no longer trusted). */
  private readonly uuidByName = new Map<string, string>()
  /** Names whose UUID is still certainly the one remembered. */
  private readonly trusted = new Set<string>()

  /** Remembers which UUID a name stands for (events name domains; the cache is keyed by UUID). */
  learn(name: string, uuid: string): void {
    this.uuidByName.set(name, uuid)
    this.trusted.add(name)
  }

  /** The UUID the name stood for when last seen, trusted or not. */
  uuidOf(name: string): string | undefined {
    return this.uuidByName.get(name)
  }

  /** The UUID of each name, if every one is still trusted. */
  trustedUuids(names: readonly string[]): Map<string, string> | undefined {
    const out = new Map<string, string>()
    for (const name of names) {
      const uuid = this.uuidByName.get(name)
      if (uuid === undefined || !this.trusted.has(name)) return undefined
      out.set(name, uuid)
    }
    return out
  }

  /** An event named this domain: its definition, its state, even which domain bears the name may have changed. */
  forget(name: string): void {
    this.trusted.delete(name)
    const uuid = this.uuidByName.get(name)
    if (uuid === undefined) return
    this.os.delete(uuid)
    this.sizes.delete(uuid)
  }

  /** After a change made through this connection: forget what definitions say and which name is which; keep CPU samples. */
  forgetDefinitions(): void {
    this.os.clear()
    this.sizes.clear()
    this.trusted.clear()
  }

  clear(): void {
    this.os.clear()
    this.sizes.clear()
    this.cpu.clear()
    this.trusted.clear()
  }
}

/** Guest CPU use between two samples, as a share of its vCPUs (0–100). */
export function cpuPercent(
  previous: CpuSample | undefined,
  current: CpuSample,
  vcpus: number,
): number | undefined {
  if (previous === undefined || vcpus <= 0) return undefined
  const wallNs = (current.atMs - previous.atMs) * 1e6
  const usedNs = current.cpuTimeNs - previous.cpuTimeNs
  if (wallNs <= 0 || usedNs < 0) return undefined
  const percent = (usedNs / (wallNs * vcpus)) * 100
  return Math.round(Math.min(100, Math.max(0, percent)) * 10) / 10
}
