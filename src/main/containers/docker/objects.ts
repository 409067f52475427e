import { createReadStream } from 'node:fs'
import type { Readable } from 'node:stream'
import type Docker from 'dockerode'
import { AppError } from '@shared/errors.js'
import type { ImageSummary, NetworkSummary, PrunePreview, VolumeSummary } from '@shared/containers.js'
import { dockerError } from './client.js'

const BUILT_IN_NETWORKS = new Set(['bridge', 'host', 'none'])

export async function listImages(docker: Docker): Promise<ImageSummary[]> {
  try {
    const [images, containers] = await Promise.all([
      docker.listImages(),
      docker.listContainers({ all: true }),
    ])
    return images.map((image) => ({
      id: image.Id,
      tags: (image.RepoTags ?? []).filter((t) => t !== '<none>:<none>'),
      size: image.Size,
      created: image.Created * 1000,
      usedBy: containers
        .filter((c) => c.ImageID === image.Id)
        .map((c) => (c.Names[0] ?? c.Id).replace(/^\//, '')),
    }))
  } catch (error) {
    throw dockerError(error, 'list the images')
  }
}

export async function listVolumes(docker: Docker): Promise<VolumeSummary[]> {
  try {
    const [volumes, containers] = await Promise.all([
      docker.listVolumes(),
      docker.listContainers({ all: true }),
    ])
    return (volumes.Volumes ?? []).map((v) => ({
      name: v.Name,
      driver: v.Driver,
      mountpoint: v.Mountpoint,
      usedBy: containers
        .filter((c) => c.Mounts.some((m) => m.Type === 'volume' && m.Name === v.Name))
        .map((c) => (c.Names[0] ?? c.Id).replace(/^\//, '')),
    }))
  } catch (error) {
    throw dockerError(error, 'list the volumes')
  }
}

export async function listNetworks(docker: Docker): Promise<NetworkSummary[]> {
  try {
    const [networks, containers] = await Promise.all([
      docker.listNetworks(),
      docker.listContainers({ all: true }),
    ])
    return networks.map((n) => {
      const subnet = n.IPAM?.Config?.[0]?.Subnet
      return {
        id: n.Id,
        name: n.Name,
        driver: n.Driver,
        ...(subnet === undefined ? {} : { subnet }),
        usedBy: containers
          .filter((c) => Object.values(c.NetworkSettings.Networks).some((net) => net.NetworkID === n.Id))
          .map((c) => (c.Names[0] ?? c.Id).replace(/^\//, '')),
        builtIn: BUILT_IN_NETWORKS.has(n.Name),
      }
    })
  } catch (error) {
    throw dockerError(error, 'list the networks')
  }
}

/** Removes an image, volume or network — refused (CONFLICT, naming the users) while a container uses it. */
export async function removeObject(
  docker: Docker,
  kind: 'image' | 'volume' | 'network',
  id: string,
  force = false,
): Promise<void> {
  const users =
    kind === 'image'
      ? (await listImages(docker)).find((i) => i.id === id || i.id === `sha256:${id}` || i.tags.includes(id))
          ?.usedBy
      : kind === 'volume'
        ? (await listVolumes(docker)).find((v) => v.name === id)?.usedBy
        : (await listNetworks(docker)).find((n) => n.id.startsWith(id) || n.name === id)?.usedBy
  if (users !== undefined && users.length > 0)
    throw new AppError('CONFLICT', `The ${kind} ${id} is used by ${users.join(', ')}`, {
      detail: `Remove ${users.length === 1 ? 'that container' : 'those containers'} first.`,
    })
  try {
    if (kind === 'image') await docker.getImage(id).remove({ force })
    else if (kind === 'volume') await docker.getVolume(id).remove({ force })
    else await docker.getNetwork(id).remove()
  } catch (error) {
    throw dockerError(error, `remove the ${kind} ${id}`)
  }
}

/** What a prune would remove and free, without removing anything. */
export async function prunePreview(docker: Docker, kind: PrunePreview['kind']): Promise<PrunePreview> {
  try {
    switch (kind) {
      case 'containers': {
        const stopped = await docker.listContainers({
          all: true,
          size: true,
          filters: { status: ['exited', 'created', 'dead'] },
        })
        const items = stopped.map((c) => ({
          id: c.Id,
          name: (c.Names[0] ?? c.Id).replace(/^\//, ''),
          size: (c as { SizeRw?: number }).SizeRw ?? 0,
        }))
        return { kind, items, reclaimable: items.reduce((sum, i) => sum + i.size, 0) }
      }
      case 'images': {
        const dangling = await docker.listImages({ filters: { dangling: ['true'] } })
        const items = dangling.map((i) => ({ id: i.Id, name: i.Id.slice(7, 19), size: i.Size }))
        return { kind, items, reclaimable: items.reduce((sum, i) => sum + i.size, 0) }
      }
      case 'volumes': {
        const unused = (await listVolumes(docker)).filter((v) => v.usedBy.length === 0)
        return { kind, items: unused.map((v) => ({ id: v.name, name: v.name })), reclaimable: 0 }
      }
      case 'networks': {
        const unused = (await listNetworks(docker)).filter((n) => n.usedBy.length === 0 && !n.builtIn)
        return { kind, items: unused.map((n) => ({ id: n.id, name: n.name })), reclaimable: 0 }
      }
    }
  } catch (error) {
    throw dockerError(error, `preview the ${kind} prune`)
  }
}

/** `docker import`: a root filesystem tar (read on this computer) becomes the image `repository[:tag]`. */
export async function importImage(docker: Docker, tarPath: string, repository: string): Promise<string> {
  const at = repository.lastIndexOf(':')
  const [repo, tag] =
    at > repository.lastIndexOf('/')
      ? [repository.slice(0, at), repository.slice(at + 1)]
      : [repository, 'latest']
  try {
    const stream = (await docker.importImage(createReadStream(tarPath), { repo, tag })) as unknown as Readable
    const output = await new Promise<string>((resolve, reject) => {
      let text = ''
      stream.on('data', (c: Buffer) => (text += c.toString('utf8')))
      stream.once('end', () => resolve(text))
      stream.once('error', reject)
    })
    const failure = /"error(?:Detail)?"\s*:\s*"([^"]+)"/.exec(output)
    if (failure !== null)
      throw new AppError('COMMAND_FAILED', `Docker could not import ${tarPath}: ${failure[1] ?? ''}`)
    return `${repo}:${tag}`
  } catch (error) {
    throw dockerError(error, `import ${tarPath} as ${repository}`)
  }
}
