import { describe, expect, it } from 'vitest'
import { cpuPercent } from './domain-facts.js'
import { parseDominfo } from './domain-list.js'
import { parseBlkinfoTable } from './domain-details.js'
import { parseVolList } from './storage.js'
import { classifyVirshError, virshError } from './virsh-errors.js'
import {
  parseDomstats,
  parseKeyValues,
  parseUuidNames,
  stateFromNumber,
  stateFromText,
} from './virsh-parse.js'

describe('virsh outputs', () => {
  it('reads domstats, names with quotes included', () => {
    const entries = parseDomstats(
      "Domain: 'a b 'c''\n  state.state=5\n  balloon.maximum=65536\n\nDomain: 'two'\n  state.state=1\n",
    )
    expect(entries.map((e) => e.name)).toEqual(["a b 'c'", 'two'])
    expect(entries[0]?.fields.get('balloon.maximum')).toBe('65536')
  })

  it('reads uuid + name lists without trimming names', () => {
    expect(parseUuidNames('6695eb01-f6a4-8304-79aa-97f2502e193f  lead\n')).toEqual([
      { uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f', name: ' lead' },
    ])
  })

  it('reads dominfo', () => {
    const info = parseDominfo(
      'Id:             1\nName:           vm 1\nUUID:           6695eb01-f6a4-8304-79aa-97f2502e193f\nState:          shut off\nCPU(s):         2\nMax memory:     8388608 KiB\nUsed memory:    2097152 KiB\nPersistent:     yes\nAutostart:      enable\n',
    )
    expect(info).toEqual({
      uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f',
      name: 'vm 1',
      state: 'shutoff',
      sizes: { vcpus: 2, memoryKiB: 2097152, maxMemoryKiB: 8388608 },
      persistent: true,
      autostart: true,
    })
    expect(parseKeyValues('Name: a: b\n').get('Name')).toBe('a: b')
  })

  it('maps states', () => {
    expect(['1', '2', '3', '4', '5', '6', '7', '0'].map(stateFromNumber)).toEqual([
      'running',
      'blocked',
      'paused',
      'shutdown',
      'shutoff',
      'crashed',
      'pmsuspended',
      'unknown',
    ])
    expect(stateFromText('in shutdown')).toBe('shutdown')
  })

  it('reads domblkinfo --all and vol-list rows', () => {
    expect(
      parseBlkinfoTable(
        ' Target   Capacity   Allocation   Physical\n----\n vda      10485760   200704       196616\n hdc      -          -            -\n',
      ),
    ).toEqual(
      new Map([
        ['vda', { capacity: 10485760, allocation: 200704 }],
        ['hdc', {}],
      ]),
    )
    expect(parseVolList(' my disk.qcow2   /var/lib/x/my disk.qcow2\n vol   rbd/vol\n')).toEqual([
      { name: 'my disk.qcow2', path: '/var/lib/x/my disk.qcow2' },
      { name: 'vol', path: 'rbd/vol' },
    ])
  })

  it('computes CPU use from two samples, per vCPU', () => {
    expect(cpuPercent({ cpuTimeNs: 0, atMs: 0 }, { cpuTimeNs: 1e9, atMs: 1000 }, 2)).toBe(50)
    expect(cpuPercent(undefined, { cpuTimeNs: 1, atMs: 1 }, 1)).toBeUndefined()
  })
})

describe('virsh errors', () => {
  it('classifies what libvirt says', () => {
    expect(classifyVirshError("failed to get domain 'x'")).toBe('NOT_FOUND')
    expect(classifyVirshError('Domain not found: no domain with matching uuid')).toBe('NOT_FOUND')
    expect(classifyVirshError('Domain is already active')).toBe('CONFLICT')
    expect(classifyVirshError('Requested operation is not valid: domain is not running')).toBe('CONFLICT')
    expect(
      classifyVirshError("Failed to connect socket to '/run/libvirt/libvirt-sock': Permission denied"),
    ).toBe('PERMISSION_DENIED')
    expect(classifyVirshError('failed to connect to the hypervisor')).toBe('HOST_UNREACHABLE')
    expect(classifyVirshError("command 'undefine' doesn't support option --tpm")).toBe('UNSUPPORTED')
    expect(classifyVirshError('XML document failed to validate against schema')).toBe('INVALID_INPUT')
  })

  it('keeps the most specific line and the whole output', () => {
    const error = virshError(
      "error: Failed to start domain 'x'\nerror: Requested operation is not valid: domain is already running\n",
      ['start', 'x'],
      'server1',
      'qemu:///system',
    )
    expect(error.code).toBe('CONFLICT')
    expect(error.message).toBe(
      "Failed to start domain 'x': Requested operation is not valid: domain is already running",
    )
    expect(error.detail).toContain('virsh start x')
  })
})
