/**
 * A real OpenSSH server on 127.0.0.1 for tests (run as root): its own config, host key, port,
 * authorized keys and pid file in a temp dir, plus a real test account `vdtest` with a password,
 * keys and a sudo rule that asks for the password.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export const TEST_USER = 'vdtest'
/** Has a space and a quote on purpose: it travels through sudo's stdin and the SSH password field. */
export const TEST_PASSWORD = "vd test'pw 7"
export const KEY_PASSPHRASE = 'correct horse battery'
const SUDOERS_FILE = '/etc/sudoers.d/virtdeck-test'
/**
 * vdtest may run anything as root, with its password (not NOPASSWD). timestamp_timeout=0 makes
 * sudo ask every time, so each test sees the prompt whatever ran before.
 */
const SUDOERS_RULE = `# Written by VirtDeck's tests (test/support/sshd.ts).
Defaults:${TEST_USER} timestamp_timeout=0, lecture=never, passwd_tries=3
${TEST_USER} ALL=(ALL:ALL) ALL
`

export type HostKeyType = 'ed25519' | 'ecdsa' | 'rsa'

export interface TestSshd {
  port: number
  /** As `ssh-keygen -lf` prints it for the server's host key. */
  hostKeyFingerprint: string
  /** The key type from the public key file: ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa. */
  hostKeyType: string
  user: string
  password: string
  /** Unencrypted ed25519 key authorized for the user. */
  keyPath: string
  /** The same kind of key, encrypted with `passphrase`. */
  encryptedKeyPath: string
  passphrase: string
  /** The temp dir with everything of this server. */
  dir: string
  /** Stops and starts the listener on the same port, optionally with a new host key. */
  restart(options?: { newHostKey?: boolean }): Promise<void>
  /** Kills the per-connection sshd processes (and what they run), not the listener. */
  killConnections(): Promise<void>
  /** An outage: the listener stopped and every connection killed; `up()` starts the listener again. */
  down(): Promise<void>
  up(): Promise<void>
  /** What sshd logged (-e), for failing tests. */
  log(): string
  stop(): Promise<void>
}

/** Creates the account, its password and the sudo rule if they are not as expected. Idempotent; serialised with flock. */
export async function ensureTestAccount(): Promise<void> {
  const script = `
set -e
id -u ${TEST_USER} >/dev/null 2>&1 || useradd -m -s /bin/bash ${TEST_USER}
# Like a workstation user who manages VMs: member of libvirt (and kvm) when those groups exist.
for g in libvirt kvm; do getent group $g >/dev/null && usermod -aG $g ${TEST_USER}; done
printf '%s:%s\\n' ${TEST_USER} "$VD_PASSWORD" | chpasswd
tmp=$(mktemp)
printf '%s' "$VD_SUDOERS" > "$tmp"
visudo -cqf "$tmp"
if ! cmp -s "$tmp" ${SUDOERS_FILE}; then install -m 0440 -o root -g root "$tmp" ${SUDOERS_FILE}; fi
rm -f "$tmp"
`
  await run('flock', ['/run/lock/virtdeck-test-account.lock', 'sh', '-c', script], {
    env: { ...process.env, VD_PASSWORD: TEST_PASSWORD, VD_SUDOERS: SUDOERS_RULE },
  })
}

/**
 * A second test account whose login shell is `shell` (e.g. fish), with TEST_PASSWORD; kept for
 * later runs like vdtest. Fails when the shell is not installed (scripts/testbed.sh installs it).
 */
export async function ensureShellAccount(user: string, shell: string): Promise<void> {
  const script = `
set -e
test -x "$VD_SHELL" || { echo "$VD_SHELL is not installed (scripts/testbed.sh installs it)" >&2; exit 1; }
grep -qx "$VD_SHELL" /etc/shells || echo "$VD_SHELL" >> /etc/shells
id -u "$VD_USER" >/dev/null 2>&1 || useradd -m -s "$VD_SHELL" "$VD_USER"
usermod -s "$VD_SHELL" "$VD_USER"
printf '%s:%s\\n' "$VD_USER" "$VD_PASSWORD" | chpasswd
`
  await run('flock', ['/run/lock/virtdeck-test-account.lock', 'sh', '-c', script], {
    env: { ...process.env, VD_USER: user, VD_SHELL: shell, VD_PASSWORD: TEST_PASSWORD },
  })
}

