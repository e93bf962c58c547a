import type { Kysely } from 'kysely';
import {
  defaultSettings,
  settingSchemas,
  type Settings,
  type SettingsPatch,
} from '../../../shared/settings/schema';
import type { Database } from '../db/schema';

/** Reads every setting, using the default for keys never set or no longer valid. */
export async function readSettings(db: Kysely<Database>): Promise<Settings> {
  const rows = await db.selectFrom('settings').select(['key', 'value_json']).execute();
  const settings: Record<string, unknown> = { ...defaultSettings };
  for (const row of rows) {
    const field = Object.hasOwn(settingSchemas, row.key) ? settingSchemas[row.key as keyof Settings] : undefined;
    if (!field) continue;
    let stored: unknown;
    try {
      stored = JSON.parse(row.value_json);
    } catch {
      continue;
    }
    const parsed = field.safeParse(stored);
    if (parsed.success) settings[row.key] = parsed.data;
  }
  return settings as Settings;
}

/** Stores the given (already validated) keys in one transaction and returns all settings. */
export async function updateSettings(db: Kysely<Database>, patch: SettingsPatch): Promise<Settings> {
  const now = new Date().toISOString();
  const entries = Object.entries(patch).filter(([, value]) => value !== undefined);
  await db.transaction().execute(async (trx) => {
    for (const [key, value] of entries) {
      await trx
        .insertInto('settings')
        .values({ key, value_json: JSON.stringify(value), updated_at: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value_json: JSON.stringify(value), updated_at: now }))
        .execute();
    }
  });
  return readSettings(db);
}
