import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ExecOptions, ExecResult, Host, HostProcess } from '../../src/main/host/host.js'
import type { HostConnectionState } from '@shared/hosts.js'
import { AppError } from '@shared/errors.js'

/**
 * The file name a recorded command is stored under in a fixture tree's `commands/` folder: the
 * command line joined with spaces, every character other than letters, digits, space and
 * `. _ , = + @ : -` replaced by `_`. `virsh -c qemu:///system domcapabilities` is stored as
 * `commands/virsh -c qemu:___system domcapabilities.txt`.
 */
export function recordingName(file: string, args: readonly string[]): string {
  const base = file.includes('/') ? file.slice(file.lastIndexOf('/') + 1) : file
  return [base, ...args].join(' ').replace(/[^A-Za-z0-9 ._,=+@:-]/g, '_')
}

/**
 * FAKE HOST backed by a fixture folder — not a real machine. A folder standing for `/`:
 * - `readFile('/proc/cpuinfo')` reads `<tree>/proc/cpuinfo`; a missing file rejects with NOT_FOUND.
 * - `exec(file, args)` answers from a recording in `<tree>/commands/`: the longest match of
 *   `recordingName(file, args)`, then with the last arguments dropped one by one, down to the bare
 *   command (`lscpu.txt` answers `lscpu` with any arguments). Beside `<name>.txt` (stdout):
 *   `<name>.stderr` and `<name>.code` (exit code, default 0; `TIMEOUT` makes exec reject with TIMEOUT).
 *   Without a recording exec rejects with COMMAND_NOT_FOUND, as a host without that program would.
 * - `ls -1A -- DIR` with no recording of its own lists `<tree>/DIR`, like `ls` would.
 * Nothing is ever written; `spawn`, `writeFile` and `privileged` reject with UNSUPPORTED.
 */
export class FixtureHost implements Host {
  readonly kind = 'local' as const
  /** Every command asked for, in order, e.g. `qemu-system-x86_64 -accel kvm …`. */
  readonly calls: string[] = []

  constructor(
    readonly root: string,
    readonly id: string = `fixture:${root.split(sep).at(-1) ?? root}`,
  ) {
    if (!existsSync(root)) throw new Error(`No fixture tree at ${root}`)
  }

  private inTree(path: string): string {
    const full = resolve(this.root, `.${path.startsWith('/') ? path : `/${path}`}`)
    if (full !== this.root && !full.startsWith(this.root + sep))
      throw new AppError('INVALID_INPUT', `${path} is outside the fixture tree`)
    return full
  }

  async readFile(path: string): Promise<Buffer> {
    const full = this.inTree(path)
    if (!existsSync(full)) throw new AppError('NOT_FOUND', `${path}: No such file or directory`)
    if (statSync(full).isDirectory()) throw new AppError('INVALID_INPUT', `${path}: Is a directory`)
    return readFileSync(full)
  }

  async exec(file: string, args: readonly string[], _options?: ExecOptions): Promise<ExecResult> {
    this.calls.push([file, ...args].join(' '))
    const exact = this.recording(recordingName(file, args))
    if (exact !== undefined) return exact
    if (file === 'ls' && args.length === 3 && args[0] === '-1A' && args[1] === '--')
      return this.list(args[2] ?? '/')
    for (let count = args.length - 1; count >= 0; count -= 1) {
      const answer = this.recording(recordingName(file, args.slice(0, count)))
      if (answer !== undefined) return answer
    }
    throw new AppError(
      'COMMAND_NOT_FOUND',
      `${file}: command not found (no recording in ${join(this.root, 'commands')})`,
    )
  }

  private recording(name: string): ExecResult | undefined {
    const base = join(this.root, 'commands', name)
    if (!existsSync(`${base}.txt`)) return undefined
    const codeText = existsSync(`${base}.code`) ? readFileSync(`${base}.code`, 'utf8').trim() : '0'
    if (codeText === 'TIMEOUT')
      throw new AppError('TIMEOUT', `${name} did not finish in time (recorded timeout)`)
    return {
      stdout: readFileSync(`${base}.txt`, 'utf8'),
      stderr: existsSync(`${base}.stderr`) ? readFileSync(`${base}.stderr`, 'utf8') : '',
      code: Number(codeText),
    }
  }

  private list(dir: string): ExecResult {
    const full = this.inTree(dir)
    if (!existsSync(full))
      return { stdout: '', stderr: `ls: cannot access '${dir}': No such file or directory\n`, code: 2 }
    if (!statSync(full).isDirectory()) return { stdout: `${dir}\n`, stderr: '', code: 0 }
    const names = readdirSync(full).sort()
    return { stdout: names.map((name) => `${name}\n`).join(''), stderr: '', code: 0 }
  }

  spawn(): Promise<HostProcess> {
    return Promise.reject(new AppError('UNSUPPORTED', 'A fixture host cannot start processes'))
  }

  writeFile(): Promise<void> {
    return Promise.reject(new AppError('UNSUPPORTED', 'A fixture host is read-only'))
  }

  privileged(): Promise<ExecResult> {
    return Promise.reject(new AppError('UNSUPPORTED', 'A fixture host cannot run privileged commands'))
  }

  openSocket(): Promise<never> {
    return Promise.reject(new AppError('UNSUPPORTED', 'A fixture host has no sockets'))
  }

  openTcp(): Promise<never> {
    return Promise.reject(new AppError('UNSUPPORTED', 'A fixture host has no network'))
  }

  state(): HostConnectionState {
    return { status: 'connected' }
  }

  onStateChange(): () => void {
    return () => {}
  }

  async close(): Promise<void> {}
}

/** The fixture tree `test/fixtures/host-trees/<name>`. */
export function hostTree(name: string): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'host-trees', name)
}
