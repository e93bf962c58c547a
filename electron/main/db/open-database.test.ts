import BetterSqlite3 from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, Migrator, SqliteDialect, sql, type Migration } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { latestMigration, migrations } from './migrations';
import { nativeBindingForThisRuntime } from './native-binding';
import { openDatabase } from './open-database';

const nativeBinding = nativeBindingForThisRuntime();
const rawConnection = (path: string, readonly = false) =>
  new BetterSqlite3(path, { readonly, ...(nativeBinding ? { nativeBinding } : {}) });
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'chattrain-db-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const expectedTables = [
  'users', 'scenarios', 'documents', 'document_chunks', 'document_chunks_fts', 'sessions', 'messages',
  'step_progress', 'feedback', 'risk_detections', 'session_summaries', 'reflections', 'goals',
  'goal_checkins', 'activity_log', 'settings',
];

describe('each migration on an in-memory database', () => {
  for (const name of Object.keys(migrations)) {
    it(`${name} goes up and down cleanly`, async () => {
      const db = new Kysely<any>({ dialect: new SqliteDialect({ database: rawConnection(':memory:') }) });
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
      const up = await migrator.migrateTo(name);
      expect(up.error).toBeUndefined();
      const tables = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type IN ('table', 'view')`.execute(db);
      expect(tables.rows.length).toBeGreaterThan(0);
      const down = await migrator.migrateDown();
      expect(down.error).toBeUndefined();
      await db.destroy();
    });
  }
});

describe('openDatabase', () => {
  it('creates the whole data model with the required pragmas', async () => {
    const path = join(dir, 'fresh.db');
    const database = await openDatabase(path);
    const names = database.sqlite
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`)
      .all()
      .map((row) => (row as { name: string }).name);
    for (const table of expectedTables) expect(names).toContain(table);
    const views = database.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'view'`).all();
    expect(views.map((row) => (row as { name: string }).name).sort()).toEqual(['scenario_performance', 'session_overview']);
    expect(database.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(database.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(database.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(database.backupPath).toBeNull();
    await database.close();
  });

  it('enforces enumerations and foreign keys', async () => {
    const database = await openDatabase(join(dir, 'checks.db'));
    const now = new Date().toISOString();
    await expect(
      database.db.insertInto('users').values({ id: 'u1', display_name: 'Ana', role: 'admin' as never, pin_hash: null, created_at: now, updated_at: now }).execute(),
    ).rejects.toThrow(/CHECK constraint failed/);
    await database.db.insertInto('users').values({ id: 'u1', display_name: 'Ana', role: 'trainee', pin_hash: null, created_at: now, updated_at: now }).execute();
    await database.db.insertInto('scenario_versions').values({ checksum: 'c1', scenario_id: 'x', version: '1.0.0', definition_json: '{}', first_seen_at: now }).execute();
    const session = {
      id: 's1', user_id: 'u1', scenario_id: 'x', scenario_version: '1.0.0', scenario_checksum: 'c1', variant: 'A' as const,
      status: 'in_progress' as const, completion_reason: null, engine: 'offline' as const, current_step_index: 0,
      total_score: null, passed: null, started_at: now, last_activity_at: now, completed_at: null, created_at: now, updated_at: now,
    };
    // A completed session must say why it ended.
    await expect(database.db.insertInto('sessions').values({ ...session, status: 'completed' }).execute()).rejects.toThrow(/CHECK/);
    await database.db.insertInto('sessions').values(session).execute();
    await expect(
      database.db.insertInto('messages').values({ id: 'm1', session_id: 'missing', seq: 0, role: 'trainee', content: 'hi', step_id: null, engine: null, prompt_tokens: null, completion_tokens: null, response_ms: null, created_at: now }).execute(),
    ).rejects.toThrow(/FOREIGN KEY/);
    await database.close();
  });

  it('reopens an up-to-date database without migrating or backing up', async () => {
    const path = join(dir, 'reopen.db');
    const first = await openDatabase(path);
    const now = new Date().toISOString();
    await first.db.insertInto('settings').values({ key: 'theme', value_json: '"dark"', updated_at: now }).execute();
    await first.close();
    const second = await openDatabase(path);
    const row = await second.db.selectFrom('settings').selectAll().where('key', '=', 'theme').executeTakeFirst();
    expect(row?.value_json).toBe('"dark"');
    expect(second.backupPath).toBeNull();
    await second.close();
    expect(readdirSync(dir).filter((name) => name.endsWith('.bak'))).toEqual([]);
  });

  it('refuses a database written by a newer version and leaves the file untouched', async () => {
    const path = join(dir, 'newer.db');
    const database = await openDatabase(path);
    await database.db
      .insertInto('kysely_migration' as never)
      .values({ name: '9999-from-the-future', timestamp: new Date().toISOString() } as never)
      .execute();
    await database.close();
    // Fold the WAL into the main file so the checksum covers everything.
    const raw = rawConnection(path);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.pragma('journal_mode = DELETE');
    raw.close();
    const before = sha256(path);
    const filesBefore = readdirSync(dir).sort();

    const attempt = openDatabase(path);
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: 'DATABASE_TOO_NEW', message: expect.stringMatching(/newer version of ChatTrain/) });
    expect(sha256(path)).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(filesBefore);
  });

  it('refuses a database whose migration history this app does not know', async () => {
    const path = join(dir, 'foreign-history.db');
    const raw = rawConnection(path);
    raw.exec(`CREATE TABLE kysely_migration (name varchar(255) NOT NULL PRIMARY KEY, timestamp varchar(255) NOT NULL)`);
    raw.exec(`INSERT INTO kysely_migration VALUES ('0000-prehistory', '2026-01-01T00:00:00.000Z')`);
    raw.close();
    await expect(openDatabase(path)).rejects.toMatchObject({ code: 'DATABASE_TOO_NEW' });
  });

  it('writes a backup copy beside the database before upgrading it', async () => {
    const path = join(dir, 'upgrade.db');
    const old = await openDatabase(path);
    await old.db.insertInto('settings').values({ key: 'theme', value_json: '"light"', updated_at: 'then' }).execute();
    await old.close();

    const nextVersion: Record<string, Migration> = {
      ...migrations,
      '0002-test-add-column': { up: async (db: Kysely<any>) => void (await sql`ALTER TABLE settings ADD COLUMN note TEXT`.execute(db)) },
    };
    const upgraded = await openDatabase(path, { migrations: nextVersion });
    expect(upgraded.backupPath).toMatch(new RegExp(`upgrade\\.db\\.before-${latestMigration}-.*\\.bak$`));
    const columns = upgraded.sqlite.prepare(`SELECT name FROM pragma_table_info('settings')`).all();
    expect(columns).toContainEqual({ name: 'note' });
    await upgraded.close();

    const backup = rawConnection(upgraded.backupPath!, true);
    expect(backup.prepare(`SELECT value_json FROM settings WHERE key = 'theme'`).get()).toEqual({ value_json: '"light"' });
    expect(backup.prepare(`SELECT name FROM pragma_table_info('settings')`).all()).not.toContainEqual({ name: 'note' });
    expect(backup.prepare(`SELECT name FROM kysely_migration ORDER BY name`).all()).toEqual(Object.keys(migrations).sort().map((name) => ({ name })));
    backup.close();

    // The older app, with the older map, now refuses the upgraded file instead of damaging it.
    await expect(openDatabase(path)).rejects.toMatchObject({ code: 'DATABASE_TOO_NEW' });
  });

  it('upgrades a database written with only the first migration, backing it up first', async () => {
    const path = join(dir, 'v1.db');
    const v1 = await openDatabase(path, { migrations: { '0001-initial': migrations['0001-initial']! } });
    await v1.db.insertInto('settings').values({ key: 'theme', value_json: '"dark"', updated_at: 'then' }).execute();
    await v1.close();
    const current = await openDatabase(path);
    expect(current.backupPath).toMatch(/before-0001-initial-/);
    const indexes = current.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'idx_risk_message'`).all();
    expect(indexes).toHaveLength(1);
    expect(await current.db.selectFrom('settings').select('value_json').where('key', '=', 'theme').executeTakeFirst()).toEqual({ value_json: '"dark"' });
    await current.close();
  });

  it('reports a file that is not a database in plain words', async () => {
    const path = join(dir, 'garbage.db');
    writeFileSync(path, 'this is not sqlite at all '.repeat(200));
    await expect(openDatabase(path)).rejects.toMatchObject({ code: 'DATABASE_CORRUPT', message: expect.stringMatching(/damaged or is not a ChatTrain database/) });
  });

  it('refuses an SQLite database that belongs to another program', async () => {
    const path = join(dir, 'other.db');
    const raw = rawConnection(path);
    raw.exec(`CREATE TABLE something_else (x)`);
    raw.close();
    await expect(openDatabase(path)).rejects.toMatchObject({ code: 'DATABASE_CORRUPT' });
  });
});
