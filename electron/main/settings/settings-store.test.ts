import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../shared/settings/schema';
import { openDatabase, type AppDatabase } from '../db/open-database';
import { readSettings, updateSettings } from './settings-store';

let dir: string;
let database: AppDatabase;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chattrain-settings-'));
  database = await openDatabase(join(dir, 'app.db'));
});
afterEach(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('settings', () => {
  it('reads defaults from an empty database', async () => {
    await expect(readSettings(database.db)).resolves.toEqual(defaultSettings);
  });

  it('updates only the keys given and keeps them across reopen', async () => {
    await updateSettings(database.db, { theme: 'dark' });
    const after = await updateSettings(database.db, { retrievalTopK: 7 });
    expect(after).toEqual({ ...defaultSettings, theme: 'dark', retrievalTopK: 7 });
    await database.close();
    database = await openDatabase(join(dir, 'app.db'));
    await expect(readSettings(database.db)).resolves.toEqual(after);
  });

  it('falls back to the default for stored values that no longer validate', async () => {
    const now = new Date().toISOString();
    await database.db
      .insertInto('settings')
      .values([
        { key: 'theme', value_json: '"neon"', updated_at: now },
        { key: 'retrievalTopK', value_json: '4', updated_at: now },
        { key: 'removedInThisVersion', value_json: 'true', updated_at: now },
      ])
      .execute();
    await expect(readSettings(database.db)).resolves.toEqual({ ...defaultSettings, retrievalTopK: 4 });
  });
});
