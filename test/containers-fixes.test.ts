import { mkdtempSync } from 'node:fs'
import { rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createApp } from '../src/main/app.js'
import type { App } from '../src/main/app.js'
import { createEphemeralCipher } from '../src/main/store/ephemeral-cipher.js'
import { TempRootHost } from './support/temp-root-host.js'
import { dockerCommand } from '../src/cli/docker.js'
import { lxcCommand } from '../src/cli/lxc.js'
import { createOutput } from '../src/cli/output.js'
import { call, failure } from './support/router.js'

/**
 * The containers' host fixes (Docker MTU in daemon.json, LXC's default bridge) through the app's
 * router and the real change engine, on a TEMP-ROOT host (a temp folder standing for "/"): real
 * files, real cp/tee/rm for backups and writes; stand-ins (they cannot run here without touching
 * this machine's Docker) for `ip` (a 1400-MTU uplink), `dockerd` (version, --validate) and
 * `systemctl` (the restart), each recording its arguments.
 */

const cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step()
})

/** Other keys, tabs, odd spacing, no final newline: only the mtu value may change. */
const DAEMON_JSON =
  '{\n\t"log-driver" :  "journald",\n  "mtu":1500 ,\n    "dns": ["10.0.0.53",  "1.1.1.1"],\n "storage-driver": "overlay2"}'
const LXC_CONF =
  '# Debian default\nlxc.net.0.type = veth\n  lxc.net.0.link   =   lxcbr0\nlxc.net.0.flags = up\n\nlxc.apparmor.profile = generated'

const IP_UPLINK = `case "$2" in
  route) echo '[{"dst":"default","gateway":"10.8.0.1","dev":"wg0","flags":[]}]' ;;
  link) echo '[{"ifindex":5,"ifname":"wg0","mtu":1400}]' ;;
esac`

interface World {
  app: App
  hostId: string
  machine: TempRootHost
}

async function world(ip = IP_UPLINK): Promise<World> {
  const dataDir = mkdtempSync(join(tmpdir(), 'virtdeck-ctrfix-'))
  const app = createApp({ dataDir, cipher: createEphemeralCipher(Buffer.alloc(32, 7)), homeDir: dataDir })
  const noVms = join(dataDir, 'no-vms.xml')
  await writeFile(noVms, '<node/>\n')
  const saved = await call(app, 'hosts.add', {
    kind: 'local',
    name: 'Ctr lab',
    libvirtUri: `test://${noVms}`,
  })
  const machine = await TempRootHost.create({ id: saved.id })
  await machine.put('/proc/sys/kernel/random/boot_id', 'boot-1\n')
  await machine.put('/run/systemd/system/.present', '')
  await machine.put('/etc/docker/daemon.json', DAEMON_JSON)
  await machine.put('/etc/lxc/default.conf', LXC_CONF)
  await machine.addStandIn('ip', ip)
  await machine.addStandIn(
    'dockerd',
    'if [ "$1" = "--version" ]; then echo "Docker version 23.0.6, build ef23cbc"; fi; exit 0',
  )
  await machine.addStandIn('systemctl', 'exit 0')
  app.registry.register(saved.id, machine)
  cleanup.push(async () => {
    await app.close()
    await machine.dispose()
    await rm(dataDir, { recursive: true, force: true })
  })
  return { app, hostId: saved.id, machine }
}

