import { afterEach, describe, expect, it } from 'vitest'
import { buildHostPlan } from '../src/main/passthrough/host-plan.js'
import { readPciInventory } from '../src/main/passthrough/inventory.js'
import { gatherPlanInput } from '../src/main/passthrough/plan-facts.js'
import { SECURE_BOOT_VAR } from '../src/main/passthrough/secure-boot.js'
import { judgePassthrough } from '../src/main/passthrough/viability.js'
import { PT_GPU, passthroughMachine } from './support/passthrough-machine.js'
import type { TempRootHost } from './support/temp-root-host.js'

/**
 * Blockers of the host plan on a CAPTURED tree (intel-z370-gt1030) on a TEMP-ROOT host: Secure Boot
 * read from the EFI variable as a file of the tree, vfio-pci's signature from `modinfo` — a recording
 * stand-in here (this machine's modules say nothing about the captured host's).
 */

const machines: TempRootHost[] = []
afterEach(async () => {
  for (const m of machines.splice(0)) await m.dispose()
})

async function planWith(
  secureBoot: number | null,
  signer: string | null,
): Promise<ReturnType<typeof buildHostPlan> & { modinfo: string[][] }> {
  const machine = await passthroughMachine('sb-lab')
  machines.push(machine)
  if (secureBoot !== null) await machine.put(SECURE_BOOT_VAR, Buffer.from([6, 0, 0, 0, secureBoot]))
  if (signer !== null) await machine.addStandIn('modinfo', signer === '' ? 'exit 0' : `echo '${signer}'`)
  const inventory = await readPciInventory(machine, machine.root)
  const gpu = judgePassthrough('sb-lab', inventory).gpus.find((g) => g.address === PT_GPU)
  if (gpu === undefined) throw new Error('the captured tree lost its GT 1030')
  const plan = buildHostPlan(await gatherPlanInput(machine, machine.root, inventory, gpu))
  const modinfo = (await machine.standInCalls()).filter((c) => c.name === 'modinfo').map((c) => c.args)
  return { ...plan, modinfo }
}

describe('passthrough blockers on a captured tree (temp-root host)', () => {
  it('captured tree, Secure Boot on, vfio-pci unsigned (stand-in modinfo prints no signer): the plan is blocked and says what to do', async () => {
    const plan = await planWith(1, '')
    expect(plan.blockers).toEqual([
      expect.stringMatching(/^Secure Boot is on and this kernel’s vfio-pci module is not signed/),
    ])
    expect(plan.modinfo).toEqual([['-k', expect.any(String), '-F', 'signer', 'vfio-pci']])
  })

  it('captured tree, Secure Boot on, vfio-pci signed: no blocker, a note names the signer', async () => {
    const plan = await planWith(1, 'Debian Secure Boot CA')
    expect(plan.blockers).toEqual([])
    expect(plan.notes).toContain(
      'Secure Boot is on; vfio-pci is signed (Debian Secure Boot CA), so it loads.',
    )
  })

  it('captured tree, Secure Boot off: modinfo is not even asked', async () => {
    const plan = await planWith(0, 'unused')
    expect(plan.blockers).toEqual([])
    expect(plan.notes).toContain('Secure Boot is off: every module loads.')
    expect(plan.modinfo).toEqual([])
  })

  it('captured tree without EFI variables (BIOS boot): nothing said about Secure Boot', async () => {
    const plan = await planWith(null, null)
    expect(plan.blockers).toEqual([])
    expect(plan.notes.join('\n')).not.toMatch(/Secure Boot/)
  })
})
