import { QueryClient } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'
import type { ContainerSummary } from '@shared/containers.js'
import { onContainerChanged } from './useContainerEvents'
import { listKey } from './useContainers'

function container(
  id: string,
  created: number,
  state: ContainerSummary['state'] = 'running',
): ContainerSummary {
  return { id, name: id, image: 'busybox', state, status: '', ports: [], created, command: 'sh' }
}

describe('onContainerChanged (the app-level container.changed subscription)', () => {
  it('patches the cached list of that host only: updated in place, new ones by date, removed ones gone', () => {
    const client = new QueryClient()
    client.setQueryData(listKey('a'), [container('old', 1), container('mid', 2)])
    client.setQueryData(listKey('b'), [container('other', 1)])
    onContainerChanged(client, 'a', {
      kind: 'updated',
      container: container('mid', 2, 'exited'),
      action: 'die',
    })
    onContainerChanged(client, 'a', { kind: 'updated', container: container('new', 3), action: 'create' })
    onContainerChanged(client, 'a', { kind: 'removed', id: 'old' })
    const list = client.getQueryData<ContainerSummary[]>(listKey('a'))
    expect(list?.map((c) => [c.id, c.state])).toEqual([
      ['new', 'running'],
      ['mid', 'exited'],
    ])
    expect(client.getQueryData<ContainerSummary[]>(listKey('b'))?.map((c) => c.id)).toEqual(['other'])
  })

  it('leaves a list nobody read unread, and marks a read one stale on resync', () => {
    const client = new QueryClient()
    onContainerChanged(client, 'a', { kind: 'updated', container: container('x', 1), action: 'start' })
    expect(client.getQueryData(listKey('a'))).toBeUndefined()
    client.setQueryData(listKey('a'), [container('x', 1)])
    expect(client.getQueryState(listKey('a'))?.isInvalidated).toBe(false)
    onContainerChanged(client, 'a', { kind: 'resync' })
    expect(client.getQueryState(listKey('a'))?.isInvalidated).toBe(true)
  })
})
