/**
 * /etc/modprobe.d/vfio.conf: `options vfio-pci ids=…` names the card's functions, and a
 * `softdep <driver> pre: vfio-pci` per driver that would otherwise grab them first makes modprobe
 * load vfio-pci before it. An existing file keeps its bytes: its ids line gets the missing ids
 * (`vfio-pci.ids=` prefixes, as some guides write, are kept), missing softdeps are appended.
 */

export const VFIO_CONF_PATH = '/etc/modprobe.d/vfio.conf'

/** Which drivers must wait for vfio-pci, from the GPU vendor and what the functions use now. */
export function softdepDrivers(
  vendor: 'nvidia' | 'amd' | 'intel' | 'other',
  functions: readonly { driver?: string; classCode?: string }[],
): string[] {
  const drivers = new Set<string>()
  if (vendor === 'nvidia') ['nvidia', 'nouveau'].forEach((d) => drivers.add(d))
  if (vendor === 'amd') ['amdgpu', 'radeon'].forEach((d) => drivers.add(d))
  for (const f of functions) {
    if (f.classCode?.startsWith('0403') === true) drivers.add('snd_hda_intel')
    const d = f.driver
    if (d !== undefined && d !== 'vfio-pci' && d !== 'pcieport') drivers.add(d.replace(/-/g, '_'))
  }
  return [...drivers]
}

const IDS_LINE =
  /^([ \t]*options[ \t]+vfio[-_]pci[ \t]+(?:.*?[ \t])?(?:vfio[-_]pci\.)?ids=)([0-9a-fA-F:,]*)(.*)$/m

export function editVfioConf(
  before: string | null,
  ids: readonly string[],
  drivers: readonly string[],
): string {
  if (before === null || before.trim() === '') {
    return [
      '# Written by VirtDeck: give these devices to vfio-pci at boot (GPU passthrough).',
      `options vfio-pci ids=${ids.join(',')}`,
      ...drivers.map((d) => `softdep ${d} pre: vfio-pci`),
      '',
    ].join('\n')
  }
  let text = before
  const m = IDS_LINE.exec(text)
  if (m !== null) {
    const present = (m[2] ?? '').split(',').filter((s) => s !== '')
    const missing = ids.filter((id) => !present.map((p) => p.toLowerCase()).includes(id))
    if (missing.length > 0) {
      const value = [...present, ...missing].join(',')
      text = `${text.slice(0, m.index)}${m[1] ?? ''}${value}${m[3] ?? ''}${text.slice(m.index + m[0].length)}`
    }
  } else {
    text = `${text.endsWith('\n') ? text : `${text}\n`}options vfio-pci ids=${ids.join(',')}\n`
  }
  const softdeps = new Set(
    [...text.matchAll(/^[ \t]*softdep[ \t]+(\S+)[ \t]+pre:[^\n]*\bvfio[-_]pci\b/gm)].map((s) =>
      (s[1] ?? '').replace(/-/g, '_'),
    ),
  )
  const add = drivers.filter((d) => !softdeps.has(d))
  if (add.length > 0)
    text = `${text.endsWith('\n') ? text : `${text}\n`}${add.map((d) => `softdep ${d} pre: vfio-pci`).join('\n')}\n`
  return text
}
