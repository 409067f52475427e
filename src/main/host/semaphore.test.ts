import { describe, expect, it } from 'vitest'
import { Semaphore } from './semaphore.js'

describe('Semaphore', () => {
  it('grants up to its size, then queues first come first served', async () => {
    const semaphore = new Semaphore(2)
    const a = await semaphore.acquire()
    await semaphore.acquire()
    const order: string[] = []
    const c = semaphore.acquire().then((release) => {
      order.push('c')
      return release
    })
    const d = semaphore.acquire().then((release) => {
      order.push('d')
      return release
    })
    expect(semaphore.waiting).toBe(2)
    a()
    a() // a second release of the same slot does nothing
    const releaseC = await c
    expect(order).toEqual(['c'])
    expect(semaphore.waiting).toBe(1)
    releaseC()
    await d
    expect(order).toEqual(['c', 'd'])
    expect(semaphore.inUse).toBe(2)
  })

  it('gives up at the deadline and on abort, leaving the queue', async () => {
    const semaphore = new Semaphore(1)
    const held = await semaphore.acquire()
    await expect(semaphore.acquire({ deadline: Date.now() + 20 })).rejects.toMatchObject({ code: 'TIMEOUT' })
    const controller = new AbortController()
    const waiting = semaphore.acquire({ signal: controller.signal })
    controller.abort()
    await expect(waiting).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(semaphore.waiting).toBe(0)
    held()
    expect(semaphore.inUse).toBe(0)
  })
})
