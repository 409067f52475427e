import { DEFAULT_SETTINGS, settingsSchema } from '@shared/settings.js'
import type { Settings } from '@shared/settings.js'
import type { Db } from './database.js'

/** App settings as JSON values by key; unknown or invalid stored values fall back to defaults. */
export class SettingsRepo {
  constructor(private readonly db: Db) {}

  get(): Settings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[]
    const raw: Record<string, unknown> = {}
    for (const row of rows) {
      try {
        raw[row.key] = JSON.parse(row.value)
      } catch {
        // A damaged value is ignored, the default stands; the row is rewritten on the next update.
      }
    }
    const parsed = settingsSchema.safeParse(raw)
    return parsed.success ? parsed.data : DEFAULT_SETTINGS
  }

  update(patch: Partial<Settings>): Settings {
    const put = this.db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    )
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(patch))
        if (value !== undefined) put.run(key, JSON.stringify(value))
    })()
    return this.get()
  }
}
