import { createHash } from 'node:crypto'

/**
 * How the engine reaches libvirt definitions: implemented by the VM service (src/main/vms/), so a
 * change's domain edits are previewed, defined with the XML history and undone exactly like an
 * edit in the XML tab. The engine never talks to virsh itself.
 */
export interface DomainDefinitions {
  /** The persistent definition as main keeps it (console passwords included). */
  current(hostId: string, vm: { uuid: string; name: string }): Promise<string>
  /**
   * Saves the current definition in the XML history, then defines `xml` (console passwords carried
   * over, except those `vm.dropGraphicsSecrets` removes); the history entry's id.
   */
  define(
    hostId: string,
    vm: { uuid: string; name: string; dropGraphicsSecrets?: readonly string[] | undefined },
    xml: string,
    reason: string,
  ): Promise<number>
  /** Defines a saved definition again (undo), keeping the current one in the history first. */
  restore(hostId: string, historyId: number): Promise<void>
}

/**
 * Definitions are compared as libvirt writes them back: the same domain read twice gives the same
 * bytes, and libvirt normalises what it is given, so the hash of a read-back is the identity of
 * "the definition we left there".
 */
export function definitionHash(xml: string): string {
  return createHash('sha256').update(xml.replace(/\s+$/, '')).digest('hex')
}
