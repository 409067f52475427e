import { attr, buildXml, findAll, parseXml, removeAttr, root, setAttr } from './xml/index.js'
import type { XmlElement } from './xml/index.js'

/**
 * Console passwords in a domain definition: `<graphics passwd='…' passwdValidTo='…'>`.
 *
 * libvirt leaves them out of `dumpxml` unless asked with `--security-info`, so XML read for
 * showing never has them — and XML defined back without them removes the password. Every change to
 * a domain's XML therefore reads the definition with `--security-info` in main, shows and stores
 * the stripped copy, and carries the live secrets over onto the XML it defines (`carryGraphicsSecrets`).
 * The renderer never sees them; the XML history stores the stripped copy (a restore takes the
 * password the domain has when it is restored).
 */
export const GRAPHICS_SECRET_ATTRIBUTES = ['passwd', 'passwdValidTo'] as const

/** `dumpxml` flags that include the secrets: for main only, never for XML that leaves it. */
export const SECURITY_INFO_FLAG = '--security-info'

function graphicsOf(xml: string): { doc: ReturnType<typeof parseXml>; graphics: XmlElement[] } {
  const doc = parseXml(xml)
  return { doc, graphics: findAll(root(doc), 'devices/graphics') }
}

/** Whether any `<graphics>` of the domain XML carries a password. */
export function hasGraphicsSecrets(xml: string): boolean {
  return graphicsOf(xml).graphics.some((g) => attr(g, 'passwd') !== undefined)
}

/** The domain XML without `passwd`/`passwdValidTo` on any `<graphics>`; byte-identical when there are none. */
export function stripGraphicsSecrets(xml: string): string {
  const { doc, graphics } = graphicsOf(xml)
  let removed = false
  for (const g of graphics)
    for (const name of GRAPHICS_SECRET_ATTRIBUTES) removed = removeAttr(g, name) || removed
  return removed ? buildXml(doc) : xml
}

/** `type` plus position among the `<graphics>` of that type: how an edited element finds its live twin. */
function keyed(graphics: XmlElement[]): Map<string, XmlElement> {
  const seen = new Map<string, number>()
  const byKey = new Map<string, XmlElement>()
  for (const g of graphics) {
    const type = attr(g, 'type') ?? ''
    const index = seen.get(type) ?? 0
    seen.set(type, index + 1)
    byKey.set(`${type}#${index}`, g)
  }
  return byKey
}

/** Keys (`type#index`, e.g. `vnc#0`) of the `<graphics>` that carry a password: what `drop` names. */
export function graphicsSecretKeys(xml: string): string[] {
  return [...keyed(graphicsOf(xml).graphics)]
    .filter(([, g]) => attr(g, 'passwd') !== undefined)
    .map(([key]) => key)
}

/** The key of the `index`-th `<graphics>` of the domain (for `drop`); undefined when there is none. */
export function graphicsKeyAt(xml: string, index: number): string | undefined {
  const { graphics } = graphicsOf(xml)
  const g = graphics[index]
  return g === undefined ? undefined : [...keyed(graphics)].find(([, x]) => x === g)?.[0]
}

/** `passwd='…'` shown as dots: for XML or diffs that leave main. */
export function maskGraphicsSecrets(text: string): string {
  return text.replace(/(\spasswd=)(?:'[^']*'|"[^"]*")/g, (_all, head: string) =>
    _all.endsWith('"') ? `${head}"••••••"` : `${head}'••••••'`,
  )
}

/**
 * `edited` with the console passwords of `live` (read with `--security-info`) put back on each
 * `<graphics>` that has none of its own, matched by type and position among that type. A graphics
 * element that sets its own `passwd` keeps it (the user typed a new one); one whose type changed
 * or that was added gets nothing, and so does one whose key is in `drop` (its password is being
 * removed). Byte-identical when there is nothing to carry.
 */
export function carryGraphicsSecrets(live: string, edited: string, drop: readonly string[] = []): string {
  const source = keyed(graphicsOf(live).graphics)
  if (![...source.values()].some((g) => attr(g, 'passwd') !== undefined)) return edited
  const { doc, graphics } = graphicsOf(edited)
  let changed = false
  for (const [key, target] of keyed(graphics)) {
    const from = source.get(key)
    if (from === undefined || drop.includes(key) || attr(target, 'passwd') !== undefined) continue
    for (const name of GRAPHICS_SECRET_ATTRIBUTES) {
      const value = attr(from, name)
      if (value === undefined) continue
      setAttr(target, name, value)
      changed = true
    }
  }
  return changed ? buildXml(doc) : edited
}