export async function startSshd(
  options: {
    hostKeyType?: HostKeyType
    /** Other accounts allowed to log in (made with ensureShellAccount). */
    extraUsers?: readonly string[]
    /** sshd_config lines added at the end, e.g. `HostKeyAlgorithms ssh-rsa`. */
    extraConfig?: readonly string[]
  } = {},
): Promise<TestSshd> {
  if (process.getuid?.() !== 0) throw new Error('startSshd needs root (sshd must switch to the test user)')
  const keyType = options.hostKeyType ?? 'ed25519'
  await ensureTestAccount()
  // Privilege separation needs this directory; on a machine where sshd never ran it is missing.
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 })

  const dir = await mkdtemp(join(tmpdir(), 'virtdeck-sshd-'))
  // sshd reads AuthorizedKeysFile as the user: the dir must be traversable.
  await chmod(dir, 0o755)
  const hostKeyPath = join(dir, 'host_key')
  const keyPath = join(dir, 'user_ed25519')
  const encryptedKeyPath = join(dir, 'user_ed25519_encrypted')
  await generateHostKey(hostKeyPath, keyType)
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'virtdeck-test', '-f', keyPath])
  await run('ssh-keygen', [
    '-q',
    '-t',
    'ed25519',
    '-N',
    KEY_PASSPHRASE,
    '-C',
    'virtdeck-test-encrypted',
    '-f',
    encryptedKeyPath,
  ])
  const authorized =
    (await readFile(`${keyPath}.pub`, 'utf8')) + (await readFile(`${encryptedKeyPath}.pub`, 'utf8'))
  await writeFile(join(dir, 'authorized_keys'), authorized, { mode: 0o644 })

  const port = await freePort()
  const configPath = join(dir, 'sshd_config')
  await writeFile(
    configPath,
    [
      'ListenAddress 127.0.0.1',
      `Port ${port}`,
      `HostKey ${hostKeyPath}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'StrictModes no',
      'UsePAM yes',
      'PasswordAuthentication yes',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PermitRootLogin no',
      `AllowUsers ${[TEST_USER, ...(options.extraUsers ?? [])].join(' ')}`,
      'Subsystem sftp internal-sftp',
      'UseDNS no',
      'PrintMotd no',
      'MaxSessions 10',
      'MaxStartups 50:30:100',
      'LogLevel VERBOSE',
      ...(options.extraConfig ?? []),
      '',
    ].join('\n'),
  )
  await run('/usr/sbin/sshd', ['-t', '-f', configPath])

  let output = ''
  let child: ChildProcess | undefined
  let fingerprint = ''
  let blobType = ''

  const readKey = async (): Promise<void> => {
    const { stdout } = await run('ssh-keygen', ['-lf', `${hostKeyPath}.pub`])
    const found = /(SHA256:\S+)/.exec(stdout)
    if (found?.[1] === undefined) throw new Error(`ssh-keygen -lf printed no fingerprint: ${stdout}`)
    fingerprint = found[1]
    blobType = (await readFile(`${hostKeyPath}.pub`, 'utf8')).split(' ')[0] ?? ''
  }

  const start = async (): Promise<void> => {
    const proc = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', configPath], {
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    child = proc
    proc.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8')
    })
    let exited = false
    proc.once('exit', () => {
      exited = true
    })
    const deadline = Date.now() + 10_000
    for (;;) {
      if (exited) throw new Error(`sshd exited at start:\n${output}`)
      if (await answersSsh(port)) return
      if (Date.now() > deadline)
        throw new Error(`sshd did not listen on port ${port} within 10 s:\n${output}`)
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  }

  // Connections outlive a restart of the listener (as with a real sshd): remember their processes.
  const orphans = new Set<number>()

  const stopListener = async (): Promise<void> => {
    const proc = child
    child = undefined
    if (proc === undefined || proc.exitCode !== null || proc.signalCode !== null) return
    if (proc.pid !== undefined) for (const pid of await childrenOf(proc.pid)) orphans.add(pid)
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve())
      proc.kill('SIGTERM')
    })
  }

  /**
   * Each connection's sshd calls setsid(), so its processes (monitor and user child) share a
   * process group named after the first one: killing the group also gets a child forked while we
   * look, which a walk of the process tree would miss. Commands it ran have their own sessions:
   * those are killed through the tree first.
   */
  const killConnections = async (): Promise<void> => {
    const tree = await processTree()
    const roots: number[] = []
    const pid = child?.pid
    if (pid !== undefined) roots.push(...(tree.get(pid) ?? []))
    for (const orphan of orphans) {
      orphans.delete(orphan)
      // Only if that pid is still an sshd (pids get reused).
      const comm = await readFile(`/proc/${orphan}/comm`, 'utf8').catch(() => '')
      if (comm.trim() === 'sshd') roots.push(orphan)
    }
    for (const root of roots) {
      for (const victim of [...descendantsIn(tree, root), root]) signal(victim, 'SIGKILL')
      signal(-root, 'SIGKILL')
    }
  }

  await readKey()
  await start()

  return {
    port,
    get hostKeyFingerprint() {
      return fingerprint
    },
    get hostKeyType() {
      return blobType
    },
    user: TEST_USER,
    password: TEST_PASSWORD,
    keyPath,
    encryptedKeyPath,
    passphrase: KEY_PASSPHRASE,
    dir,
    async restart(restartOptions = {}) {
      await stopListener()
      if (restartOptions.newHostKey === true) {
        await rm(hostKeyPath, { force: true })
        await rm(`${hostKeyPath}.pub`, { force: true })
        await generateHostKey(hostKeyPath, keyType)
        await readKey()
      }
      await start()
    },
    killConnections,
    async down() {
      await stopListener()
      await killConnections()
    },
    up: start,
    log: () => output,
    async stop() {
      // Listener first: a client that reconnects quickly must find nobody listening.
      await stopListener()
      await killConnections()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

async function generateHostKey(path: string, type: HostKeyType): Promise<void> {
  const args = type === 'rsa' ? ['-b', '3072'] : []
  await run('ssh-keygen', ['-q', '-t', type, ...args, '-N', '', '-C', 'virtdeck-test-host', '-f', path])
}

/** A TCP port on 127.0.0.1 that nothing listens on (bound once by the OS, then closed). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port)
        else reject(new Error('no port'))
      })
    })
  })
}

/** True once something on the port greets like an SSH server. */
function answersSsh(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    const done = (ok: boolean): void => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(1000, () => done(false))
    socket.once('error', () => done(false))
    socket.once('data', (data: Buffer) => done(data.toString('latin1').startsWith('SSH-')))
  })
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name)
  } catch {
    // Already gone.
  }
}

async function childrenOf(pid: number): Promise<number[]> {
  return (await processTree()).get(pid) ?? []
}

/** All processes below `pid`, deepest first. */
function descendantsIn(tree: Map<number, number[]>, pid: number): number[] {
  const result: number[] = []
  const walk = (p: number): void => {
    for (const child of tree.get(p) ?? []) {
      walk(child)
      result.push(child)
    }
  }
  walk(pid)
  return result
}

/** Parent pid → child pids, read from /proc. */
async function processTree(): Promise<Map<number, number[]>> {
  const parents = new Map<number, number[]>()
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8')
      // Field 4 is the parent; the command (field 2) may contain spaces, so read after its ')'.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      const ppid = Number(rest[1])
      const children = parents.get(ppid) ?? []
      children.push(Number(entry))
      parents.set(ppid, children)
    } catch {
      // The process ended while we looked.
    }
  }
  return parents
}

/** Starts `ssh-agent -a SOCKET -D` and adds the key; returns the socket and a stop function. */
export async function startSshAgent(keyPath: string): Promise<{ socket: string; stop(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'virtdeck-agent-'))
  const socket = join(dir, 'agent.sock')
  const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: ['ignore', 'ignore', 'pipe'] })
  let output = ''
  agent.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8')
  })
  const deadline = Date.now() + 5000
  for (;;) {
    try {
      await run('ssh-add', ['-l'], { env: { ...process.env, SSH_AUTH_SOCK: socket } })
      break
    } catch (error) {
      // Exit 1 means "no identities": the agent answers. Exit 2: not reachable yet.
      if ((error as { code?: unknown }).code === 1) break
      if (Date.now() > deadline) throw new Error(`ssh-agent did not start: ${output}`)
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  }
  // ssh-add insists on private keys no one else can read; copy it in case the original is broader.
  const copy = join(dir, 'key')
  await copyFile(keyPath, copy)
  await chmod(copy, 0o600)
  await run('ssh-add', [copy], { env: { ...process.env, SSH_AUTH_SOCK: socket } })
  return {
    socket,
    async stop() {
      if (agent.exitCode === null && agent.signalCode === null) {
        await new Promise<void>((resolve) => {
          agent.once('exit', () => resolve())
          agent.kill('SIGTERM')
        })
      }
      await rm(dir, { recursive: true, force: true })
    },
  }
}
