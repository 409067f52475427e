import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runVirtdeck } from './support/cli.js'
import type { CliRun } from './support/cli.js'

/**
 * `virtdeck <command> --help` for every command and every subcommand the usage names, through the
 * real `virtdeck` (bin/virtdeck.mjs → the built CLI). The command list comes from `virtdeck --help`,
 * so a command added there without its own help fails here.
 */

let dataDir: string
let topUsage: CliRun

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'virtdeck-cli-help-'))
  topUsage = await runVirtdeck(['--help'], dataDir)
})

afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

/** The command names of the "commands:" block of `virtdeck --help`. */
function commandNames(usage: string): string[] {
  const block = usage.split('\ncommands:\n')[1]?.split('\n\n')[0] ?? ''
  return block
    .split('\n')
    .map((line) => /^ {2}([a-z][a-z-]*)\b/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined)
}

/** The subcommands a command's usage names: `virtdeck vm start|shutdown NAME` → start, shutdown. */
function subcommandNames(command: string, usage: string): string[] {
  const names = new Set<string>()
  for (const match of usage.matchAll(new RegExp(`virtdeck ${command} ([a-z][a-z|-]*)`, 'g')))
    for (const name of match[1]?.split('|') ?? []) if (name !== '') names.add(name)
  return [...names]
}

/** Runs the calls a few at a time (two cores, other work beside). */
async function runAll(calls: string[][]): Promise<{ args: string[]; run: CliRun }[]> {
  const results: { args: string[]; run: CliRun }[] = []
  for (let i = 0; i < calls.length; i += 4) {
    const batch = calls.slice(i, i + 4)
    results.push(
      ...(await Promise.all(batch.map(async (args) => ({ args, run: await runVirtdeck(args, dataDir) })))),
    )
  }
  return results
}

describe('virtdeck --help for every command', () => {
  it('prints the command list, each command with its own --help', () => {
    expect(topUsage.code).toBe(0)
    expect(topUsage.stdout).toContain('usage: virtdeck <command> [options]')
    expect(topUsage.stdout).toContain('virtdeck <command> --help')
    expect(commandNames(topUsage.stdout)).toEqual([
      'hosts',
      'checks',
      'nested',
      'changes',
      'vm',
      'pool',
      'net',
      'passthrough',
      'tune',
      'hw', // vmhw
      'docker',
      'lxc',
      'snapshot',
      'clone',
      'vagrant',
      'audit',
    ])
  })

  it('answers `<command> --help`, `-h` and `help <command>` with that command’s usage', async () => {
    const commands = commandNames(topUsage.stdout)
    const calls = commands.flatMap((c) => [
      [c, '--help'],
      [c, '-h'],
      ['help', c],
      [c, '--help', '--json'],
    ])
    for (const { args, run } of await runAll(calls)) {
      const command = args[0] === 'help' ? args[1] : args[0]
      expect(run.stderr, args.join(' ')).toBe('')
      expect(run.code, args.join(' ')).toBe(0)
      expect(run.stdout, args.join(' ')).toMatch(/^usage:\n/)
      expect(run.stdout, args.join(' ')).toContain(`virtdeck ${command ?? ''}`)
    }
  })

  it('answers `<command> <subcommand> --help` for every subcommand with the command’s usage', async () => {
    const calls: string[][] = []
    const usages = new Map<string, string>()
    for (const command of commandNames(topUsage.stdout)) {
      const usage = (await runVirtdeck([command, '--help'], dataDir)).stdout
      usages.set(command, usage)
      for (const sub of subcommandNames(command, usage)) calls.push([command, sub, '--help'])
    }
    // vm alone names list, start, shutdown, reboot, destroy, suspend, resume, autostart, info, xml, …
    expect(calls.length).toBeGreaterThan(30)
    for (const { args, run } of await runAll(calls)) {
      expect(run.code, args.join(' ')).toBe(0)
      expect(run.stdout, args.join(' ')).toBe(usages.get(args[0] ?? ''))
    }
  }, 120_000)

  it('says an unknown command is unknown, and help opens no profile', async () => {
    const unknown = await runVirtdeck(['nope', '--help'], dataDir)
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('Unknown command: nope')
    expect(readdirSync(dataDir)).toEqual([])
  })
})
