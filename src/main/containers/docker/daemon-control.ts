import { AppError } from '@shared/errors.js'
import type { Host } from '../../host/host.js'

export const DOCKER_PIDFILE = '/var/run/docker.pid'

/** How the daemon is (re)started on a host: its service manager, or as it was started by hand. */
export type DaemonControl =
  | { kind: 'systemd' }
  | { kind: 'sysv' }
  /** No service manager runs it: dockerd started by hand (or a script); restarted with its own command line. */
  | { kind: 'respawn'; pid: number; argv: string[] }
  | { kind: 'none' }

async function succeeds(host: Host, file: string, args: string[]): Promise<boolean> {
  return (await host.exec(file, args).catch(() => ({ code: 1 }))).code === 0
}

export async function detectDaemonControl(host: Host): Promise<DaemonControl> {
  if (await succeeds(host, 'test', ['-d', '/run/systemd/system'])) return { kind: 'systemd' }
  const pid = Number(
    (await host.readFile(DOCKER_PIDFILE).catch(() => Buffer.from(''))).toString('utf8').trim(),
  )
  if (Number.isInteger(pid) && pid > 0) {
    const cmdline = await host.readFile(`/proc/${pid}/cmdline`).catch(() => undefined)
    const argv = (cmdline?.toString('utf8') ?? '').split('\0').filter((a) => a !== '')
    if (argv[0] !== undefined && /(^|\/)dockerd$/.test(argv[0])) return { kind: 'respawn', pid, argv }
  }
  if (await succeeds(host, 'test', ['-x', '/etc/init.d/docker'])) return { kind: 'sysv' }
  return { kind: 'none' }
}

/** The commands a restart runs, to show before running them. */
export function restartCommands(control: DaemonControl): string[][] {
  switch (control.kind) {
    case 'systemd':
      return [['systemctl', 'restart', 'docker']]
    case 'sysv':
      return [['service', 'docker', 'restart']]
    case 'respawn':
      return [['kill', '-TERM', String(control.pid)], control.argv]
    case 'none':
      return [['systemctl', 'start', 'docker']]
  }
}

/**
 * Starts dockerd detached with an argument vector: the arguments travel as the shell's positional
 * parameters ("$@"), never inside the script text.
 */
const DETACHED = 'exec setsid -f "$@" >>/var/log/dockerd.log 2>&1 </dev/null'

async function waitGone(host: Host, pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (!(await succeeds(host, 'test', ['-d', `/proc/${pid}`]))) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new AppError('TIMEOUT', `dockerd (pid ${pid}) did not stop within ${timeoutMs / 1000} s`)
}

async function must(host: Host, argv: readonly string[], reason: string, timeoutMs = 120_000): Promise<void> {
  const [file, ...args] = argv
  if (file === undefined) return
  const result = await host.privileged(file, args, { reason, timeoutMs })
  if (result.code !== 0)
    throw new AppError('COMMAND_FAILED', `\`${argv.join(' ')}\` failed (exit ${String(result.code)})`, {
      detail: (result.stderr || result.stdout).trim(),
    })
}

/** Restarts (or starts) the Docker daemon through privileged(), the way this host runs it. */
export async function restartDaemon(host: Host, control: DaemonControl, reason: string): Promise<void> {
  switch (control.kind) {
    case 'systemd':
    case 'sysv':
    case 'none':
      for (const command of restartCommands(control)) await must(host, command, reason)
      return
    case 'respawn':
      await must(host, ['kill', '-TERM', String(control.pid)], reason)
      await waitGone(host, control.pid, 30_000)
      await must(host, ['sh', '-c', DETACHED, 'sh', ...control.argv], reason)
      return
  }
}

/**
 * Starts a daemon that is not running: its service (systemd, else the init script); where there is
 * no service manager, or the init script fails (containers without systemd), `dockerd` detached.
 */
export async function startDaemon(
  host: Host,
  reason: string,
  ping: () => Promise<unknown>,
): Promise<string[]> {
  // Never a second daemon.
  if (
    await ping().then(
      () => true,
      () => false,
    )
  )
    return []
  const control = await detectDaemonControl(host)
  if (control.kind === 'systemd') {
    await must(host, ['systemctl', 'start', 'docker'], reason)
    await waitForDaemon(ping)
    return ['systemctl', 'start', 'docker']
  }
  if (control.kind === 'sysv') {
    await host.privileged('service', ['docker', 'start'], { reason, timeoutMs: 120_000 })
    const answered = await waitForDaemon(ping, 15_000).then(
      () => true,
      () => false,
    )
    if (answered) return ['service', 'docker', 'start']
  }
  await must(host, ['sh', '-c', DETACHED, 'sh', 'dockerd'], reason)
  await waitForDaemon(ping)
  return ['dockerd']
}

/** Waits until `ping` answers (the daemon accepts API calls again). */
export async function waitForDaemon(ping: () => Promise<unknown>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      await ping()
      return
    } catch (error) {
      if (Date.now() > deadline)
        throw new AppError(
          'TIMEOUT',
          `Docker did not answer within ${timeoutMs / 1000} s after the restart`,
          {
            cause: error,
          },
        )
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
}
