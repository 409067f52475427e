import type { PoolSpecParsed } from '@shared/pool-create.js'
import { el, prettyXml, textEl } from './pretty-xml.js'

/** The `<pool>` definition of a new pool, as libvirt's pool-define takes it. */
export function poolXml(spec: PoolSpecParsed): string {
  const name = textEl('name', spec.name)
  switch (spec.kind) {
    case 'dir':
      return prettyXml(el('pool', { type: 'dir' }, name, el('target', {}, textEl('path', spec.path))))
    case 'logical':
      return prettyXml(
        el(
          'pool',
          { type: 'logical' },
          name,
          el(
            'source',
            {},
            ...spec.devices.map((path) => el('device', { path })),
            textEl('name', spec.volumeGroup),
            el('format', { type: 'lvm2' }),
          ),
          el('target', {}, textEl('path', `/dev/${spec.volumeGroup}`)),
        ),
      )
    case 'netfs':
      return prettyXml(
        el(
          'pool',
          { type: 'netfs' },
          name,
          el(
            'source',
            {},
            el('host', { name: spec.server }),
            el('dir', { path: spec.exportPath }),
            el('format', { type: 'nfs' }),
          ),
          el('target', {}, textEl('path', spec.path)),
        ),
      )
    case 'iscsi':
      return prettyXml(
        el(
          'pool',
          { type: 'iscsi' },
          name,
          el('source', {}, el('host', { name: spec.server }), el('device', { path: spec.target })),
          el('target', {}, textEl('path', spec.path)),
        ),
      )
  }
}
