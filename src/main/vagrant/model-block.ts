import { createHash } from 'node:crypto'
import type { VagrantModel } from '@shared/vagrant.js'
import { vagrantModelSchema } from '@shared/vagrant.js'
import type { VagrantfileOpened } from '@shared/vagrant-contract.js'

/**
 * The designer's model travels at the end of the Vagrantfile it generated, as base64 JSON in
 * Ruby comments, with a hash of the Ruby above it:
 *
 *   # virtdeck-model: v1 sha256=<hex of everything before this line>
 *   # eyJib3giOi…
 *   # virtdeck-model: end
 *
 * A file whose Ruby no longer matches the hash was edited by hand: it opens as text, the model
 * only offered for reference. A file without the block was written by hand.
 */
const BEGIN = /^# virtdeck-model: v1 sha256=([0-9a-f]{64})$/
const END = '# virtdeck-model: end'
const WIDTH = 76

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

export function embedModel(ruby: string, model: VagrantModel): string {
  const data = Buffer.from(JSON.stringify(model), 'utf8').toString('base64')
  const lines: string[] = []
  for (let i = 0; i < data.length; i += WIDTH) lines.push(`# ${data.slice(i, i + WIDTH)}`)
  const region = `${ruby}\n`
  return `${region}# virtdeck-model: v1 sha256=${sha256(region)}\n${lines.join('\n')}\n${END}\n`
}

/** Reads a Vagrantfile: a designer file opens as its model; anything else as text, never rewritten. */
export function openVagrantfile(text: string): VagrantfileOpened {
  const lines = text.split('\n')
  let begin = -1
  for (let i = lines.length - 1; i >= 0; i--) {
    if (BEGIN.test(lines[i] ?? '')) {
      begin = i
      break
    }
  }
  if (begin < 0) return { kind: 'handwritten', text }
  const hash = BEGIN.exec(lines[begin] ?? '')?.[1] ?? ''
  const end = lines.indexOf(END, begin + 1)
  const model = end < 0 ? undefined : decode(lines.slice(begin + 1, end))
  if (model === undefined)
    return { kind: 'handwritten', text, note: 'The VirtDeck model block at the end of the file is damaged.' }
  const region = lines.slice(0, begin).join('\n') + '\n'
  const trailing = lines.slice(end + 1).join('\n')
  if (sha256(region) !== hash || trailing !== '')
    return {
      kind: 'edited',
      text,
      model,
      note: 'This file was changed outside the designer, so VirtDeck opens it as text and will not rewrite it.',
    }
  return { kind: 'designer', text, model }
}

function decode(lines: string[]): VagrantModel | undefined {
  if (!lines.every((l) => /^# [A-Za-z0-9+/=]+$/.test(l))) return undefined
  try {
    const json: unknown = JSON.parse(
      Buffer.from(lines.map((l) => l.slice(2)).join(''), 'base64').toString('utf8'),
    )
    const parsed = vagrantModelSchema.safeParse(json)
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}
