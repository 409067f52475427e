/**
 * The real dockerd of the testbed (scripts/testbed.sh starts it and imports the offline image
 * virtdeck-test/busybox:latest from busybox-static). Tests fail — never skip — when it is missing.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { promisify } from 'node:util'

const run = promisify(execFile)

export const TEST_IMAGE = 'virtdeck-test/busybox:latest'
/** Every container and object a test makes carries this label, so a cleanup finds leftovers. */
export const TEST_LABEL = 'virtdeck-test'

export function uniqueDockerName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`
}

/** `docker ARGS` (the CLI: "outside the app"); rejects with its stderr. */
export async function dockerCli(args: readonly string[], timeoutMs = 60_000): Promise<string> {
  try {
    const { stdout } = await run('docker', [...args], { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 })
    return stdout
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? ''
    throw new Error(`docker ${args.join(' ')} failed: ${stderr || String(error)}`)
  }
}

/** Fails with what to do when dockerd does not answer or the test image is missing. */
export async function requireDocker(): Promise<void> {
  try {
    await dockerCli(['info', '--format', '{{.ServerVersion}}'], 20_000)
  } catch (error) {
    throw new Error(
      `dockerd does not answer; run \`bash scripts/testbed.sh start\` as root. ${String(error)}`,
    )
  }
  try {
    await dockerCli(['image', 'inspect', TEST_IMAGE], 20_000)
  } catch {
    throw new Error(
      `The offline test image ${TEST_IMAGE} is missing; run \`bash scripts/testbed.sh start\` as root.`,
    )
  }
}

/** Removes containers by name (force), ignoring those already gone. */
export async function removeContainers(names: readonly string[]): Promise<void> {
  if (names.length === 0) return
  await run('docker', ['rm', '-f', ...names]).catch(() => undefined)
}

/**
 * A lock that tests restarting dockerd (serial tests) take exclusively and the others share, so a
 * restart never happens under a test on this machine where several suites run at once.
 */
export async function lockDockerd(
  mode: 'shared' | 'exclusive',
  timeoutMs = 120_000,
): Promise<() => Promise<void>> {
  const child: ChildProcess = spawn(
    'flock',
    [
      mode === 'shared' ? '--shared' : '--exclusive',
      '--timeout',
      String(Math.ceil(timeoutMs / 1000)),
      '/run/lock/virtdeck-dockerd.lock',
      'sh',
      '-c',
      'echo locked; exec cat',
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  )
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve())
    child.once('exit', (code) =>
      reject(new Error(`flock exited (${String(code)}) before taking the dockerd lock`)),
    )
  })
  return async () => {
    child.stdin?.end()
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) resolve()
      else child.once('exit', () => resolve())
    })
  }
}
