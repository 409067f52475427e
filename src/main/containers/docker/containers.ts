import type Docker from 'dockerode'
import type {
  ContainerDetails,
  ContainerState,
  ContainerSummary,
  CreateContainerSpec,
  DockerAction,
  PortBinding,
} from '@shared/containers.js'
import { KEEP_ALIVE_COMMAND, createContainerSpec } from '@shared/containers.js'
import { AppError } from '@shared/errors.js'
import { dockerError, isNotModified } from './client.js'

const STATES: readonly ContainerState[] = [
  'created',
  'running',
  'paused',
  'restarting',
  'removing',
  'exited',
  'dead',
]

export function toState(value: string | undefined): ContainerState {
  const lower = (value ?? '').toLowerCase()
  return (STATES as readonly string[]).includes(lower) ? (lower as ContainerState) : 'dead'
}

/** One entry of GET /containers/json as the app shows it. */
export function toSummary(info: Docker.ContainerInfo): ContainerSummary {
  const ports: PortBinding[] = (info.Ports ?? []).map((p) => ({
    containerPort: p.PrivatePort,
    protocol: p.Type,
    ...(p.IP === undefined || p.IP === '' ? {} : { hostIp: p.IP }),
    ...(p.PublicPort === undefined ? {} : { hostPort: p.PublicPort }),
  }))
  const name = (info.Names?.[0] ?? info.Id.slice(0, 12)).replace(/^\//, '')
  return {
    id: info.Id,
    name,
    image: info.Image,
    state: toState(info.State),
    status: info.Status,
    ports,
    created: info.Created * 1000,
    command: info.Command,
  }
}

/** Every container (running or not): one API call. */
export async function listContainers(docker: Docker): Promise<ContainerSummary[]> {
  try {
    return (await docker.listContainers({ all: true })).map(toSummary)
  } catch (error) {
    throw dockerError(error, 'list the containers')
  }
}

/** One container's summary by id or name; undefined when it is gone. */
export async function findContainer(docker: Docker, id: string): Promise<ContainerSummary | undefined> {
  const found = await docker.listContainers({ all: true, filters: { id: [id] } })
  const hit =
    found[0] ?? (await docker.listContainers({ all: true, filters: { name: [`^/${escapeRegex(id)}$`] } }))[0]
  return hit === undefined ? undefined : toSummary(hit)
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** start / stop / restart / pause / unpause / kill / remove. "Already in that state" (304) is success. */
export async function containerAction(
  docker: Docker,
  id: string,
  action: DockerAction,
  options: { force?: boolean; timeoutSec?: number } = {},
): Promise<void> {
  const t = options.timeoutSec ?? 10
  const container = docker.getContainer(id)
  try {
    switch (action) {
      case 'start':
        await container.start()
        return
      case 'stop':
        await container.stop({ t })
        return
      case 'restart':
        await container.restart({ t })
        return
      case 'pause':
        await container.pause()
        return
      case 'unpause':
        await container.unpause()
        return
      case 'kill':
        await container.kill()
        return
      case 'remove':
        await container.remove({ force: options.force === true, v: false })
        return
    }
  } catch (error) {
    if (isNotModified(error)) return
    throw dockerError(error, `${action} container ${id}`)
  }
}

function splitEnv(entry: string): { name: string; value: string } {
  const at = entry.indexOf('=')
  return at < 0 ? { name: entry, value: '' } : { name: entry.slice(0, at), value: entry.slice(at + 1) }
}

/** Env, mounts, networks, ports, restart policy from GET /containers/{id}/json. */
export async function inspectContainer(docker: Docker, id: string): Promise<ContainerDetails> {
  let info: Docker.ContainerInspectInfo
  try {
    info = await docker.getContainer(id).inspect()
  } catch (error) {
    throw dockerError(error, `inspect container ${id}`)
  }
  const ports: PortBinding[] = []
  for (const [key, bindings] of Object.entries(info.NetworkSettings.Ports ?? {})) {
    const [port, protocol] = key.split('/')
    for (const b of bindings ?? [{ HostIp: '', HostPort: '' }]) {
      ports.push({
        containerPort: Number(port),
        protocol: protocol ?? 'tcp',
        ...(b.HostIp === '' ? {} : { hostIp: b.HostIp }),
        ...(b.HostPort === '' ? {} : { hostPort: Number(b.HostPort) }),
      })
    }
  }
  return {
    id: info.Id,
    name: info.Name.replace(/^\//, ''),
    image: info.Config.Image,
    state: toState(info.State.Status),
    created: Date.parse(info.Created),
    ...(info.State.StartedAt.startsWith('0001') ? {} : { startedAt: info.State.StartedAt }),
    command: [
      ...(info.Config.Entrypoint === null ? [] : toArray(info.Config.Entrypoint)),
      ...toArray(info.Config.Cmd),
    ],
    env: (info.Config.Env ?? []).map(splitEnv),
    mounts: info.Mounts.map((m) => ({
      type: m.Type,
      source: m.Name ?? m.Source,
      destination: m.Destination,
      readOnly: !m.RW,
    })),
    networks: Object.entries(info.NetworkSettings.Networks).map(([name, n]) => ({
      name,
      ipAddress: n.IPAddress,
      gateway: n.Gateway,
      macAddress: n.MacAddress,
    })),
    ports,
    restartPolicy: info.HostConfig.RestartPolicy?.Name ?? 'no',
    ...(info.State.Running ? {} : { exitCode: info.State.ExitCode }),
    ...(info.State.Error === '' ? {} : { error: info.State.Error }),
  }
}

function toArray(value: string | string[] | null | undefined): string[] {
  if (value === null || value === undefined) return []
  return typeof value === 'string' ? [value] : value
}

/** The body of POST /containers/create for a spec: argument arrays only, nothing goes through a shell. */
export function createOptions(input: CreateContainerSpec): Docker.ContainerCreateOptions {
  const spec = createContainerSpec.parse(input)
  const exposed: Record<string, Record<string, never>> = {}
  const bindings: Record<string, { HostIp?: string; HostPort: string }[]> = {}
  for (const p of spec.ports) {
    const key = `${p.containerPort}/${p.protocol}`
    exposed[key] = {}
    ;(bindings[key] ??= []).push({
      HostPort: p.hostPort === 0 ? '' : String(p.hostPort),
      ...(p.hostIp === undefined ? {} : { HostIp: p.hostIp }),
    })
  }
  const command = spec.keepAlive ? [...KEEP_ALIVE_COMMAND] : spec.command
  return {
    Image: spec.image,
    ...(spec.name === undefined ? {} : { name: spec.name }),
    ...(command === undefined ? {} : { Cmd: command }),
    Env: spec.env.map((e) => `${e.name}=${e.value}`),
    ExposedPorts: exposed,
    HostConfig: {
      PortBindings: bindings,
      Mounts: spec.volumes.map((v) => ({
        Type: v.source.startsWith('/') ? ('bind' as const) : ('volume' as const),
        Source: v.source,
        Target: v.target,
        ReadOnly: v.readOnly,
      })),
      RestartPolicy: { Name: spec.restart === 'no' ? '' : spec.restart },
    },
  }
}

/** Creates (and by default starts) a container; returns its id. */
export async function createContainer(docker: Docker, input: CreateContainerSpec): Promise<string> {
  const options = createOptions(input)
  const start = input.start ?? true
  let id: string
  try {
    id = (await docker.createContainer(options)).id
  } catch (error) {
    throw dockerError(error, `create a container from ${options.Image ?? 'the image'}`)
  }
  if (start) {
    try {
      await docker.getContainer(id).start()
    } catch (error) {
      // The container exists (created, not running): say which, so the caller can retry the start.
      const failure = dockerError(error, `start the new container ${options.name ?? id.slice(0, 12)}`)
      throw new AppError(failure.code, failure.message, {
        ...(failure.detail === undefined ? {} : { detail: failure.detail }),
        data: { containerId: id },
        cause: error,
      })
    }
  }
  return id
}
