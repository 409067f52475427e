/** Vagrant's machine-readable output: recorded and pasted real output, then real `vagrant status`. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  boxes,
  errorExit,
  LineSplitter,
  machineStatuses,
  parseLine,
  parseOutput,
  plugins,
  uiMessages,
} from '../src/main/vagrant/machine-readable.js'
import { fixturesDir } from './support/fixtures.js'
import { vagrantSandbox } from './support/vagrant.js'

const outputs = join(fixturesDir, 'vagrant', 'outputs')
const fixture = (name: string): string => readFileSync(join(outputs, name), 'utf8')

describe('machine-readable records', () => {
  it('reads status per machine, with commas and newlines unescaped', () => {
    const lines = parseOutput(
      fixture('recorded-debian12-vagrant234-status-machine-readable-two-libvirt-not-created.txt'),
    )
    expect(lines.every((l) => l.kind === 'record')).toBe(true)
    expect(machineStatuses(lines)).toEqual([
      {
        name: 'web',
        provider: 'libvirt',
        state: 'not_created',
        stateShort: 'not created',
        stateLong: 'The Libvirt domain is not created. Run `vagrant up` to create it.',
      },
      {
        name: 'db',
        provider: 'libvirt',
        state: 'not_created',
        stateShort: 'not created',
        stateLong: 'The Libvirt domain is not created. Run `vagrant up` to create it.',
      },
    ])
    const human = uiMessages(lines).at(-1)?.text ?? ''
    expect(human).toContain('Current machine states:\n\nweb ')
    expect(human).toContain('VM, run `vagrant status NAME`.')
  })

  it('reads the error of a parallel up, per machine and overall', () => {
    const lines = parseOutput(
      fixture('recorded-debian12-vagrant234-up-machine-readable-parallel-box-not-found.txt'),
    )
    const error = errorExit(lines)
    expect(error?.kind).toBe('Vagrant::Errors::BatchMultiError')
    expect(error?.message).toContain("If this is a private\nbox on HashiCorp's Vagrant Cloud, please verify")
    const messages = uiMessages(lines)
    expect(messages.filter((m) => m.machine === 'db' && m.level === 'error')).toHaveLength(1)
    expect(messages.find((m) => m.text.startsWith('    db: Box Provider'))).toMatchObject({
      machine: 'db',
      level: 'info',
    })
  })

  it('reads a config error, and plain text when Vagrant fails before its machine-readable UI', () => {
    const invalid = parseOutput(
      fixture('recorded-debian12-vagrant234-validate-machine-readable-config-invalid.txt'),
    )
    expect(errorExit(invalid)).toMatchObject({ kind: 'Vagrant::Errors::ConfigInvalid' })
    expect(errorExit(invalid)?.message).toMatch(/\* The following settings shouldn't exist: memroy\n/)
    const syntax = parseOutput(
      fixture('recorded-debian12-vagrant234-status-machine-readable-syntax-error-human-text.txt'),
    )
    expect(syntax.every((l) => l.kind === 'text')).toBe(true)
    expect(uiMessages(syntax).some((m) => m.level === 'error' && m.text.includes('syntax error'))).toBe(true)
  })

  it('tolerates pasted output: indentation, a cut timestamp, an empty target', () => {
    const pasted = parseOutput(
      fixture('vagrant181-global-status-machine-readable-tab-indented-truncated-timestamp-partial.txt'),
    )
    expect(pasted[0]).toEqual({
      kind: 'record',
      timestamp: 460144340,
      target: 'cheshire-east',
      type: 'metadata',
      data: ['provider', 'virtualbox'],
    })
    const stripped = parseOutput(fixture('vagrant15-status-machine-readable-empty-target-stripped.txt'))
    expect(stripped.filter((l) => l.kind === 'record' && l.type === 'state')).toHaveLength(2)
    expect(machineStatuses(stripped)).toEqual([])
    const box = parseOutput(fixture('recorded-debian12-vagrant234-box-list-machine-readable-one-box.txt'))
    expect(uiMessages(box)[0]?.text).toBe('local/dummy (libvirt, 0)')
    expect(boxes(box)).toEqual([{ name: 'local/dummy', provider: 'libvirt', version: '0' }])
    const none = parseOutput(
      fixture('recorded-debian12-vagrant234-box-list-machine-readable-no-boxes-warn.txt'),
    )
    expect(boxes(none)).toEqual([])
    expect(uiMessages(none)[0]?.level).toBe('warn')
  })

  it('parses one line exactly', () => {
    expect(parseLine('1,,ui,info,')).toEqual({
      kind: 'record',
      timestamp: 1,
      target: undefined,
      type: 'ui',
      data: ['info', ''],
    })
    expect(parseLine('1,m,action,up,start')).toMatchObject({
      target: 'm',
      type: 'action',
      data: ['up', 'start'],
    })
    expect(parseLine('==> web: Bringing up')).toEqual({ kind: 'text', text: '==> web: Bringing up' })
    expect(parseLine('1,a\\rb%!(VAGRANT_COMMA),x,y').kind).toBe('record')
  })

  it('cuts a stream into lines without breaking UTF-8 characters', () => {
    const splitter = new LineSplitter()
    const bytes = Buffer.from('1,,ui,info,日本\r\n2,,ui,info,é', 'utf8')
    const got = [
      ...splitter.push(bytes.subarray(0, 13)),
      ...splitter.push(bytes.subarray(13)),
      ...splitter.end(),
    ]
    expect(got).toEqual(['1,,ui,info,日本', '2,,ui,info,é'])
  })
})

// vagrant starts slowly (1–3 s, more on a busy machine).
describe('real vagrant output', { timeout: 60_000 }, () => {
  const sandbox = vagrantSandbox()
  afterAll(() => sandbox.close())

  it('vagrant status --machine-readable and vagrant plugin list', async () => {
    const vagrantfile = [
      'Vagrant.configure("2") do |config|',
      "  config.vm.box = 'local/none'",
      "  config.vm.define 'web, the first'",
      "  config.vm.define 'db'",
      'end',
      '',
    ].join('\n')
    const dir = sandbox.project('status', vagrantfile)
    const r = await sandbox.run(dir, ['status', '--machine-readable'], {
      VAGRANT_DEFAULT_PROVIDER: 'libvirt',
    })
    expect(r.code).toBe(0)
    // Vagrant writes the target unescaped: only the project's machine names can tell where it ends.
    expect(machineStatuses(parseOutput(r.stdout)).map((s) => s.name)).toEqual(['db'])
    const statuses = machineStatuses(parseOutput(r.stdout, ['web, the first', 'db']))
    expect(statuses.map((s) => [s.name, s.provider, s.state])).toEqual([
      ['web, the first', 'libvirt', 'not_created'],
      ['db', 'libvirt', 'not_created'],
    ])
    const list = await sandbox.run(dir, ['plugin', 'list', '--machine-readable'])
    expect(plugins(parseOutput(list.stdout))).toContainEqual({
      name: 'vagrant-libvirt',
      version: expect.stringMatching(/^\d+\.\d+/),
      scope: 'system',
    })
  })
})
