import type { Host } from '../host/host.js'
import type { VmPassthroughOptions } from '@shared/passthrough.js'
import { diffLines, formatUnifiedDiff } from '../libvirt/xml/index.js'
import type { QemuArgvDiff } from '../libvirt/qemu-argv.js'
import { qemuArgvDiff } from '../libvirt/qemu-argv.js'
import type { VmPassthroughEdit } from './vm-xml.js'
import { editDomainForPassthrough } from './vm-xml.js'

/**
 * The passthrough change of a VM as the user previews it: the edited XML, its line diff, and the
 * QEMU command line before and after (`domxml-to-native` on the host's libvirt), so each piece is
 * shown as libvirt XML and as what QEMU gets (`-device vfio-pci,host=…`).
 */
export interface VmPassthroughPreview {
  edit: VmPassthroughEdit
  xmlDiff: string
  argv: QemuArgvDiff
}

export async function previewVmPassthrough(
  host: Host,
  uri: string,
  domainXml: string,
  options: VmPassthroughOptions,
  signal?: AbortSignal,
): Promise<VmPassthroughPreview> {
  const edit = editDomainForPassthrough(domainXml, options)
  const xmlDiff = formatUnifiedDiff(diffLines(domainXml, edit.xml), {
    fromFile: 'before.xml',
    toFile: 'after.xml',
  })
  return { edit, xmlDiff, argv: await qemuArgvDiff(host, uri, domainXml, edit.xml, signal) }
}
