import { createHash } from 'node:crypto'
import { isIPv6 } from 'node:net'

/** What the user is shown to decide whether to trust a server's key. */
export interface HostKeyInfo {
  /** `hostname:port`, `[v6addr]:port` for IPv6. */
  address: string
  /** The key's type as written in its blob: ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa, … */
  keyType: string
  /** As `ssh-keygen -l` prints it: `SHA256:` and unpadded base64 of the SHA-256 of the blob. */
  fingerprint: string
}

export function formatAddress(hostname: string, port: number): string {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname
  return isIPv6(bare) ? `[${bare}]:${port}` : `${bare}:${port}`
}

/** SHA256 fingerprint of a raw public key blob (the wire format, what `.pub` files base64). */
export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`
}

/** The key type is the first SSH string of the blob: uint32 length, then the name. */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown'
  const length = blob.readUInt32BE(0)
  if (length === 0 || length > 64 || 4 + length > blob.length) return 'unknown'
  const name = blob.toString('latin1', 4, 4 + length)
  return /^[\x21-\x7e]+$/.test(name) ? name : 'unknown'
}

export function hostKeyInfo(address: string, blob: Buffer): HostKeyInfo {
  return { address, keyType: keyTypeOf(blob), fingerprint: fingerprintOf(blob) }
}
