import type { TuningRule } from '../rule.js'
import { cpuMode } from './cpu-mode.js'
import { cpuPinning } from './cpu-pinning.js'
import { cpuTopology } from './cpu-topology.js'
import { diskBus } from './disk-bus.js'
import { diskCache } from './disk-cache.js'
import { diskDiscard } from './disk-discard.js'
import { diskIothread } from './disk-iothread.js'
import { hypervEnlightenments } from './hyperv.js'
import { imagePreallocation } from './image-preallocation.js'
import { machineQ35 } from './machine-q35.js'
import { memoryBalloon, memoryHugepages } from './memory.js'
import { netBackend } from './net-backend.js'
import { netModel } from './net-model.js'
import { netVhost } from './net-vhost.js'
import { pciPassthrough } from './pci-passthrough.js'
import { vcpuLimit } from './vcpu-count.js'

/**
 * Every rule, in the order fixes are applied: the machine first (it moves IDE to SATA), the disk bus before
 * what depends on it (cache, iothread), vCPU count before topology and pinning, iothreads before their pins,
 * hugepages before the balloon that depends on them.
 */
export const RULES: readonly TuningRule[] = [
  cpuMode,
  vcpuLimit,
  cpuTopology,
  machineQ35,
  diskBus,
  diskCache,
  diskDiscard,
  diskIothread,
  imagePreallocation,
  netModel,
  netVhost,
  netBackend,
  memoryHugepages,
  memoryBalloon,
  cpuPinning,
  hypervEnlightenments,
  pciPassthrough,
]

export function ruleById(id: string): TuningRule | undefined {
  return RULES.find((r) => r.id === id)
}
