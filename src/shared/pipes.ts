import { z } from 'zod'
import type { Pipe } from './pipe-protocol.js'
import { containerInput, lxcInput } from './containers.js'
import { vmInput } from './vms.js'

/**
 * Pipes: duplex byte channels between the renderer and main, for consoles (serial, VNC; later
 * `docker exec`, `lxc attach`). One design for every kind: the renderer opens a pipe by kind and
 * arguments, main validates them (the schemas below), runs the kind's opener and carries bytes both
 * ways until either side closes. Control messages (resize) travel beside the bytes.
 *
 * Transports: a MessagePort in Electron, a WebSocket on the harness's own origin and token in the
 * browser. Nothing listens on a new port.
 */

/** Each kind's arguments, validated in main before anything is opened. */
export const PIPE_ARGS = {
  /** The serial (text) console of a running VM: `virsh console` through a pseudo-terminal. */
  'vm.serial': vmInput,
  /** The VNC display of a running VM: main connects to its port or socket and carries the bytes. */
  'vm.vnc': vmInput,
  /** A command with a TTY in a running Docker container (a shell by default), resized with the page. */
  'docker.exec': containerInput.extend({
    command: z.array(z.string().max(4096)).min(1).max(64).default(['/bin/sh']),
    cols: z.int().min(1).max(1000).default(80),
    rows: z.int().min(1).max(1000).default(24),
  }),
  /** `lxc-attach` into a running LXC container, in a pseudo-terminal on its host. */
  'lxc.attach': lxcInput,
} as const

export type PipeKind = keyof typeof PIPE_ARGS
export const PIPE_KINDS = Object.keys(PIPE_ARGS) as PipeKind[]
export type PipeArgs<K extends PipeKind> = z.input<(typeof PIPE_ARGS)[K]>

/** What main says about a pipe once it is open (per kind). */
export interface PipeInfos {
  'vm.serial': { where: string }
  'docker.exec': { command: string }
  'lxc.attach': { name: string }
  'vm.vnc': {
    where: string
    /** The definition sets a VNC password (its value never leaves main). */
    passwordSet: boolean
    /** How main reached the display, for the status line: "127.0.0.1:5900" or a socket path. */
    endpoint: string
  }
}
export type PipeInfo<K extends PipeKind> = PipeInfos[K]

/** Out-of-band messages from the renderer: a terminal's size (ignored by kinds without one). */
export const pipeControl = z.discriminatedUnion('type', [
  z
    .object({ type: z.literal('resize'), cols: z.int().min(1).max(1000), rows: z.int().min(1).max(1000) })
    .strict(),
])
export type PipeControl = z.infer<typeof pipeControl>

export interface PipeApi {
  openPipe<K extends PipeKind>(kind: K, args: PipeArgs<K>): Pipe<K>
}

export type { Pipe, PipeClientFrame, PipeServerFrame } from './pipe-protocol.js'
export { PIPE_ACK_EVERY, PIPE_HIGH_WATER, PIPE_LOW_WATER, PIPE_WS_PATH } from './pipe-protocol.js'
