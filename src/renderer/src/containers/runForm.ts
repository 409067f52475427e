import type { CreateContainerSpec, RESTART_POLICIES } from '@shared/containers.js'
import { DOCKER_NAME_PATTERN } from '@shared/containers.js'

/** The Run container form as typed: plain strings, read into a spec (or field errors in the user's words). */
export interface RunFormValues {
  image: string
  name: string
  keepAlive: boolean
  /** One argument per line (no shell). */
  command: string
  /** `8080:80`, `5353:53/udp`, `80` (any free host port), comma or newline separated. */
  ports: string
  /** `NAME=value`, one per line. */
  env: string
  restart: (typeof RESTART_POLICIES)[number]
}

export type RunFormErrors = Partial<Record<keyof RunFormValues, string>>

function port(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined
  const n = Number(text)
  return n <= 65535 ? n : undefined
}

export function parsePorts(
  text: string,
): { ports: NonNullable<CreateContainerSpec['ports']> } | { error: string } {
  const ports: NonNullable<CreateContainerSpec['ports']> = []
  for (const item of text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    const match = /^(?:(\d+):)?(\d+)(?:\/(tcp|udp))?$/i.exec(item)
    const hostPort = match?.[1] === undefined ? 0 : port(match[1])
    const containerPort = match?.[2] === undefined ? undefined : port(match[2])
    if (match === null || hostPort === undefined || containerPort === undefined || containerPort === 0)
      return {
        error: `“${item}” is not a port mapping: write HOST:CONTAINER (8080:80), add /udp for UDP; ports are 1–65535.`,
      }
    ports.push({ hostPort, containerPort, protocol: (match[3]?.toLowerCase() ?? 'tcp') as 'tcp' | 'udp' })
  }
  return { ports }
}

export function parseEnv(text: string): { env: { name: string; value: string }[] } | { error: string } {
  const env: { name: string; value: string }[] = []
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue
    const eq = line.indexOf('=')
    const name = eq < 0 ? line : line.slice(0, eq)
    if (eq <= 0 || name.trim() !== name || name.includes('\0'))
      return { error: `Line ${index + 1}: write NAME=value (the name without spaces or =).` }
    env.push({ name, value: line.slice(eq + 1) })
  }
  return { env }
}

/** The spec to send, or the errors to show beside the fields. */
export function readRunForm(v: RunFormValues): { spec: CreateContainerSpec } | { errors: RunFormErrors } {
  const errors: RunFormErrors = {}
  const image = v.image.trim()
  if (image === '') errors.image = 'Choose an image (import one from a tar file if the list is empty).'
  else if ([...image].some((c) => c.charCodeAt(0) < 0x20 || c === ' '))
    errors.image = 'An image reference has no spaces or control characters.'
  const name = v.name.trim()
  if (name !== '' && !DOCKER_NAME_PATTERN.test(name))
    errors.name = 'Letters, digits, _ . - only, starting with a letter or digit (at most 128).'
  const ports = parsePorts(v.ports)
  if ('error' in ports) errors.ports = ports.error
  const env = parseEnv(v.env)
  if ('error' in env) errors.env = env.error
  const command = v.command.split('\n').filter((l) => l !== '')
  if (v.keepAlive && command.length > 0)
    errors.command = 'The keep-alive option replaces the command: leave one of them empty.'
  if (Object.keys(errors).length > 0 || 'error' in ports || 'error' in env) return { errors }
  return {
    spec: {
      image,
      ...(name === '' ? {} : { name }),
      keepAlive: v.keepAlive,
      ...(command.length > 0 ? { command } : {}),
      ports: ports.ports,
      env: env.env,
      restart: v.restart,
    },
  }
}
