import type { z } from 'zod'
import { domainNameSchema } from './vm-create.js'
import { vmInput } from './vms.js'

/** Renames a shut-off VM (`virsh domrename`); the name follows libvirt's rules and VirtDeck's (see domainNameSchema). */
export const vmRenameInput = vmInput.extend({ newName: domainNameSchema }).strict()
export type VmRenameInput = z.input<typeof vmRenameInput>
