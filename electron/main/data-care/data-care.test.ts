import BetterSqlite3 from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { claimScenario, openTestDb, playSession, type TestDb } from '../cohort/testing/fixtures';
import { generateCohort } from '../cohort/testing/generate-cohort';
import { nativeBindingForThisRuntime } from '../db/native-binding';
import { openDatabase, type AppDatabase } from '../db/open-database';
import { createProfile } from '../people/profiles';
import { backupDatabase, backupNow, findLatestBackup, listBackups } from './backup';
import { deleteProfileData } from './delete-profile-data';
import { checkDatabase, checkDatabaseFile, inspectDatabaseFile } from './integrity';
import { moveDataDir, removeMovedSource } from './move-data-dir';
import { restoreDatabase } from './restore';
import { applyRetention, applyRetentionFromSettings } from './retention';
import { updateSettings } from '../settings/settings-store';

let t: TestDb;
let dataDir: string;
let dbPath: string;
/** Folders a test makes beside the data folder; removed afterwards. */
let extraDirs: string[] = [];
const sibling = (suffix: string) => {
  const path = `${dataDir}-${suffix}`;
  extraDirs.push(path);
  return path;
};
beforeEach(async () => {
  extraDirs = [];
  t = await openTestDb('chattrain-care-', '2026-03-02T09:00:00.000Z', 'chattrain.db');
  dataDir = t.dir;
  dbPath = join(dataDir, 'chattrain.db');
});
afterEach(async () => {
  await t.cleanup();
  for (const dir of [dataDir, ...extraDirs]) rmSync(dir, { recursive: true, force: true });
});

