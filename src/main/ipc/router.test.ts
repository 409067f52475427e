import { describe, expect, expectTypeOf, it } from 'vitest'
import type { InputOf, OutputOf } from '@shared/contract.js'
import type { HostTestReport, HostView } from '@shared/hosts.js'
import { AppError } from '@shared/errors.js'
import { Router } from './router.js'
import type { Handlers } from './router.js'

function routerWith(overrides: Partial<Handlers>): Router {
  const refuse = async (): Promise<never> => {
    throw new AppError('UNSUPPORTED', 'not in this test')
  }
  return new Router(
    new Proxy(overrides, {
      get: (target, key) => (target as Record<string | symbol, unknown>)[key] ?? refuse,
    }) as Handlers,
  )
}

describe('router', () => {
  it('rejects malformed input with INVALID_INPUT naming the field, without calling the handler', async () => {
    let called = false
    const router = routerWith({
      'hosts.add': async () => {
        called = true
        throw new Error('unreachable')
      },
    })
    const result = await router.handle({
      channel: 'hosts.add',
      input: {
        kind: 'ssh',
        name: 'x',
        hostname: '-oProxyCommand=evil',
        port: 99999,
        username: 'me',
        auth: 'agent',
      },
    })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('INVALID_INPUT')
    expect(result.error.detail).toMatch(/hostname: An address cannot start with a dash/)
    expect(result.error.detail).toMatch(/port/)
    expect(called).toBe(false)
  })

  it.each([
    ['a string request', 'hosts.list'],
    ['null', null],
    ['an unknown channel', { channel: 'fs.readAnything', input: {} }],
    ['a prototype key as channel', { channel: '__proto__', input: {} }],
    ['extra fields', { channel: 'hosts.get', input: { id: 'a', sql: 'DROP TABLE hosts' } }],
    ['a wrong type', { channel: 'hosts.get', input: { id: 42 } }],
  ])('rejects %s without crashing', async (_label, request) => {
    const result = await routerWith({}).handle(request as never)
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })

  it('turns an unexpected exception into INTERNAL without a stack trace', async () => {
    const router = routerWith({ 'hosts.list': async () => Promise.reject(new TypeError('boom')) })
    const result = await router.handle({ channel: 'hosts.list', input: {} })
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'Unexpected error: boom' } })
  })

  it('keeps the code, detail and data of an AppError', async () => {
    const router = routerWith({
      'hosts.connect': async () =>
        Promise.reject(
          new AppError('HOST_KEY_UNKNOWN', 'unknown key', {
            detail: 'check it',
            data: { fingerprint: 'SHA256:x' },
          }),
        ),
    })
    const result = await router.handle({ channel: 'hosts.connect', input: { id: 'h' } })
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'HOST_KEY_UNKNOWN',
        message: 'unknown key',
        detail: 'check it',
        data: { fingerprint: 'SHA256:x' },
      },
    })
  })

  it('relays progress of a streaming call to its caller and cancels it by id', async () => {
    const router = routerWith({
      'hosts.test': async (_input, context) => {
        context.progress({ message: 'step 1', fraction: 0.5 })
        await new Promise((_resolve, reject) =>
          context.signal.addEventListener('abort', () => reject(context.signal.reason as Error)),
        )
        throw new Error('unreachable')
      },
    })
    const progress: unknown[] = []
    const pending = router.handle(
      { channel: 'hosts.test', input: { id: 'h' }, opId: 'op-1' },
      { sendProgress: (opId, p) => progress.push([opId, p]) },
    )
    await new Promise((resolve) => setTimeout(resolve, 10))
    router.cancel('op-1')
    expect(await pending).toMatchObject({ ok: false, error: { code: 'CANCELLED' } })
    expect(progress).toEqual([['op-1', { message: 'step 1', fraction: 0.5 }]])
  })

  it('pins the contract types', () => {
    expectTypeOf<OutputOf<'hosts.list'>>().toEqualTypeOf<HostView[]>()
    expectTypeOf<OutputOf<'hosts.test'>>().toEqualTypeOf<HostTestReport>()
    expectTypeOf<InputOf<'hosts.get'>>().toEqualTypeOf<{ id: string }>()
    expectTypeOf<InputOf<'hosts.add'>>().toHaveProperty('kind')
  })
})
