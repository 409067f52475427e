import { AppError } from '@shared/errors.js'
import { definitionHash } from '../changes/domains.js'
import type { DefineResult, DomainRef, XmlHistoryEntry, XmlPreview } from '@shared/vms.js'
import { domainNotFound, refLabel, refTarget } from './domain-ref.js'
import type { LibvirtConnection } from './libvirt-connection.js'
import { virshEnv } from './transport.js'
import {
  carryGraphicsSecrets,
  graphicsSecretKeys,
  maskGraphicsSecrets,
  SECURITY_INFO_FLAG,
  stripGraphicsSecrets,
} from './graphics-secrets.js'
import { errorLines } from './virsh-errors.js'
import { quoteVirshArg } from './virsh-quote.js'
import { isActiveState, parseKeyValues, stateFromText } from './virsh-parse.js'
import type { XmlHistoryRepo } from './xml-history-repo.js'
import type { SecretsRepo } from '../store/secrets-repo.js'
import {
  buildXml,
  child,
  diffLines,
  formatUnifiedDiff,
  parseXml,
  root,
  setText,
  text,
  xmlEqual,
} from './xml/index.js'

export type { DefineResult } from '@shared/vms.js'

export interface DefineOptions {
  /**
   * `<graphics>` (by `type#index`, see graphics-secrets.ts) whose console password is removed: not
   * carried over from the current definition. It is kept sealed with the saved previous definition
   * (for undo and restore) where the secrets table may seal it.
   */
  dropGraphicsSecrets?: readonly string[]
}

interface Current {
  name: string
  uuid: string
  /** The definition as shown and stored: without console passwords. */
  xml: string
  /** The definition with its console passwords (`--security-info`): stays in main, only carried onto what is defined. */
  secretXml: string
  running: boolean
}

/**
 * The XML tab: preview an edit as a diff against the persistent definition, apply it with
 * `virsh define` (keeping the previous definition in xml_history), list and restore earlier ones.
 * The XML is the user's: it is checked and passed on as written, never rebuilt.
 */
export class DomainXmlEditor {
  constructor(
    private readonly conn: LibvirtConnection,
    private readonly history: XmlHistoryRepo,
    /** Where a removed console password is kept sealed for undo (the app's secrets table). */
    private readonly secrets?: Pick<SecretsRepo, 'put' | 'get' | 'remove'>,
  ) {}

  /**
   * Checks `newXml` (well-formed, same domain, valid for this host's libvirt) and shows what would
   * change. Validation defines it into a throw-away test-driver connection on the host — libvirt's
   * own schema and parser, the version that will receive it, and no side effect on real domains.
   */
  async previewDefine(ref: DomainRef, newXml: string): Promise<XmlPreview> {
    const current = await this.current(ref)
    checkSameDomain(newXml, current)
    await this.validate(newXml)
    return preview(current, newXml)
  }

