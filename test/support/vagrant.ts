/** Real Vagrant for the tests: a temp project folder and a temp VAGRANT_HOME per run, no network. */
import { execFile, execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { repoRoot } from './fixtures.js'

export interface VagrantRun {
  code: number
  stdout: string
  stderr: string
  ms: number
}

export interface VagrantSandbox {
  /** VAGRANT_HOME for every run of this sandbox. */
  home: string
  root: string
  env(extra?: Record<string, string>): Record<string, string>
  /** A project folder holding `vagrantfile` and the given (empty) files and folders. */
  project(name: string, vagrantfile: string, files?: string[], dirs?: string[]): string
  run(cwd: string, args: string[], extra?: Record<string, string>): Promise<VagrantRun>
  /** What Vagrant read from the project's Vagrantfile, per machine (test/support/vagrant-config-dump.rb). */
  dump(cwd: string, provider: string): Promise<Record<string, VagrantDump>>
  /** A folder with a VirtualBox stand-in (`VBoxManage --version` only), for validating virtualbox settings. */
  virtualboxStandIn(): string
  close(): Promise<void>
}

export interface VagrantDump {
  box: string | null
  hostname: string | null
  networks: [string, Record<string, unknown>][]
  synced_folders: Record<string, Record<string, unknown>>
  provisioners: { name: string | null; type: string; run: string | null; config: Record<string, unknown> }[]
  provider: Record<string, unknown>
}

function exec(file: string, args: string[], cwd: string, env: Record<string, string>): Promise<VagrantRun> {
  const started = Date.now()
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd, env, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : -1) : 0,
          stdout,
          stderr,
          ms: Date.now() - started,
        }),
    )
  })
}

export function vagrantSandbox(): VagrantSandbox {
  const root = mkdtempSync(join(tmpdir(), 'virtdeck-vagrant-'))
  const home = join(root, 'vagrant-home')
  mkdirSync(home)
  const env = (extra: Record<string, string> = {}): Record<string, string> => ({
    ...(process.env as Record<string, string>),
    VAGRANT_HOME: home,
    VAGRANT_CHECKPOINT_DISABLE: '1',
    VAGRANT_NO_COLOR: '1',
    ...extra,
  })
  return {
    home,
    root,
    env,
    project(name, vagrantfile, files = [], dirs = []) {
      const dir = join(root, name)
      mkdirSync(dir, { recursive: true })
      writeFileSync(join(dir, 'Vagrantfile'), vagrantfile)
      for (const d of dirs) mkdirSync(join(dir, d), { recursive: true })
      for (const f of files) {
        mkdirSync(dirname(join(dir, f)), { recursive: true })
        writeFileSync(join(dir, f), '')
      }
      return dir
    },
    run: (cwd, args, extra) => exec('vagrant', args, cwd, env(extra)),
    async dump(cwd, provider) {
      const script = join(repoRoot, 'test', 'support', 'vagrant-config-dump.rb')
      const r = await exec('ruby', [script, provider], cwd, env())
      if (r.code !== 0) throw new Error(`vagrant-config-dump.rb failed: ${r.stderr.slice(-2000)}`)
      return JSON.parse(r.stdout) as Record<string, VagrantDump>
    },
    virtualboxStandIn() {
      const dir = join(root, 'virtualbox-stand-in')
      mkdirSync(dir, { recursive: true })
      const file = join(dir, 'VBoxManage')
      writeFileSync(file, '#!/bin/sh\n[ "$1" = --version ] && echo 7.0.14r161095\nexit 0\n')
      chmodSync(file, 0o755)
      return dir
    },
    close: () => rm(root, { recursive: true, force: true }),
  }
}

/**
 * A local docker image for the docker provider, made offline from Debian's busybox-static:
 * `tar -C rootfs -c . | docker import - NAME`. Fails (never skips) when dockerd is not running.
 */
export async function busyboxImage(root: string, name = 'virtdeck-vagrant/busybox:test'): Promise<string> {
  const info = await exec('docker', ['info', '--format', '{{.ServerVersion}}'], root, {
    ...(process.env as Record<string, string>),
  })
  if (info.code !== 0)
    throw new Error(
      `dockerd is not running (docker info: ${info.stderr.trim()}); scripts/testbed.sh installs docker.io and starts it`,
    )
  if (
    (await exec('docker', ['image', 'inspect', name], root, process.env as Record<string, string>)).code === 0
  )
    return name
  const rootfs = join(root, 'busybox-rootfs')
  mkdirSync(join(rootfs, 'bin'), { recursive: true })
  const made = await exec(
    'sh',
    [
      '-c',
      'cp /bin/busybox "$1/bin/busybox" && for t in sh sleep echo cat true; do ln -s busybox "$1/bin/$t"; done && tar -C "$1" -c . | docker import - "$2"',
      'sh',
      rootfs,
      name,
    ],
    root,
    process.env as Record<string, string>,
  )
  if (made.code !== 0) throw new Error(`docker import failed: ${made.stderr}`)
  return name
}

/** Vagrant processes working on the project in `dir` (their VAGRANT_CWD), found with pgrep and /proc. */
export function vagrantsOf(dir: string): number[] {
  let pids: number[]
  try {
    pids = execFileSync('pgrep', ['-f', '--', 'vagrant --machine-readable'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map(Number)
  } catch (error) {
    if ((error as { status?: number }).status === 1) return []
    throw error
  }
  return pids.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`VAGRANT_CWD=${dir}`)
    } catch {
      return false
    }
  })
}

/**
 * A libvirt box that boots nothing, made offline: `metadata.json` (provider libvirt, qcow2) and an
 * empty qcow2 `box.img` of a few MiB, packed as Vagrant packs boxes (a gzipped tar).
 */
export function emptyLibvirtBox(root: string): string {
  const dir = join(root, 'box-src')
  mkdirSync(dir, { recursive: true })
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', join(dir, 'box.img'), '8M'])
  writeFileSync(
    join(dir, 'metadata.json'),
    JSON.stringify({ provider: 'libvirt', format: 'qcow2', virtual_size: 1 }),
  )
  const box = join(root, 'empty-libvirt.box')
  execFileSync('tar', ['-C', dir, '-czf', box, 'metadata.json', 'box.img'])
  return box
}
