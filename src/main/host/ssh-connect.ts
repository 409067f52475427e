import { statSync } from 'node:fs'
import ssh2 from 'ssh2'
import type { AnyAuthMethod, Client, ConnectConfig, ParsedKey, VerifyCallback } from 'ssh2'
import { AppError } from '@shared/errors.js'
import { hostKeyInfo, type HostKeyInfo } from './host-key.js'
import { formatDuration } from './run-process.js'
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_KEEPALIVE_MS,
  type HostKeyVerdict,
  type SshAuth,
  type SshHostOptions,
} from './ssh-options.js'

/** Failures that another attempt will not fix: asking again means asking the user first. */
/**
 * Host-key signature algorithms VirtDeck accepts: not `ssh-rsa` (RSA with SHA-1, which OpenSSH
 * itself disabled in 8.8) nor `ssh-dss`. RSA keys still work, signed with SHA-2.
 */
export const HOST_KEY_ALGORITHMS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
] as const

export function isPermanentFailure(error: AppError): boolean {
  return ['AUTH_FAILED', 'HOST_KEY_UNKNOWN', 'HOST_KEY_CHANGED', 'INVALID_INPUT', 'INTERNAL'].includes(
    error.code,
  )
}

/** One connection attempt: TCP, handshake with host-key check, authentication. Resolves with a ready client. */
export function openClient(options: SshHostOptions, address: string): Promise<Client> {
  let authMethods: AnyAuthMethod[]
  try {
    authMethods = authMethodsFor(options)
  } catch (error) {
    return Promise.reject(error)
  }

  return new Promise<Client>((resolve, reject) => {
    const client = new ssh2.Client()
    let settled = false
    let verdict: { result: Exclude<HostKeyVerdict, 'trusted'>; key: HostKeyInfo } | undefined
    let verifyError: unknown

    const fail = (error: AppError): void => {
      if (settled) return
      settled = true
      client.removeListener('ready', onReady)
      client.destroy()
      reject(error)
    }
    const onReady = (): void => {
      if (settled) return
      settled = true
      resolve(client)
    }

    const config: ConnectConfig = {
      host: options.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: options.port,
      username: options.username,
      readyTimeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      keepaliveInterval: options.keepaliveIntervalMs ?? DEFAULT_KEEPALIVE_MS,
      keepaliveCountMax: 3,
      authHandler: authMethods,
      algorithms: { serverHostKey: [...HOST_KEY_ALGORITHMS] },
      hostVerifier: (key: Buffer, verify: VerifyCallback): void => {
        const info = hostKeyInfo(address, key)
        let result: HostKeyVerdict
        try {
          result = options.verifyHostKey(info)
        } catch (error) {
          verifyError = error
          verify(false)
          return
        }
        if (result !== 'trusted') verdict = { result, key: info }
        verify(result === 'trusted')
      },
    }

    client.once('ready', onReady)
    // Errors after `ready` belong to the connection's owner; before, they end this attempt.
    client.on('error', (error: Error & { level?: string; code?: unknown }) => {
      fail(connectError(error, options, address, verdict, verifyError))
    })
    client.once('close', () => {
      fail(
        new AppError('HOST_UNREACHABLE', `${address} closed the connection before it was ready`, {
          detail: reachabilityAdvice(options),
        }),
      )
    })
    try {
      client.connect(config)
    } catch (error) {
      fail(
        new AppError(
          'INTERNAL',
          `Could not start connecting to ${address}: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        ),
      )
    }
  })
}

function authMethodsFor(options: SshHostOptions): AnyAuthMethod[] {
  const username = options.username
  const auth: SshAuth = options.auth
  switch (auth.method) {
    case 'password':
      return [
        { type: 'password', username, password: auth.password },
        // Servers with PasswordAuthentication off often still ask for the password this way.
        {
          type: 'keyboard-interactive',
          username,
          prompt: (_name, _instructions, _lang, prompts, finish) => {
            const only = prompts[0]
            finish(prompts.length === 1 && only !== undefined && !only.echo ? [auth.password] : [])
          },
        },
      ]
    case 'key':
      return [{ type: 'publickey', username, key: parsePrivateKey(auth.privateKey, auth.passphrase) }]
    case 'agent': {
      const socket = auth.agentSocket ?? process.env['SSH_AUTH_SOCK']
      if (socket === undefined || socket === '') {
        throw new AppError('AUTH_FAILED', 'No SSH agent is running', {
          detail:
            'SSH_AUTH_SOCK is not set. Start ssh-agent and add your key with ssh-add, or choose a key file instead.',
          data: { method: 'agent' },
        })
      }
      try {
        if (!statSync(socket).isSocket()) throw new Error('not a socket')
      } catch {
        throw new AppError('AUTH_FAILED', 'The SSH agent cannot be reached', {
          detail: `${socket} is not an agent socket. Start ssh-agent and add your key with ssh-add, or choose a key file instead.`,
          data: { method: 'agent' },
        })
      }
      return [{ type: 'agent', username, agent: socket }]
    }
  }
}

function parsePrivateKey(privateKey: Buffer, passphrase: string | undefined): ParsedKey {
  const parsed = ssh2.utils.parseKey(privateKey, passphrase)
  if (parsed instanceof Error) {
    const message = parsed.message
    if (/no passphrase given/i.test(message)) {
      throw new AppError(
        'AUTH_FAILED',
        'The private key is protected by a passphrase: enter the passphrase',
        {
          detail: 'The key file is encrypted. Give its passphrase in the host settings and connect again.',
          data: { method: 'key', needsPassphrase: true },
        },
      )
    }
    if (/decrypt|bad passphrase|integrity check/i.test(message)) {
      throw new AppError('AUTH_FAILED', 'The passphrase of the private key is wrong', {
        detail: 'The key file could not be decrypted with the passphrase given. Enter it again.',
        data: { method: 'key', needsPassphrase: true },
      })
    }
    throw new AppError('AUTH_FAILED', `The private key cannot be read: ${message}`, {
      detail: 'Choose a private key in OpenSSH or PEM format (the file without .pub).',
      data: { method: 'key' },
    })
  }
  if (!parsed.isPrivateKey()) {
    throw new AppError('AUTH_FAILED', 'The key file holds a public key, not a private key', {
      detail: 'Choose the file without .pub.',
      data: { method: 'key' },
    })
  }
  return parsed
}

function methodWords(auth: SshAuth): string {
  switch (auth.method) {
    case 'password':
      return 'the password'
    case 'key':
      return 'the private key'
    case 'agent':
      return 'the keys in the SSH agent'
  }
}

function connectError(
  error: Error & { level?: string; code?: unknown },
  options: SshHostOptions,
  address: string,
  verdict: { result: Exclude<HostKeyVerdict, 'trusted'>; key: HostKeyInfo } | undefined,
  verifyError: unknown,
): AppError {
  if (verifyError !== undefined) {
    return new AppError('INTERNAL', `Could not check the host key of ${address}`, { cause: verifyError })
  }
  if (verdict?.result === 'unknown') {
    return new AppError('HOST_KEY_UNKNOWN', `The host key of ${address} is not known yet`, {
      detail: `${verdict.key.keyType} key fingerprint ${verdict.key.fingerprint}. Compare it with the one the machine shows (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub) before you trust it.`,
      data: { ...verdict.key },
    })
  }
  if (verdict?.result === 'changed') {
    return new AppError(
      'HOST_KEY_CHANGED',
      `The host key of ${address} differs from the one you accepted before`,
      {
        detail:
          `This can mean the machine was reinstalled or got a new SSH key, or that someone is intercepting the connection. ` +
          `Nothing was sent to it. The key offered now is ${verdict.key.keyType} ${verdict.key.fingerprint}. ` +
          `If you expect the change, check that fingerprint on the machine itself, forget the stored key in this host's settings, and connect again.`,
        data: { ...verdict.key },
      },
    )
  }
  const reason = error.message
  if (error.level === 'handshake' && /host key/i.test(reason)) {
    return new AppError(
      'HOST_UNREACHABLE',
      `${address} signs its host key only with algorithms VirtDeck refuses, such as ssh-rsa (SHA-1)`,
      {
        detail: `VirtDeck accepts ${HOST_KEY_ALGORITHMS.join(', ')}. On the machine, allow rsa-sha2-512/rsa-sha2-256 for its RSA key (OpenSSH 7.2 or newer does by default; check HostKeyAlgorithms in sshd_config) or add an ed25519 host key. (${reason})`,
        cause: error,
      },
    )
  }
  switch (error.level) {
    case 'client-authentication':
      return new AppError(
        'AUTH_FAILED',
        `${address} did not accept ${methodWords(options.auth)} for ${options.username}`,
        {
          detail:
            options.auth.method === 'password'
              ? 'Check the user name and the password. The server may also allow only key logins (PasswordAuthentication no).'
              : `Check the user name, and that the public key is in ~${options.username}/.ssh/authorized_keys on the machine.`,
          data: { method: options.auth.method },
        },
      )
    case 'client-timeout':
      return new AppError(
        'HOST_UNREACHABLE',
        `${address} did not answer within ${formatDuration(options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS)}`,
        {
          detail: reachabilityAdvice(options),
          cause: error,
        },
      )
    case 'client-socket':
    case 'client-dns': {
      const code = typeof error.code === 'string' ? error.code : undefined
      return new AppError('HOST_UNREACHABLE', `Cannot reach ${address}: ${socketWords(code, reason)}`, {
        detail: `${code === undefined ? reason : `${code}: ${reason}`}. ${reachabilityAdvice(options)}`,
        data: code === undefined ? {} : { osError: code },
        cause: error,
      })
    }
    default:
      return new AppError('HOST_UNREACHABLE', `The SSH connection to ${address} failed: ${reason}`, {
        detail: reachabilityAdvice(options),
        cause: error,
      })
  }
}

function socketWords(code: string | undefined, fallback: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'the connection was refused (ECONNREFUSED)'
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the name could not be resolved (${code})`
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `no route to the machine (${code})`
    case 'ETIMEDOUT':
      return 'the connection timed out (ETIMEDOUT)'
    case 'ECONNRESET':
      return 'the connection was reset (ECONNRESET)'
    default:
      return code === undefined ? fallback : `${fallback} (${code})`
  }
}

function reachabilityAdvice(options: SshHostOptions): string {
  return `Check that the machine is on and on the network, that the address "${options.hostname}" is right, that an SSH server listens on port ${options.port}, and that no firewall blocks it.`
}