  /**
   * `previewDefine` for the XML tab: libvirt's objections (and a changed name or UUID, or XML that
   * does not parse) are reported as `problems` beside the diff instead of thrown, so the user can fix them.
   */
  async previewEdit(
    ref: DomainRef,
    newXml: string,
  ): Promise<XmlPreview & { valid: boolean; problems: string[] }> {
    const current = await this.current(ref)
    try {
      checkSameDomain(newXml, current)
      await this.validate(newXml)
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'INVALID_INPUT')) throw error
      const problems = [error.message, ...(error.detail ?? '').split('\n')]
        .map((line) => line.trim())
        .filter((line, i, all) => line.length > 0 && all.indexOf(line) === i)
      return { ...preview(current, newXml), valid: false, problems }
    }
    return { ...preview(current, newXml), valid: true, problems: [] }
  }

  /**
   * Saves the current definition to history, then defines `newXml` (validated by libvirt). With
   * `baseHash` (the previewed definition's), a definition changed since the preview is never
   * overwritten: CONFLICT, with the diff against what is there now in `data.preview`.
   */
  async define(
    ref: DomainRef,
    newXml: string,
    reason: string,
    baseHash?: string,
    options: DefineOptions = {},
  ): Promise<DefineResult> {
    return this.conn.audited(
      'domain.define',
      refLabel(ref),
      async () => {
        const current = await this.current(ref)
        checkSameDomain(newXml, current)
        const result = preview(current, newXml)
        if (baseHash !== undefined && result.baseHash !== baseHash) {
          throw new AppError(
            'CONFLICT',
            `The definition of ${current.name} changed since you previewed this edit; nothing was applied. Review the new diff and apply again.`,
            {
              detail:
                'Someone or something else (virsh, virt-manager, another VirtDeck window) defined it meanwhile.',
              data: { preview: result },
            },
          )
        }
        const drop = (options.dropGraphicsSecrets ?? []).filter((key) =>
          graphicsSecretKeys(current.secretXml).includes(key),
        )
        if (!result.changed && drop.length === 0) return result
        const historyId = await this.defineKeepingHistory(current, newXml, reason, drop)
        return { ...result, changed: true, historyId }
      },
      reason,
    )
  }

  /** Earlier definitions of the domain, newest first. */
  historyOf(ref: DomainRef): XmlHistoryEntry[] {
    const object =
      typeof ref === 'string'
        ? { name: ref }
        : { uuid: ref.uuid, ...(ref.name === undefined ? {} : { name: ref.name }) }
    return this.history.list(this.conn.hostId, 'domain', object)
  }

  /** One saved definition with its XML (for viewing or diffing before a restore). */
  historyEntry(id: number): XmlHistoryEntry & { xml: string } {
    const entry = this.history.get(id)
    if (entry === undefined || entry.hostId !== this.conn.hostId || entry.kind !== 'domain') {
      throw new AppError('NOT_FOUND', 'That saved definition no longer exists', {
        detail: `No domain definition #${id} for this host.`,
      })
    }
    return entry
  }

  /** Defines a saved definition again, saving the current one first (so a restore can be undone). Recreates a deleted domain. */
  async restore(historyId: number): Promise<DefineResult> {
    const entry = this.historyEntry(historyId)
    return this.conn.audited(
      'domain.restore',
      entry.name,
      async () => {
        const ref: DomainRef = entry.uuid === undefined ? entry.name : { uuid: entry.uuid, name: entry.name }
        let current: Current | undefined
        try {
          current = await this.current(ref)
        } catch (error) {
          if (!(error instanceof AppError && error.code === 'NOT_FOUND')) throw error
        }
        const reason = `Before restoring the definition saved ${entry.savedAt}`
        // The console password a removal kept sealed for this entry, if any, goes back with it.
        const sealed = await this.secrets?.get(secretOwner(historyId)).catch(() => undefined)
        const withSecrets = (xml: string): string =>
          sealed === undefined ? xml : carryGraphicsSecrets(sealed, xml)
        if (current === undefined) {
          await this.defineFile(withSecrets(entry.xml))
          return {
            changed: true,
            baseHash: definitionHash(''),
            diff: formatUnifiedDiff(diffLines('', entry.xml), { fromFile: 'nothing', toFile: 'restored' }),
            takesEffectAtNextBoot: false,
          }
        }
        // Saved before a rename: the same VM (same UUID) under its current name.
        const xml = withSecrets(withCurrentName(entry.xml, current))
        checkSameDomain(xml, current)
        const result = preview(current, xml)
        if (!result.changed) return result
        const savedId = await this.defineKeepingHistory(current, xml, reason)
        // The diff shows a password brought back as dots.
        return { ...result, diff: maskGraphicsSecrets(result.diff), historyId: savedId }
      },
      `#${historyId}`,
    )
  }

  private async defineKeepingHistory(
    current: Current,
    newXml: string,
    reason: string,
    drop: readonly string[] = [],
  ): Promise<number> {
    const id = this.history.save({
      hostId: this.conn.hostId,
      kind: 'domain',
      name: current.name,
      uuid: current.uuid,
      xml: current.xml,
      reason,
    })
    // A removed console password is kept for undo and restore, sealed like SSH passwords (never in
    // clear); where nothing may be sealed (no keyring), it is not kept.
    const kept =
      drop.length > 0 && this.secrets !== undefined
        ? await this.secrets.put(secretOwner(id), current.secretXml).then(
            () => true,
            () => false,
          )
        : false
    try {
      await this.defineFile(carryGraphicsSecrets(current.secretXml, newXml, drop))
    } catch (error) {
      // Nothing was replaced: the saved copy would only be a duplicate of what is still defined.
      this.history.remove(id)
      if (kept) this.secrets?.remove(secretOwner(id))
      throw error
    }
    return id
  }

  private async defineFile(xml: string): Promise<void> {
    await this.conn.withTempFile(xml, async (path) => {
      try {
        await this.conn.run(['define', '--file', path, '--validate'])
      } catch (error) {
        throw invalidXml(error)
      }
    })
  }

  private async current(ref: DomainRef): Promise<Current> {
    const target = refTarget(ref)
    let secretXml: string
    let info: string
    try {
      ;[secretXml, info] = await Promise.all([
        this.conn.read(['dumpxml', '--domain', target, '--inactive', SECURITY_INFO_FLAG]),
        this.conn.read(['dominfo', '--domain', target]),
      ])
    } catch (error) {
      throw domainNotFound(error, ref, this.conn.where)
    }
    const domain = root(parseXml(secretXml))
    const nameEl = child(domain, 'name')
    const uuidEl = child(domain, 'uuid')
    const kv = parseKeyValues(info)
    return {
      name: (nameEl === undefined ? undefined : text(nameEl)) ?? refLabel(ref),
      uuid: (uuidEl === undefined ? undefined : text(uuidEl)?.trim()) ?? '',
      xml: stripGraphicsSecrets(secretXml),
      secretXml,
      running: isActiveState(stateFromText(kv.get('State'))),
    }
  }

  private async validate(xml: string): Promise<void> {
    // One virsh on its own test:///default: remove the sample domain (its name or UUID could clash),
    // define the XML from a file (not /dev/stdin: a local child's stdin is a socket it cannot open).
    const result = await this.conn.withTempFile(xml, (path) =>
      this.conn.host.exec(
        'virsh',
        [
          '-q',
          '-c',
          'test:///default',
          `destroy test; undefine test; define --validate ${quoteVirshArg(path)}`,
        ],
        {
          timeoutMs: 30_000,
          env: virshEnv('test:///default'),
        },
      ),
    )
    if (result.code === 0) return
    const lines = errorLines(result.stderr).filter((line) => !line.startsWith('Failed to define domain'))
    throw new AppError(
      'INVALID_INPUT',
      `libvirt does not accept this XML: ${lines[lines.length - 1] ?? 'it failed validation'}`,
      {
        detail: lines.join('\n') || result.stderr.trim(),
      },
    )
  }
}

