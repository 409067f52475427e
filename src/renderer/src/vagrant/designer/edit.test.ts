import { describe, expect, it } from 'vitest'
import type { VagrantModel } from '@shared/vagrant.js'
import { EMPTY_SETTINGS, emptyModel, issuesByPath, move, numberValue, withField } from './edit'

/** A new user's bad values, one per field: each complaint lands on the field the form shows it at. */
describe('designer: schema complaints by field', () => {
  it('a fresh model is valid', () => {
    expect([...issuesByPath(emptyModel())]).toEqual([])
  })

  it('puts each bad value at its field', () => {
    const model: VagrantModel = {
      ...EMPTY_SETTINGS,
      hostname: 'bad host!',
      networks: [
        { kind: 'private_network', dhcp: false },
        { kind: 'forwarded_port', guest: 0, host: 70000, hostIp: 'localhost' },
      ],
      providers: {
        libvirt: {
          memory: -5,
          cpus: 1.5,
          managementNetworkAddress: '10.0.0.0',
          pci: [{ bus: 'zz', slot: '00', function: '0' }],
        },
      },
      provisioners: [{ type: 'shell', inline: 'echo', path: 'x.sh', args: [] }],
      syncedFolders: [{ hostPath: 'a\nb', guestPath: '/x' }],
      machines: [
        { ...EMPTY_SETTINGS, name: 'we/b' },
        {
          ...EMPTY_SETTINGS,
          name: 'db',
          networks: [{ kind: 'private_network', dhcp: false, ip: '300.1.1.1', netmask: '33.1' }],
        },
      ],
    }
    const issues = issuesByPath(model)
    expect(issues.get('hostname')).toBe('A host name has letters, digits, dots and dashes only')
    expect(issues.get('networks.0')).toBe('A private network needs an IP address or DHCP')
    expect(issues.has('networks.1.guest')).toBe(true)
    expect(issues.has('networks.1.host')).toBe(true)
    expect(issues.get('networks.1.hostIp')).toBe('An IP address like 192.168.56.10')
    expect(issues.has('providers.libvirt.memory')).toBe(true)
    expect(issues.has('providers.libvirt.cpus')).toBe(true)
    expect(issues.get('providers.libvirt.managementNetworkAddress')).toBe('A network like 192.168.121.0/24')
    expect(issues.get('providers.libvirt.pci.0.bus')).toBe('A PCI address like 0000:01:00.0')
    expect(issues.get('provisioners.0')).toBe(
      'A shell provisioner runs either an inline script or a path, not both',
    )
    expect(issues.get('syncedFolders.0.hostPath')).toBe('One line only')
    expect(issues.get('machines.0.name')).toBe(
      'A machine name has none of [ ] { } / and no control character',
    )
    expect(issues.get('machines.1.networks.0.ip')).toBe('An IP address like 192.168.56.10')
    expect(issues.get('machines.1.networks.0.netmask')).toBe(
      'A netmask like 255.255.255.0 or a prefix length like 24',
    )
  })

  it('machine-list rules land on the list', () => {
    const twice: VagrantModel = {
      ...EMPTY_SETTINGS,
      machines: [
        { ...EMPTY_SETTINGS, name: 'a', primary: true },
        { ...EMPTY_SETTINGS, name: 'a', primary: true },
      ],
    }
    expect(issuesByPath(twice).get('machines')).toBe('Machine names must differ')
    const ok = issuesByPath({ ...twice, machines: [twice.machines[0]!, { ...EMPTY_SETTINGS, name: 'b' }] })
    expect([...ok]).toEqual([])
  })

  it('hostile text is data, not a problem', () => {
    const hostile = `'q' "dq" #{\`id\`} $(x) ; \\ é日本☃`
    const model: VagrantModel = { ...emptyModel(), box: hostile.replace(/\n/g, '') }
    model.machines = [
      {
        ...EMPTY_SETTINGS,
        name: `it's "web" $(x); é日本`,
        provisioners: [{ type: 'shell', inline: `${hostile}\nline 2`, args: [] }],
      },
    ]
    expect([...issuesByPath(model)]).toEqual([])
  })

  it('edit helpers: empty fields are removed, numbers kept for the schema, lists reorder', () => {
    expect(withField({ a: 1, b: 2 } as { a?: number; b: number }, 'a', undefined)).toEqual({ b: 2 })
    expect(numberValue('')).toBeUndefined()
    expect(numberValue('-5')).toBe(-5)
    expect(numberValue(3)).toBe(3)
    expect(move(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c'])
    expect(move(['a', 'b'], 0, -1)).toEqual(['a', 'b'])
  })
})
