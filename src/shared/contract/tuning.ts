import type { HostChangeRecord } from '../changes.js'
import type { HostTuningReport, PreallocationMeasurement, TuningPreview, TuningReport } from '../tuning.js'
import {
  tuningApplyInput,
  tuningConvertInput,
  tuningHostInput,
  tuningPreviewInput,
  tuningReportInput,
} from '../tuning.js'
import { call, stream } from './define.js'

/** VM tuning reports, previews and fixes. */
export const tuningChannels = {
  /** One VM's tuning report: every rule's verdict, evidence, explanation, fix and risk; its score. */
  'tuning.report': call<TuningReport>()(tuningReportInput),
  /** Every VM of the host, lowest score first, and the worst findings across them. */
  'tuning.hostReport': stream<HostTuningReport>()(tuningHostInput),
  /** A chosen set of fixes as one definition: XML diff, libvirt's verdict, QEMU command-line difference. Nothing is defined. */
  'tuning.preview': stream<TuningPreview>()(tuningPreviewInput),
  /** qemu-img bench beside the VM's disk, without and with metadata preallocation; scratch images removed. */
  'tuning.measure': stream<PreallocationMeasurement>()(tuningReportInput),
  /** Applies a previewed set of fixes as one change (XML history, Changes page, undo). */
  'tuning.apply': stream<HostChangeRecord>()(tuningApplyInput),
  /** Converts a qcow2 image with metadata preallocation (progress, cancel), then points the VM at it as one change. */
  'tuning.convert': stream<HostChangeRecord>()(tuningConvertInput),
} as const
