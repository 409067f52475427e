/**
 * The FORWARD DROP vs libvirt conflict, reproduced in network namespaces this test creates: a
 * router namespace with a libvirt-like bridge and a guest behind it, Docker's FORWARD shape
 * (`-P FORWARD DROP`, `-A FORWARD -j DOCKER-USER`), and a "world" namespace. The guest cannot reach
 * the world; the check reads the router's `iptables-save` and `nft list ruleset`, finds the conflict,
 * and its fix (DOCKER-USER rules for the bridge only) makes the ping pass; its undo breaks it again.
 */
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  checkForward,
  parseIptablesSave,
  parseNftRuleset,
} from '../src/main/containers/docker/forward-check.js'

const run = promisify(execFile)
const tag = randomBytes(3).toString('hex')
const R = `vd-fw-r-${tag}`
const G = `vd-fw-g-${tag}`
const W = `vd-fw-w-${tag}`
const BRIDGE = 'vdvirbr0'

async function inNs(ns: string, file: string, args: string[]): Promise<string> {
  return (await run('ip', ['netns', 'exec', ns, file, ...args])).stdout
}

async function guestReachesWorld(): Promise<boolean> {
  try {
    await inNs(G, 'busybox', ['ping', '-c', '1', '-W', '1', '10.211.0.2'])
    return true
  } catch {
    return false
  }
}

beforeAll(async () => {
  for (const ns of [R, G, W]) await run('ip', ['netns', 'add', ns])
  const ip = (ns: string, ...args: string[]): Promise<string> => inNs(ns, 'ip', args)
  await ip(R, 'link', 'add', BRIDGE, 'type', 'bridge')
  await ip(R, 'addr', 'add', '10.210.0.1/24', 'dev', BRIDGE)
  await ip(R, 'link', 'set', BRIDGE, 'up')
  await run('ip', ['link', 'add', 'g0', 'netns', G, 'type', 'veth', 'peer', 'name', 'g0p', 'netns', R])
  await run('ip', ['link', 'add', 'w0', 'netns', W, 'type', 'veth', 'peer', 'name', 'w0p', 'netns', R])
  await ip(R, 'link', 'set', 'g0p', 'master', BRIDGE)
  for (const [ns, dev] of [
    [R, 'g0p'],
    [R, 'w0p'],
    [G, 'g0'],
    [W, 'w0'],
    [R, 'lo'],
    [G, 'lo'],
    [W, 'lo'],
  ] as const)
    await ip(ns, 'link', 'set', dev, 'up')
  await ip(R, 'addr', 'add', '10.211.0.1/24', 'dev', 'w0p')
  await ip(G, 'addr', 'add', '10.210.0.2/24', 'dev', 'g0')
  await ip(W, 'addr', 'add', '10.211.0.2/24', 'dev', 'w0')
  await ip(G, 'route', 'add', 'default', 'via', '10.210.0.1')
  await ip(W, 'route', 'add', '10.210.0.0/24', 'via', '10.211.0.1')
  await inNs(R, 'sysctl', ['-qw', 'net.ipv4.ip_forward=1'])
  // What dockerd does when it turns forwarding on: DROP policy, DOCKER-USER first.
  await inNs(R, 'iptables', ['-N', 'DOCKER-USER'])
  await inNs(R, 'iptables', ['-A', 'DOCKER-USER', '-j', 'RETURN'])
  await inNs(R, 'iptables', ['-A', 'FORWARD', '-j', 'DOCKER-USER'])
}, 30_000)

afterAll(async () => {
  for (const ns of [R, G, W]) await run('ip', ['netns', 'delete', ns]).catch(() => undefined)
})

describe('FORWARD DROP vs a libvirt bridge (network namespaces)', () => {
  it('routes with ACCEPT; DROP cuts the guest; the check finds it; the fix restores it; undo cuts it again', async () => {
    expect(await guestReachesWorld()).toBe(true)
    expect(checkForward(parseIptablesSave(await inNs(R, 'iptables-save', [])), [BRIDGE]).status).toBe('ok')

    await inNs(R, 'iptables', ['-P', 'FORWARD', 'DROP'])
    expect(await guestReachesWorld()).toBe(false)

    const check = checkForward(parseIptablesSave(await inNs(R, 'iptables-save', [])), [BRIDGE])
    expect(check).toMatchObject({ status: 'conflict', policy: 'DROP', affected: [BRIDGE] })
    expect(check.evidence).toContain(':FORWARD DROP')
    expect(check.evidence).toContain('-A FORWARD -j DOCKER-USER')
    // The same verdict from nftables' view of the same rules.
    const nft = checkForward(parseNftRuleset(await inNs(R, 'nft', ['list', 'ruleset'])), [BRIDGE])
    expect(nft).toMatchObject({ status: 'conflict', policy: 'DROP', affected: [BRIDGE] })

    const fix = check.fix
    expect(
      fix?.apply.every((rule) => rule[0] === '-I' && rule[1] === 'DOCKER-USER' && rule.includes(BRIDGE)),
    ).toBe(true)
    expect(fix?.apply.some((rule) => rule.join(' ') === '-P FORWARD ACCEPT')).toBe(false)
    for (const rule of fix?.apply ?? []) await inNs(R, 'iptables', rule)
    expect(await guestReachesWorld()).toBe(true)
    expect(checkForward(parseIptablesSave(await inNs(R, 'iptables-save', [])), [BRIDGE]).status).toBe('ok')
    expect(checkForward(parseNftRuleset(await inNs(R, 'nft', ['list', 'ruleset'])), [BRIDGE]).status).toBe(
      'ok',
    )

    for (const rule of fix?.undo ?? []) await inNs(R, 'iptables', rule)
    expect(await guestReachesWorld()).toBe(false)
  }, 30_000)
})