/** The secrets-table owner of the console passwords an XML history entry was saved without. */
export function secretOwner(historyId: number): string {
  return `xml-history:${historyId}:graphics`
}

function preview(current: Current, newXml: string): XmlPreview {
  const changed = !sameXml(current.xml, newXml)
  return {
    baseHash: definitionHash(current.xml),
    changed,
    diff: changed
      ? formatUnifiedDiff(diffLines(current.xml, newXml), {
          fromFile: `${current.name} (current)`,
          toFile: `${current.name} (new)`,
        })
      : '',
    takesEffectAtNextBoot: changed && current.running,
  }
}

/** Equal as XML; XML that does not parse (only in `previewEdit`) is compared as text. */
function sameXml(a: string, b: string): boolean {
  try {
    return xmlEqual(a, b)
  } catch {
    return a === b
  }
}

/** A definition saved under an earlier name of this same domain (same UUID), renamed to the current name. */
export function withCurrentName(xml: string, current: { name: string; uuid: string }): string {
  const doc = parseXml(xml)
  const domain = root(doc)
  const nameEl = child(domain, 'name')
  const uuidEl = child(domain, 'uuid')
  const uuid = uuidEl === undefined ? undefined : text(uuidEl)?.trim()
  const same = (a: string): string => a.toLowerCase().replaceAll('-', '')
  if (nameEl === undefined || uuid === undefined || same(uuid) !== same(current.uuid)) return xml
  if (text(nameEl) === current.name) return xml
  setText(nameEl, current.name)
  return buildXml(doc)
}

/** The edit must stay the same domain: same <name> (rename is its own action), same <uuid>. */
function checkSameDomain(xml: string, current: Current): void {
  const domain = root(parseXml(xml))
  if (domain.name !== 'domain')
    throw new AppError('INVALID_INPUT', `This is a <${domain.name}> document, not a domain definition`)
  const nameEl = child(domain, 'name')
  const name = nameEl === undefined ? undefined : text(nameEl)
  if (name !== current.name) {
    throw new AppError('INVALID_INPUT', `The XML must keep the name “${current.name}”`, {
      detail:
        name === undefined
          ? 'It has no <name>.'
          : `It names “${name}”. Renaming is a separate action; defining under another name would create a second VM.`,
    })
  }
  const uuidEl = child(domain, 'uuid')
  const uuid = uuidEl === undefined ? undefined : text(uuidEl)?.trim()
  if (uuid?.toLowerCase().replaceAll('-', '') !== current.uuid.toLowerCase().replaceAll('-', '')) {
    throw new AppError('INVALID_INPUT', `The XML must keep <uuid>${current.uuid}</uuid>`, {
      detail: uuid === undefined ? 'It has no <uuid>.' : `It has ${uuid}.`,
    })
  }
}

function invalidXml(error: unknown): unknown {
  if (
    !(error instanceof AppError) ||
    error.code === 'HOST_UNREACHABLE' ||
    error.code === 'TIMEOUT' ||
    error.code === 'CANCELLED' ||
    error.code === 'PERMISSION_DENIED'
  )
    return error
  return new AppError(
    error.code === 'CONFLICT' ? 'CONFLICT' : 'INVALID_INPUT',
    `libvirt did not accept the XML: ${error.message}`,
    {
      ...(error.detail === undefined ? {} : { detail: error.detail }),
      cause: error,
    },
  )
}