describe('Docker MTU fix as a change (temp-root host)', () => {
  it('temp-root: plan → apply edits only the mtu, runs dockerd --validate and the restart as root, verifies; undo restores the bytes', async () => {
    const w = await world()
    const plan = await call(w.app, 'docker.mtuPlan', { hostId: w.hostId })
    expect(plan.blockers).toEqual([])
    expect(plan.mtu).toBe(1400)
    expect(plan.uplink).toBe('wg0')
    expect(plan.files[0]?.after).toBe(DAEMON_JSON.replace('1500', '1400'))
    expect(plan.files[0]?.diff).toContain('+  "mtu":1400 ,')
    expect(plan.commands.map((c) => [c.file, ...c.args])).toEqual([
      ['dockerd', '--validate', '--config-file', '/etc/docker/daemon.json'],
      ['systemctl', 'restart', 'docker'],
    ])

    const change = await call(w.app, 'docker.mtuApply', { hostId: w.hostId, planId: plan.id })
    expect(await w.machine.get('/etc/docker/daemon.json')).toBe(DAEMON_JSON.replace('1500', '1400'))
    expect(change.capability).toBe('containers')
    expect(change.method).toBe('docker-mtu')
    expect(change.verification?.status).toBe('passed')
    expect(change.verification?.checks[0]?.evidence).toBe('"mtu": 1400')
    const privileged = w.machine.privilegedCalls.map((c) => [c.file, ...c.args].join(' '))
    expect(privileged).toContain('dockerd --validate --config-file /etc/docker/daemon.json')
    expect(privileged).toContain('systemctl restart docker')
    const calls = (await w.machine.standInCalls()).map((c) => [c.name, ...c.args].join(' '))
    expect(calls.indexOf('dockerd --validate --config-file /etc/docker/daemon.json')).toBeLessThan(
      calls.indexOf('systemctl restart docker'),
    )

    // The plan is used up.
    expect((await failure(call(w.app, 'docker.mtuApply', { hostId: w.hostId, planId: plan.id }))).code).toBe(
      'NOT_FOUND',
    )

    const undone = await call(w.app, 'changes.undo', { changeId: change.id, force: false })
    expect(await w.machine.get('/etc/docker/daemon.json')).toBe(DAEMON_JSON)
    expect(undone.undo.restored).toEqual(['/etc/docker/daemon.json'])
    expect(undone.change.undoneAt).not.toBeNull()
  })

  it('temp-root: no daemon.json on Docker 24 → created with mtu and default-network-opts; undo removes it', async () => {
    const w = await world()
    await rm(w.machine.mapPath('/etc/docker/daemon.json'))
    await w.machine.addStandIn(
      'dockerd',
      'if [ "$1" = "--version" ]; then echo "Docker version 24.0.7, build afdd53b"; fi; exit 0',
    )
    const plan = await call(w.app, 'docker.mtuPlan', { hostId: w.hostId })
    expect(plan.files[0]?.before).toBeNull()
    const change = await call(w.app, 'docker.mtuApply', { hostId: w.hostId, planId: plan.id })
    expect(JSON.parse(await w.machine.get('/etc/docker/daemon.json'))).toEqual({
      'default-network-opts': { bridge: { 'com.docker.network.driver.mtu': '1400' } },
      mtu: 1400,
    })
    expect(change.verification?.status).toBe('passed')
    const undone = await call(w.app, 'changes.undo', { changeId: change.id, force: false })
    expect(undone.undo.removed).toEqual(['/etc/docker/daemon.json'])
    expect((await failure(w.machine.readFile('/etc/docker/daemon.json'))).code).toBe('NOT_FOUND')
  })

  it('temp-root: daemon.json changed between plan and apply → CONFLICT, nothing written, nothing run', async () => {
    const w = await world()
    const plan = await call(w.app, 'docker.mtuPlan', { hostId: w.hostId })
    const edited = DAEMON_JSON.replace('journald', 'json-file')
    await w.machine.put('/etc/docker/daemon.json', edited)
    const error = await failure(call(w.app, 'docker.mtuApply', { hostId: w.hostId, planId: plan.id }))
    expect(error.code).toBe('CONFLICT')
    expect(error.message).toContain('/etc/docker/daemon.json changed since the preview')
    expect(await w.machine.get('/etc/docker/daemon.json')).toBe(edited)
    expect(w.machine.privilegedCalls.filter((c) => c.file === 'systemctl')).toEqual([])
    expect(await call(w.app, 'changes.list', { hostId: w.hostId })).toEqual([])
  })

  it('temp-root: no default route → a blocker names the unknown uplink MTU, apply refuses', async () => {
    const w = await world('echo "[]"')
    const plan = await call(w.app, 'docker.mtuPlan', { hostId: w.hostId })
    expect(plan.blockers.join(' ')).toContain('uplink MTU is unknown')
    expect(plan.files).toEqual([])
    const error = await failure(call(w.app, 'docker.mtuApply', { hostId: w.hostId, planId: plan.id }))
    expect(error.code).toBe('CONFLICT')
    expect(await w.machine.get('/etc/docker/daemon.json')).toBe(DAEMON_JSON)
  })
})

