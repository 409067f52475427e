import { Duplex } from 'node:stream'
import { AppError } from '@shared/errors.js'
import type { HostProcess } from '../../host/host.js'

/**
 * A process's stdin and stdout as one byte stream (for a terminal): reading follows the page's
 * pace (stdout pauses when the page is behind), the stream ends when the process does, and
 * closing the stream kills the process.
 */
export function processDuplex(proc: HostProcess, what: string): Duplex {
  const stream = new Duplex({
    read() {
      proc.stdout.resume()
    },
    write(chunk: Buffer, _encoding, done) {
      if (proc.stdin.destroyed || !proc.stdin.writable) {
        done(new AppError('CONFLICT', `${what} is closed`))
        return
      }
      proc.stdin.write(chunk, (error) => done(error ?? null))
    },
    final(done) {
      proc.kill()
      done()
    },
    destroy(error, done) {
      proc.kill()
      done(error)
    },
  })
  proc.stdin.on('error', () => undefined)
  proc.stdout.on('data', (chunk: Buffer) => {
    if (!stream.push(chunk)) proc.stdout.pause()
  })
  void proc.exited.then(() => stream.push(null))
  return stream
}
