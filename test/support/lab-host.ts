import type { Duplex } from 'node:stream'
import type {
  ChannelOptions,
  ExecOptions,
  ExecResult,
  Host,
  HostProcess,
  PrivilegedOptions,
  SpawnOptions,
} from '../../src/main/host/host.js'
import { LocalHost } from '../../src/main/host/local-host.js'
import type { HostConnectionState } from '@shared/hosts.js'
import type { TempRootHost } from './temp-root-host.js'

/**
 * A LAB host for tests of changes that touch files AND VMs: its files (and every privileged
 * command) are a TempRootHost's temp root, while `virsh` — with the temp files it defines from —
 * runs on this machine for real, against the real libvirtd. So one plan can write "/etc" safely
 * and redefine a real VM.
 */
export class LabHost implements Host {
  readonly kind = 'local' as const
  private readonly real: LocalHost
  /** Paths `mktemp` made on the real machine (libvirt's define files). */
  private readonly realTemp = new Set<string>()

  constructor(readonly files: TempRootHost) {
    this.real = new LocalHost({ id: files.id })
  }

  get id(): string {
    return this.files.id
  }

  async exec(file: string, args: readonly string[], options?: ExecOptions): Promise<ExecResult> {
    if (file === 'mktemp') {
      const result = await this.real.exec(file, args, options)
      this.realTemp.add(result.stdout.trim())
      return result
    }
    if (file === 'virsh' || (file === 'rm' && this.realTemp.has(args.at(-1) ?? '')))
      return this.real.exec(file, args, options)
    return this.files.exec(file, args, options)
  }

  async spawn(file: string, args: readonly string[], options?: SpawnOptions): Promise<HostProcess> {
    return file === 'virsh' ? this.real.spawn(file, args, options) : this.files.spawn(file, args, options)
  }

  async readFile(path: string): Promise<Buffer> {
    return this.realTemp.has(path) ? this.real.readFile(path) : this.files.readFile(path)
  }

  async writeFile(path: string, data: string | Buffer, options?: { mode?: number }): Promise<void> {
    return this.realTemp.has(path)
      ? this.real.writeFile(path, data, options)
      : this.files.writeFile(path, data, options)
  }

  async privileged(file: string, args: readonly string[], options: PrivilegedOptions): Promise<ExecResult> {
    return this.files.privileged(file, args, options)
  }

  openSocket(path: string, options?: ChannelOptions): Promise<Duplex> {
    return this.real.openSocket(path, options)
  }

  openTcp(host: string, port: number, options?: ChannelOptions): Promise<Duplex> {
    return this.real.openTcp(host, port, options)
  }

  state(): HostConnectionState {
    return this.files.state()
  }

  onStateChange(): () => void {
    return this.files.onStateChange()
  }

  async close(): Promise<void> {
    await this.real.close()
    await this.files.close()
  }
}