describe('LXC default bridge fix as a change (temp-root host)', () => {
  it('temp-root: plan → apply sets lxc.net.0.link = virbr0 in place, verifies; undo restores the bytes', async () => {
    const w = await world()
    const plan = await call(w.app, 'lxc.bridgePlan', { hostId: w.hostId })
    const fixed = LXC_CONF.replace('lxcbr0', 'virbr0')
    expect(plan.blockers).toEqual([])
    expect(plan.files[0]?.after).toBe(fixed)
    const change = await call(w.app, 'lxc.bridgeApply', { hostId: w.hostId, planId: plan.id })
    expect(await w.machine.get('/etc/lxc/default.conf')).toBe(fixed)
    expect(change.method).toBe('lxc-bridge')
    expect(change.verification?.status).toBe('passed')
    expect(change.verification?.checks[0]?.evidence).toBe('lxc.net.0.link = virbr0')

    const again = await call(w.app, 'lxc.bridgePlan', { hostId: w.hostId })
    expect(again.blockers.join(' ')).toContain('already links new containers to virbr0')

    const undone = await call(w.app, 'changes.undo', { changeId: change.id, force: false })
    expect(await w.machine.get('/etc/lxc/default.conf')).toBe(LXC_CONF)
    expect(undone.undo.verification?.checks[0]?.ok).toBe(true)
  })

  it('temp-root: default.conf changed between plan and apply → CONFLICT, nothing written', async () => {
    const w = await world()
    const plan = await call(w.app, 'lxc.bridgePlan', { hostId: w.hostId })
    const edited = `${LXC_CONF}\nlxc.start.auto = 1\n`
    await w.machine.put('/etc/lxc/default.conf', edited)
    const error = await failure(call(w.app, 'lxc.bridgeApply', { hostId: w.hostId, planId: plan.id }))
    expect(error.code).toBe('CONFLICT')
    expect(await w.machine.get('/etc/lxc/default.conf')).toBe(edited)
  })

  it('temp-root: a hostile bridge name is refused before anything is read', async () => {
    const w = await world()
    for (const bridge of ['virbr0; rm -rf /', '$(id)', 'br\n0', 'a"b'])
      expect((await failure(call(w.app, 'lxc.bridgePlan', { hostId: w.hostId, bridge }))).code).toBe(
        'INVALID_INPUT',
      )
  })
})

describe('CLI fix-mtu / fix-bridge (in process, temp-root host)', () => {
  async function printed(run: () => Promise<void>): Promise<string> {
    let text = ''
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      text += String(chunk)
      return true
    })
    try {
      await run()
    } finally {
      spy.mockRestore()
    }
    return text
  }

  it('temp-root: `docker fix-mtu --yes` prints the plan, applies and prints the undo command', async () => {
    const w = await world()
    const text = await printed(() =>
      dockerCommand(w.app, ['fix-mtu', '--yes', '--host', 'Ctr lab'], createOutput(false)),
    )
    expect(text).toContain('Change /etc/docker/daemon.json:')
    expect(text).toContain('systemctl restart docker')
    const [change] = await call(w.app, 'changes.list', { hostId: w.hostId })
    expect(text).toContain(`Undo with: virtdeck changes undo ${change?.id ?? '?'}`)
    expect(await w.machine.get('/etc/docker/daemon.json')).toBe(DAEMON_JSON.replace('1500', '1400'))
  })

  it('temp-root: `lxc fix-bridge` without --yes and without a terminal changes nothing', async () => {
    const w = await world()
    const error = await failure(
      printed(() => lxcCommand(w.app, ['fix-bridge', '--host', 'Ctr lab'], createOutput(false))),
    )
    expect(error.message).toContain('Nothing was changed')
    expect(await w.machine.get('/etc/lxc/default.conf')).toBe(LXC_CONF)
    const text = await printed(() =>
      lxcCommand(w.app, ['fix-bridge', '--yes', '--host', 'Ctr lab'], createOutput(false)),
    )
    expect(text).toContain('+  lxc.net.0.link   =   virbr0')
    expect(text).toContain('Undo with: virtdeck changes undo ')
    expect(await w.machine.get('/etc/lxc/default.conf')).toBe(LXC_CONF.replace('lxcbr0', 'virbr0'))
  })
})

/** `ip -j -d link show`: virbr0 (the default network) and br0 with a guest's vnet3 in it. */
const IP_BRIDGES = `case "$2" in
  -d) echo '[{"ifname":"virbr0","linkinfo":{"info_kind":"bridge"}},{"ifname":"br0","linkinfo":{"info_kind":"bridge"}},{"ifname":"vnet3","master":"br0"}]' ;;
  *) echo '[]' ;;
esac`

