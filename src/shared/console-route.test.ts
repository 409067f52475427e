import { describe, expect, it } from 'vitest'
import { consoleRouteHash, parseConsoleRoute } from './console-route.js'

describe('console window route', () => {
  it('round-trips hostile names and refuses anything else', () => {
    const route = {
      hostId: 'ssh-1',
      uuid: '0b5f5f9e-1111-4a4a-8888-000000000001',
      name: `a/b #'q' $(x) é日本`,
    }
    expect(parseConsoleRoute(consoleRouteHash(route))).toEqual(route)
    expect(parseConsoleRoute('#console/a/b')).toBeUndefined()
    expect(parseConsoleRoute('#console/%E0%A4%A/b/c')).toBeUndefined()
    expect(parseConsoleRoute('#overview')).toBeUndefined()
  })
})