const counts = (database: AppDatabase) =>
  Object.fromEntries(
    ['users', 'sessions', 'messages', 'feedback', 'step_progress', 'risk_detections', 'session_summaries', 'reflections', 'activity_log'].map((table) => [
      table,
      (database.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n,
    ]),
  );
const fileHash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const raw = (path: string) => {
  const binding = nativeBindingForThisRuntime();
  return new BetterSqlite3(path, binding ? { nativeBinding: binding } : {});
};

/**
 * Damages a closed database file in its middle: `cells` overwrites 200 bytes inside each
 * of a few b-tree pages (quick_check lists the damage), `pages` whole pages (SQLite
 * reports the file as malformed).
 */
function corruptMiddle(path: string, mode: 'cells' | 'pages' = 'cells') {
  const pageSize = 4096;
  const pages = Math.floor(statSync(path).size / pageSize);
  const [offset, length] = mode === 'cells' ? [1000, 200] : [0, pageSize];
  const fd = openSync(path, 'r+');
  try {
    for (let page = Math.floor(pages / 2); page < Math.floor(pages / 2) + 4; page++) {
      writeSync(fd, Buffer.alloc(length, 0x5a), 0, length, page * pageSize + offset);
    }
  } finally {
    closeSync(fd);
  }
}

describe('backup, integrity check and restore', () => {
  it('backup → corrupt the live file → quick_check fails → restore the latest backup → data back', async () => {
    generateCohort(t.database, { sessions: 300, messagesPerSession: 20, trainees: 10 });
    expect((await checkDatabase(t.database)).ok).toBe(true);
    const before = counts(t.database);

    const backup = await backupNow(t.database, dataDir, new Date('2026-03-02T10:00:00.000Z'));
    expect(backup.path).toBe(join(dataDir, 'backups', 'chattrain-2026-03-02T10-00-00-000Z.db'));
    expect(backup.integrity.ok).toBe(true);
    expect(backup.bytes).toBeGreaterThan(100_000);

    await t.database.close();
    corruptMiddle(dbPath);
    const check = checkDatabaseFile(dbPath);
    expect(check.ok).toBe(false);
    expect(check.problems.length).toBeGreaterThan(0);
    expect(check.problems.join('\n')).toMatch(/Tree \d+ page \d+|out of order|corruption|malformed/);
    expect(check.problems.length).toBeLessThanOrEqual(20);
    expect(check.message).toMatch(/damaged/);

    const latest = await findLatestBackup(dataDir);
    expect(latest?.path).toBe(backup.path);
    const restored = await restoreDatabase({ backupPath: latest!.path, databasePath: dbPath });
    expect(restored.previousSavedAs).toMatch(/chattrain\.db\.before-restore-/);
    expect(existsSync(restored.previousSavedAs!)).toBe(true);

    t.database = await openDatabase(dbPath);
    expect(counts(t.database)).toEqual(before);
    expect((await checkDatabase(t.database)).ok).toBe(true);
  });

  it('a failed restore changes nothing: corrupt, foreign, newer or missing backups are refused', async () => {
    const ana = await createProfile(t.database.db, { displayName: 'Ana', role: 'trainee' });
    await playSession(t, ana.id, claimScenario, 'pass');
    const good = await backupDatabase(t.database, join(dataDir, 'manual.db'));

    const corrupt = join(dataDir, 'corrupt.db');
    generateCohort(t.database, { sessions: 100, messagesPerSession: 20, trainees: 3, prefix: 'c' });
    await backupDatabase(t.database, corrupt);
    corruptMiddle(corrupt, 'pages');
    const foreign = join(dataDir, 'foreign.db');
    const other = raw(foreign);
    other.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    other.close();
    const newer = join(dataDir, 'newer.db');
    await backupDatabase(t.database, newer);
    const n = raw(newer);
    n.prepare(`INSERT INTO kysely_migration (name, timestamp) VALUES ('9999-future', '2030-01-01')`).run();
    n.close();
    const notDb = join(dataDir, 'notes.txt');
    writeFileSync(notDb, 'hello, this is not a database at all'.repeat(200));

    await t.database.close();
    const hash = fileHash(dbPath);
    const expectations: [string, string][] = [
      [corrupt, 'DATABASE_CORRUPT'],
      [foreign, 'BAD_INPUT'],
      [newer, 'DATABASE_TOO_NEW'],
      [notDb, 'DATABASE_CORRUPT'],
      [join(dataDir, 'missing.db'), 'NOT_FOUND'],
      [dbPath, 'BAD_INPUT'],
    ];
    for (const [path, code] of expectations) {
      const error = await restoreDatabase({ backupPath: path, databasePath: dbPath }).then(() => null, (e: unknown) => e);
      expect(error, path).toBeInstanceOf(AppError);
      expect((error as AppError).code, path).toBe(code);
      expect(fileHash(dbPath)).toBe(hash);
    }
    expect(readdirSync(dataDir).filter((name) => name.includes('partial') || name.includes('before-restore'))).toEqual([]);

    // And the good one still restores.
    await restoreDatabase({ backupPath: good.path, databasePath: dbPath });
    t.database = await openDatabase(dbPath);
    expect((await t.database.db.selectFrom('sessions').select('id').execute()).length).toBe(1);
  });

  it('inspects files: ChatTrain, foreign, too new', async () => {
    await t.database.close();
    expect(inspectDatabaseFile(dbPath)).toMatchObject({ kind: 'chattrain', unknown: [], integrity: { ok: true } });
    expect(inspectDatabaseFile(join(dataDir, 'nope.db')).kind).toBe('missing');
    t.database = await openDatabase(dbPath);
  });

  it('refuses to back up over the live database; lists backups newest first and skips broken ones', async () => {
    await expect(backupDatabase(t.database, dbPath)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    const older = await backupNow(t.database, dataDir, new Date('2026-01-01T00:00:00.000Z'));
    const newer = await backupNow(t.database, dataDir, new Date('2026-02-01T00:00:00.000Z'));
    utimesSync(older.path, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
    utimesSync(newer.path, new Date('2026-02-01T00:00:00Z'), new Date('2026-02-01T00:00:00Z'));
    const broken = join(dataDir, 'backups', 'chattrain-2026-03-01.db');
    mkdirSync(join(dataDir, 'backups'), { recursive: true });
    writeFileSync(broken, 'garbage');
    utimesSync(broken, new Date('2026-03-01T00:00:00Z'), new Date('2026-03-01T00:00:00Z'));
    expect((await listBackups(dataDir)).map((b) => b.path)).toEqual([broken, newer.path, older.path]);
    expect((await findLatestBackup(dataDir))?.path).toBe(newer.path);
    expect((await findLatestBackup(dataDir, { verify: false }))?.path).toBe(broken);

    // openDatabase's pre-migration copies (WAL-mode files beside the database) count too,
    // and checking them leaves no -wal/-shm behind.
    const preMigration = join(dataDir, 'chattrain.db.before-0001-initial-2026-03-01.bak');
    await t.database.sqlite.backup(preMigration);
    utimesSync(preMigration, new Date('2026-03-02T00:00:00Z'), new Date('2026-03-02T00:00:00Z'));
    expect(await findLatestBackup(dataDir)).toMatchObject({ path: preMigration, kind: 'pre-migration' });
    expect(existsSync(`${preMigration}-wal`) || existsSync(`${preMigration}-shm`)).toBe(false);
  });
});

describe('retention', () => {
  it('prunes abandoned sessions and activity rows older than the configured days; 0 keeps everything', async () => {
    const db = t.database.db;
    const ana = await createProfile(db, { displayName: 'Ana', role: 'trainee' });
    t.clock.now = new Date('2026-01-01T09:00:00.000Z');
    const oldAbandoned = await playSession(t, ana.id, claimScenario, 'abandon');
    const oldCompleted = await playSession(t, ana.id, claimScenario, 'pass');
    t.clock.now = new Date('2026-03-25T09:00:00.000Z');
    const recentAbandoned = await playSession(t, ana.id, claimScenario, 'abandon');
    const now = new Date('2026-04-01T00:00:00.000Z');

    expect(await applyRetention(db, { abandonedDays: 0, activityDays: 0 }, now)).toMatchObject({ abandonedSessions: 0, activityRows: 0, abandonedBefore: null });
    const result = await applyRetention(db, { abandonedDays: 30, activityDays: 60 }, now);
    expect(result.abandonedSessions).toBe(1);
    expect(result.abandonedBefore).toBe('2026-03-02T00:00:00.000Z');
    expect(result.activityRows).toBeGreaterThan(0);
    const left = (await db.selectFrom('sessions').select('id').execute()).map((row) => row.id).sort();
    expect(left).toEqual([oldCompleted, recentAbandoned].sort());
    expect(await db.selectFrom('messages').select('id').where('session_id', '=', oldAbandoned).execute()).toEqual([]);
    const oldest = await db.selectFrom('activity_log').select((eb) => eb.fn.min('created_at').as('first')).executeTakeFirstOrThrow();
    expect(oldest.first! >= '2026-01-31T00:00:00.000Z').toBe(true);
    await expect(applyRetention(db, { abandonedDays: -1, activityDays: 0 }, now)).rejects.toMatchObject({ code: 'BAD_INPUT' });

    await updateSettings(db, { retentionAbandonedDays: 1, retentionActivityDays: 0 });
    expect(await applyRetentionFromSettings(db, now)).toMatchObject({ abandonedSessions: 1, activityRows: 0 });
  });
});

describe('delete my data', () => {
  it('removes a profile’s sessions, goals, reflections and activity in one go and keeps the profile and others’ data', async () => {
    const db = t.database.db;
    const ana = await createProfile(db, { displayName: 'Ana', role: 'trainee' });
    const ben = await createProfile(db, { displayName: 'Ben', role: 'trainee' });
    const anaSession = await playSession(t, ana.id, claimScenario, 'pass');
    const benSession = await playSession(t, ben.id, claimScenario, 'pass');
    const now = new Date().toISOString();
    await db.insertInto('reflections').values({ id: 'r1', session_id: anaSession, user_id: ana.id, takeaways: 'x', revised_goal: null, created_at: now, updated_at: now }).execute();
    await db
      .insertInto('goals')
      .values({ id: 'g1', user_id: ana.id, scenario_id: null, session_id: null, specific: 's', measurable: 'm', achievable: 'a', relevant: 'r', time_bound: 't', status: 'active', created_at: now, updated_at: now })
      .execute();
    await db.insertInto('activity_log').values({ user_id: ana.id, session_id: null, type: 'document_viewed', details_json: '{}', created_at: now }).execute();
    const benBefore = JSON.stringify(await db.selectFrom('messages').selectAll().where('session_id', '=', benSession).execute());

    const deleted = await deleteProfileData(db, ana.id);
    expect(deleted).toMatchObject({ sessions: 1, goals: 1, reflections: 1 });
    expect(deleted.activity).toBeGreaterThan(1);
    expect(await db.selectFrom('users').select('id').where('id', '=', ana.id).execute()).toHaveLength(1);
    expect(await db.selectFrom('sessions').select('id').where('user_id', '=', ana.id).execute()).toEqual([]);
    expect(await db.selectFrom('activity_log').select('id').where('user_id', '=', ana.id).execute()).toEqual([]);
    expect(await db.selectFrom('goals').select('id').execute()).toEqual([]);
    expect(JSON.stringify(await db.selectFrom('messages').selectAll().where('session_id', '=', benSession).execute())).toBe(benBefore);
    await expect(deleteProfileData(db, 'nobody')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('is all or nothing', async () => {
    const db = t.database.db;
    const ana = await createProfile(db, { displayName: 'Ana', role: 'trainee' });
    await playSession(t, ana.id, claimScenario, 'pass');
    const before = counts(t.database);
    await expect(
      db.transaction().execute(async (trx) => {
        await deleteProfileData(trx, ana.id);
        throw new Error('something later in the same action failed');
      }),
    ).rejects.toThrow('later');
    expect(counts(t.database)).toEqual(before);
  });
});

describe('moving the data folder', () => {
  it('copies the live database and files, verifies them, and keeps the source until told otherwise', async () => {
    generateCohort(t.database, { sessions: 50, messagesPerSession: 10, trainees: 3 });
    mkdirSync(join(dataDir, 'content-packs', 'pack-1'), { recursive: true });
    writeFileSync(join(dataDir, 'content-packs', 'pack-1', 'scenario.yaml'), 'id: x\n');
    await backupNow(t.database, dataDir);
    const to = sibling('moved');

    const result = await moveDataDir(dataDir, to, { database: t.database });
    expect(result.tables.sessions).toBe(50);
    expect(result.files.map((f) => f.path).sort()).toEqual([expect.stringMatching(/^backups\/chattrain-.*\.db$/), 'content-packs/pack-1/scenario.yaml'].sort());
    expect(result.sourceRemoved).toBe(false);
    expect(existsSync(dbPath)).toBe(true);
    const moved = await openDatabase(join(to, 'chattrain.db'));
    expect(counts(moved)).toEqual(counts(t.database));
    await moved.close();

    await t.database.close();
    await removeMovedSource(result);
    expect(existsSync(dbPath)).toBe(false);
    expect(existsSync(join(dataDir, 'content-packs'))).toBe(false);
    t.database = await openDatabase(join(to, 'chattrain.db'));
    t.dir = to; // cleanup removes the new place
  });

  it('refuses a non-empty or nested target, leaving everything as it was', async () => {
    const busy = sibling('busy');
    mkdirSync(busy, { recursive: true });
    writeFileSync(join(busy, 'keep.txt'), 'mine');
    await expect(moveDataDir(dataDir, busy, { database: t.database })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(readdirSync(busy)).toEqual(['keep.txt']);
    await expect(moveDataDir(dataDir, join(dataDir, 'inner'), { database: t.database })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(moveDataDir(dataDir, join(busy, 'x'), { database: t.database, removeSource: true })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('moves a closed data folder and removes the source only after verification', async () => {
    await playSession(t, (await createProfile(t.database.db, { displayName: 'Ana', role: 'trainee' })).id, claimScenario, 'pass');
    await t.database.close();
    const to = sibling('closed');
    const result = await moveDataDir(dataDir, to, { removeSource: true });
    expect(result.sourceRemoved).toBe(true);
    expect(existsSync(dbPath)).toBe(false);
    t.database = await openDatabase(join(to, 'chattrain.db'));
    expect((await t.database.db.selectFrom('sessions').select('id').execute()).length).toBe(1);
    t.dir = to;
  });
});