const RULES_FILE = '/var/lib/iptables-stand-in/rules'
/** br0's reply rule is there already; nothing accepts traffic in from either bridge. */
const RULES =
  '-A FORWARD -j DOCKER-USER\n-A FORWARD -o docker0 -j DOCKER\n-A DOCKER-USER -o br0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n'

/** A stand-in `iptables` keeping its rules in one file under the temp root: -S, -C, -I, -D like the real one. */
const IPTABLES = `f="$VIRTDECK_TEST_ROOT${RULES_FILE}"
op="$1"; chain="$2"; shift 2
rule="-A $chain $*"
case "$op" in
  -S) echo "-N $chain"; grep -F -- "-A $chain " "$f"; exit 0 ;;
  -C) grep -Fxq -- "$rule" "$f" && exit 0; echo "iptables: Bad rule (does a matching rule exist in that chain?)." >&2; exit 1 ;;
  -I) { printf '%s\\n' "$rule"; cat "$f"; } > "$f.new"; cp "$f.new" "$f"; rm -f "$f.new" ;;
  -D) found=0; : > "$f.new"
      while IFS= read -r line; do
        if [ $found = 0 ] && [ "$line" = "$rule" ]; then found=1; continue; fi
        printf '%s\\n' "$line" >> "$f.new"
      done < "$f"
      if [ $found = 0 ]; then rm -f "$f.new"; echo "iptables: Bad rule (does a matching rule exist in that chain?)." >&2; exit 1; fi
      cp "$f.new" "$f"; rm -f "$f.new" ;;
  *) echo "stand-in iptables: unsupported $op" >&2; exit 2 ;;
esac`

const IPTABLES_SAVE = `printf '*filter\\n:INPUT ACCEPT [0:0]\\n:FORWARD DROP [0:0]\\n:OUTPUT ACCEPT [0:0]\\n:DOCKER - [0:0]\\n:DOCKER-USER - [0:0]\\n'
cat "$VIRTDECK_TEST_ROOT${RULES_FILE}"
echo COMMIT`

/** A stand-in `systemctl` that keeps enable/disable in a file (like the wants/ symlinks). */
const SYSTEMCTL = `f="$VIRTDECK_TEST_ROOT/var/lib/systemctl-stand-in/enabled"
case "$1" in
  --version) echo "systemd 252 (stand-in)" ;;
  enable) echo "$2" >> "$f" ;;
  disable) grep -vFx -- "$2" "$f" > "$f.new"; cp "$f.new" "$f"; rm -f "$f.new" ;;
  is-enabled) if grep -Fxq -- "$2" "$f"; then echo enabled; else echo disabled; exit 1; fi ;;
esac
exit 0`

const UNIT = '/etc/systemd/system/virtdeck-docker-libvirt.service'

async function forwardWorld(): Promise<World> {
  const w = await world(IP_BRIDGES)
  await w.machine.put(RULES_FILE, RULES)
  await w.machine.addStandIn('iptables', IPTABLES)
  await w.machine.addStandIn('iptables-save', IPTABLES_SAVE)
  await w.machine.addStandIn('systemctl', SYSTEMCTL)
  await w.machine.put('/var/lib/systemctl-stand-in/enabled', '')
  await w.machine.put('/etc/systemd/system/sshd.service', '[Unit]\n')
  return w
}

const INSERTED = [
  '-A DOCKER-USER -i br0 -j ACCEPT',
  '-A DOCKER-USER -i virbr0 -j ACCEPT',
  '-A DOCKER-USER -o virbr0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
]

describe('Docker FORWARD-DROP fix as a change (temp-root host, stand-in iptables)', () => {
  it('temp-root + stand-in iptables: plan skips the rule already there; apply inserts and installs the unit, verify passes; undo deletes exactly them and the unit (bytes back); a second plan has nothing to do', async () => {
    const w = await forwardWorld()
    const plan = await call(w.app, 'docker.forwardPlan', { hostId: w.hostId })
    expect(plan.blockers).toEqual([])
    expect(plan.bridges).toEqual(['br0', 'virbr0'])
    expect(plan.files.map((f) => [f.path, f.before])).toEqual([[UNIT, null]])
    const unit = plan.files[0]?.after ?? ''
    expect(unit).toContain('After=docker.service libvirtd.service')
    expect(unit).toContain('PartOf=docker.service')
    expect(unit).toContain('WantedBy=multi-user.target docker.service')
    expect(unit).toMatch(/^ExecStart=-\/\S+\/iptables -w -D DOCKER-USER -i virbr0 -j ACCEPT$/m)
    expect(unit).toMatch(/^ExecStart=\/\S+\/iptables -w -I DOCKER-USER -i br0 -j ACCEPT$/m)
    expect(plan.commands.map((c) => [c.file, ...c.args].join(' '))).toEqual([
      'iptables -I DOCKER-USER -i br0 -j ACCEPT',
      'iptables -I DOCKER-USER -i virbr0 -j ACCEPT',
      'iptables -I DOCKER-USER -o virbr0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
      'systemctl enable virtdeck-docker-libvirt.service',
    ])
    expect(plan.undoCommands.map((c) => c.args[0])).toEqual(['disable', '-D', '-D', '-D'])
    expect([...plan.rules].sort()).toEqual(INSERTED)
    expect(plan.notes.join(' ')).toContain('virtdeck-docker-libvirt.service')
    expect(plan.notes.join(' ')).toContain('Not iptables-persistent')

    const change = await call(w.app, 'docker.forwardApply', { hostId: w.hostId, planId: plan.id })
    expect(change.method).toBe('docker-forward')
    expect(change.capability).toBe('containers')
    expect(change.verification?.status).toBe('passed')
    expect(change.verification?.checks.map((c) => c.ok)).toEqual([true, true, true, true, true])
    expect(await w.machine.get(UNIT)).toBe(unit)
    const after = (await w.machine.get(RULES_FILE)).split('\n')
    for (const rule of INSERTED) expect(after).toContain(rule)
    expect(after.filter((l) => l.includes('-o br0'))).toHaveLength(1)

    const again = await call(w.app, 'docker.forwardPlan', { hostId: w.hostId })
    expect(again.commands).toEqual([])
    expect(again.blockers.join(' ')).toContain('Nothing to fix')
    expect(
      (await failure(call(w.app, 'docker.forwardApply', { hostId: w.hostId, planId: again.id }))).code,
    ).toBe('CONFLICT')

    const before = (await w.machine.standInCalls()).length
    const undone = await call(w.app, 'changes.undo', { changeId: change.id, force: false })
    expect(await w.machine.get(RULES_FILE)).toBe(RULES)
    await expect(w.machine.get(UNIT)).rejects.toThrow(/ENOENT/)
    expect(await w.machine.get('/var/lib/systemctl-stand-in/enabled')).toBe('')
    expect(undone.undo.verification?.status).toBe('passed')
    const undoCalls = (await w.machine.standInCalls())
      .slice(before)
      .filter((c) => (c.name === 'iptables' && c.args[0] !== '-S') || c.args[0] === 'disable')
      .map((c) => c.args.join(' '))
    expect(undoCalls).toEqual(plan.undoCommands.map((c) => c.args.join(' ')))
  })

  it('temp-root + stand-in iptables: FORWARD policy ACCEPT → a blocker, nothing run', async () => {
    const w = await forwardWorld()
    await w.machine.addStandIn('iptables-save', IPTABLES_SAVE.replace('FORWARD DROP', 'FORWARD ACCEPT'))
    const plan = await call(w.app, 'docker.forwardPlan', { hostId: w.hostId })
    expect(plan.blockers.join(' ')).toContain('policy is ACCEPT')
    expect(plan.commands).toEqual([])
    expect(
      (await failure(call(w.app, 'docker.forwardApply', { hostId: w.hostId, planId: plan.id }))).code,
    ).toBe('CONFLICT')
    expect(await w.machine.get(RULES_FILE)).toBe(RULES)
  })

  it('temp-root + stand-in iptables: `docker fix-forward --yes` prints the rules, applies, prints the undo command', async () => {
    const w = await forwardWorld()
    let text = ''
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      text += String(chunk)
      return true
    })
    try {
      await dockerCommand(w.app, ['fix-forward', '--yes', '--host', 'Ctr lab'], createOutput(false))
    } finally {
      spy.mockRestore()
    }
    expect(text).toContain('iptables -I DOCKER-USER -i virbr0 -j ACCEPT')
    const [change] = await call(w.app, 'changes.list', { hostId: w.hostId })
    expect(text).toContain(`Undo with: virtdeck changes undo ${change?.id ?? '?'}`)
    expect((await w.machine.get(RULES_FILE)).split('\n')).toContain('-A DOCKER-USER -i br0 -j ACCEPT')
  })
})
