import BetterSqlite3 from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import type { IpcChannel, IpcInput, IpcOutput } from '../../../shared/ipc/contract';
import type { Profile } from '../../../shared/people/types';
import { createChatTrainCore, type ChatTrainCore, type CoreOptions } from '../chattrain-core';
import { generateCohort } from '../cohort/testing/generate-cohort';
import { nativeBindingForThisRuntime } from '../db/native-binding';
import { bundledContentDir } from '../paths';
import { DATA_LOCATION_FILE } from './data-location';
import { checkDatabaseFile } from './integrity';

/**
 * Data care through the IPC handlers of a real core (real database files, bundled content),
 * as the Data care and recovery screens reach them.
 */

const SCENARIO = 'insurance.claim_handling.v1';
const PIN = '2468';

let root: string;
let home: string;
let core: ChatTrainCore;
const clock = { now: new Date('2026-03-02T09:00:00.000Z') };

const options = (): CoreOptions => ({ dataDir: home, bundledContentDir: bundledContentDir(), mode: 'cli', appVersion: 'test', now: () => clock.now });
const start = async () => (core = await createChatTrainCore(options()));

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'chattrain-live-care-'));
  home = join(root, 'home');
  clock.now = new Date('2026-03-02T09:00:00.000Z');
  await start();
});
afterEach(async () => {
  await core.close();
  rmSync(root, { recursive: true, force: true });
});

/** Calls a channel the way the router does once the input passed its schema. */
function call<C extends IpcChannel>(channel: C, ...input: IpcInput<C> extends undefined ? [] : [IpcInput<C>]): Promise<IpcOutput<C>> {
  const handler = core.handlers[channel] as (value: unknown) => Promise<IpcOutput<C>> | IpcOutput<C>;
  return Promise.resolve(handler(input[0]));
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return error instanceof AppError ? error.code : `not an AppError: ${String(error)}`;
  }
}

async function becomeFacilitator(): Promise<Profile> {
  const fran = await call('profiles.create', { displayName: 'Fran', role: 'facilitator', pin: PIN });
  const switched = await call('profiles.switch', { profileId: fran.id, pin: PIN });
  expect(switched.ok).toBe(true);
  return fran;
}

const profileNames = async () => (await call('profiles.list')).map((profile) => profile.displayName).sort();

/** Damages a closed database file: whole pages in its middle are overwritten. */
function corruptMiddle(path: string) {
  const pageSize = 4096;
  const pages = Math.floor(statSync(path).size / pageSize);
  const fd = openSync(path, 'r+');
  try {
    for (let page = Math.floor(pages / 2); page < Math.floor(pages / 2) + 4; page++) writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, page * pageSize);
  } finally {
    closeSync(fd);
  }
}

const raw = (path: string) => {
  const binding = nativeBindingForThisRuntime();
  return new BetterSqlite3(path, binding ? { nativeBinding: binding } : {});
};

/**
 * Makes a database file whose activity index no longer matches its table: sound enough for
 * `PRAGMA quick_check`, caught only by the full `integrity_check`.
 */
function breakIndexOnly(path: string) {
  const sqlite = raw(path);
  sqlite.pragma('journal_mode = DELETE');
  sqlite.exec('DELETE FROM activity_log');
  const insert = sqlite.prepare(`INSERT INTO activity_log (type, details_json, created_at) VALUES ('export_generated', '{}', ?)`);
  for (const day of ['01', '02', '03']) insert.run(`2030-01-${day}T00:00:00.000Z`);
  const root = sqlite.prepare(`SELECT rootpage FROM sqlite_master WHERE name = 'idx_activity_created'`).pluck().get() as number;
  const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
  sqlite.close();
  const bytes = readFileSync(path);
  const page = bytes.subarray((root - 1) * pageSize, root * pageSize);
  // The largest key, made larger still: the index stays in order, but no longer matches its row.
  page.write('2030-01-04', page.indexOf(Buffer.from('2030-01-03')));
  writeFileSync(path, bytes);
}

async function upload(path: string): Promise<string> {
  return core.uploads.save(Readable.from([readFileSync(path)]), 'backup.db');
}

describe('data care channels', () => {
  it('refuses trainees on every dataCare channel; recovery.* says all is well', async () => {
    expect((await call('profiles.current')).role).toBe('trainee');
    const refused = [
      call('dataCare.info'),
      call('dataCare.backupNow'),
      call('dataCare.saveBackupCopy', { backupId: 'backups/x.db' }),
      call('dataCare.restore', { from: { kind: 'backup', backupId: 'backups/x.db' } }),
      call('dataCare.setRetention', { abandonedDays: 1, activityDays: 1, pruneAtStartup: true }),
      call('dataCare.pruneNow'),
      call('dataCare.moveDataDir', { target: { kind: 'path', path: join(root, 'elsewhere') } }),
    ];
    for (const attempt of refused) expect(await codeOf(attempt)).toBe('UNAUTHORIZED');
    expect(existsSync(join(root, 'elsewhere'))).toBe(false);
    expect(existsSync(join(home, 'backups'))).toBe(false);
    expect(await call('recovery.status')).toEqual({ state: 'ok' });
    expect(await codeOf(call('recovery.restoreLatest'))).toBe('CONFLICT');
    expect(await codeOf(call('recovery.startFresh'))).toBe('CONFLICT');
  });

  it('backup now → change the data → restore brings the old data back, keeps a safety copy, and the core keeps working', async () => {
    const fran = await becomeFacilitator();
    await call('profiles.create', { displayName: 'Bob', role: 'trainee' });
    const made = await call('dataCare.backupNow');
    expect(made.backup).toMatchObject({ kind: 'manual', id: expect.stringMatching(/^backups\/chattrain-.*\.db$/) });
    expect(made.backup.bytes).toBeGreaterThan(0);
    const info = await call('dataCare.info');
    expect(info.backups.map((backup) => backup.id)).toEqual([made.backup.id]);
    expect(info.lastBackupAt).toBe(made.backup.createdAt);
    expect(info).toMatchObject({ dataDir: home, homeDir: home, folderPicker: 'typed', retention: { abandonedDays: 90, activityDays: 365, pruneAtStartup: false } });
    expect(info.databaseBytes).toBeGreaterThan(0);
    const activity = core.database.sqlite.prepare(`SELECT details_json FROM activity_log WHERE type = 'export_generated'`).pluck().all() as string[];
    expect(activity.map((row) => JSON.parse(row))).toEqual([expect.objectContaining({ kind: 'database_backup', destination: 'backups_folder' })]);

    // Changes after the backup.
    await call('profiles.create', { displayName: 'Carl', role: 'trainee' });
    const session = await call('sessions.create', { scenarioId: SCENARIO });
    expect(await profileNames()).toEqual(['Bob', 'Carl', 'Fran']);
    const changed: string[] = [];
    const stop = core.events.listen((event) => changed.push(event));

    // Calls arriving while the restore runs never meet a closed database: they finish
    // before it starts, or wait for it and see the restored data.
    const restoring = call('dataCare.restore', { from: { kind: 'backup', backupId: made.backup.id } });
    const meanwhile = Array.from({ length: 12 }, (_, i) => new Promise((resolve) => setTimeout(resolve, i * 5)).then(profileNames));
    const outcome = (await restoring)!;
    for (const names of await Promise.all(meanwhile)) expect([['Bob', 'Carl', 'Fran'], ['Bob', 'Fran']]).toContainEqual(names);
    stop();
    expect(outcome).toMatchObject({ restoredFrom: made.backup.fileName, profiles: 2, sessions: 0 });
    expect(outcome.safetyBackup).toMatchObject({ kind: 'before-restore' });
    expect(existsSync(outcome.previousKeptAs!)).toBe(true);
    expect(changed).toContain('scenarios.changed');

    // Same person still at the keyboard, the old data back, and everything works on it.
    expect((await call('profiles.current')).id).toBe(fran.id);
    expect(await profileNames()).toEqual(['Bob', 'Fran']);
    expect(await codeOf(call('sessions.get', { sessionId: session.session.id }))).toBe('NOT_FOUND');
    expect((await call('scenarios.list')).some((scenario) => scenario.id === SCENARIO)).toBe(true);
    const again = await call('sessions.create', { scenarioId: SCENARIO });
    expect(again.session.status).toBeTruthy();

    // The safety copy is listed and undoes the restore.
    const listed = await call('dataCare.info');
    expect(listed.backups.map((backup) => backup.kind).sort()).toEqual(['before-restore', 'manual']);
    await call('dataCare.restore', { from: { kind: 'backup', backupId: outcome.safetyBackup!.id } });
    expect(await profileNames()).toEqual(['Bob', 'Carl', 'Fran']);
    expect((await call('sessions.get', { sessionId: session.session.id })).session.id).toBe(session.session.id);
  });

  it('refuses a file that is not a database, a damaged backup and an unlisted backup id, changing nothing', async () => {
    await becomeFacilitator();
    generateCohort(core.database, { sessions: 60, messagesPerSession: 20, trainees: 4 });
    const sessions = () => (core.database.sqlite.prepare('SELECT count(*) FROM sessions').pluck().get() as number);
    const before = sessions();

    const text = join(root, 'notes.txt');
    writeFileSync(text, 'This is not a database. '.repeat(300));
    const damaged = join(root, 'damaged.db');
    await core.database.sqlite.backup(damaged);
    corruptMiddle(damaged);
    const foreign = join(root, 'foreign.db');
    const other = raw(foreign);
    other.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY)');
    other.close();
    const badIndex = join(root, 'bad-index.db');
    await core.database.sqlite.backup(badIndex);
    breakIndexOnly(badIndex);
    expect(checkDatabaseFile(badIndex).ok).toBe(true);

    expect(await codeOf(call('dataCare.restore', { from: { kind: 'file', source: { kind: 'upload', uploadId: await upload(text) } } }))).toBe('DATABASE_CORRUPT');
    expect(await codeOf(call('dataCare.restore', { from: { kind: 'file', source: { kind: 'upload', uploadId: await upload(damaged) } } }))).toBe('DATABASE_CORRUPT');
    expect(await codeOf(call('dataCare.restore', { from: { kind: 'file', source: { kind: 'upload', uploadId: await upload(foreign) } } }))).toBe('BAD_INPUT');
    expect(await codeOf(call('dataCare.restore', { from: { kind: 'file', source: { kind: 'upload', uploadId: await upload(badIndex) } } }))).toBe('DATABASE_CORRUPT');
    expect(await codeOf(call('dataCare.restore', { from: { kind: 'backup', backupId: '../damaged.db' } }))).toBe('NOT_FOUND');
    expect(await codeOf(call('dataCare.restore', { from: { kind: 'file', source: { kind: 'dialog' } } }))).toBe('BAD_INPUT');

    expect(sessions()).toBe(before);
    expect(existsSync(join(home, 'backups'))).toBe(false);
    expect(readdirSync(home).filter((name) => name.includes('before-restore') || name.includes('partial'))).toEqual([]);
    expect(readdirSync(join(home, 'uploads'))).toEqual([]);
  });

  it('saves a copy of a listed backup for download and logs it', async () => {
    const fran = await becomeFacilitator();
    const made = await call('dataCare.backupNow');
    const delivery = await call('dataCare.saveBackupCopy', { backupId: made.backup.id });
    expect(delivery).toMatchObject({ kind: 'download', fileName: made.backup.fileName, mimeType: 'application/vnd.sqlite3' });
    if (delivery.kind !== 'download') throw new Error('expected a download');
    expect(Buffer.from(delivery.base64, 'base64').subarray(0, 15).toString()).toBe('SQLite format 3');
    const rows = core.database.sqlite.prepare(`SELECT user_id, details_json FROM activity_log WHERE type = 'export_generated' ORDER BY id`).all() as { user_id: string; details_json: string }[];
    expect(rows.map((row) => [row.user_id, JSON.parse(row.details_json).destination])).toEqual([
      [fran.id, 'backups_folder'],
      [fran.id, 'download'],
    ]);
  });

  it('retention: saves the settings, prunes now with counts, and at start-up when asked to', async () => {
    await becomeFacilitator();
    clock.now = new Date('2026-01-05T09:00:00.000Z');
    const old = await call('sessions.create', { scenarioId: SCENARIO });
    await call('sessions.start', { sessionId: old.session.id });
    await call('sessions.abandon', { sessionId: old.session.id });
    clock.now = new Date('2026-03-01T09:00:00.000Z');
    const recent = await call('sessions.create', { scenarioId: SCENARIO });
    await call('sessions.start', { sessionId: recent.session.id });
    await call('sessions.abandon', { sessionId: recent.session.id });

    expect(await call('dataCare.setRetention', { abandonedDays: 30, activityDays: 0, pruneAtStartup: false })).toEqual({ abandonedDays: 30, activityDays: 0, pruneAtStartup: false });
    const pruned = await call('dataCare.pruneNow');
    expect(pruned).toMatchObject({ abandonedSessions: 1, activityRows: 0, activityBefore: null });
    expect(pruned.abandonedBefore).toBe('2026-01-30T09:00:00.000Z');
    expect(await codeOf(call('sessions.get', { sessionId: old.session.id }))).toBe('NOT_FOUND');
    expect((await call('sessions.get', { sessionId: recent.session.id })).session.status).toBe('abandoned');
    expect(await call('dataCare.pruneNow')).toMatchObject({ abandonedSessions: 0 });

    // At start-up, only when switched on.
    await call('dataCare.setRetention', { abandonedDays: 10, activityDays: 0, pruneAtStartup: false });
    await core.close();
    clock.now = new Date('2026-04-01T09:00:00.000Z');
    await start();
    expect(core.database.sqlite.prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(1);
    await becomeFacilitatorAgain();
    await call('dataCare.setRetention', { abandonedDays: 10, activityDays: 0, pruneAtStartup: true });
    await core.close();
    await start();
    expect(core.database.sqlite.prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(0);
  });

  it('moves the data folder, verifies it, and a new core finds it again through the home folder', async () => {
    const fran = await becomeFacilitator();
    await call('profiles.create', { displayName: 'Bob', role: 'trainee' });
    await call('dataCare.backupNow');
    const target = join(root, 'usb', 'ChatTrain data');
    mkdirSync(join(root, 'usb'));

    // Bad targets change nothing.
    expect(await codeOf(call('dataCare.moveDataDir', { target: { kind: 'path', path: 'relative/folder' } }))).toBe('BAD_INPUT');
    expect(await codeOf(call('dataCare.moveDataDir', { target: { kind: 'path', path: join(root, 'missing', 'parent') } }))).toBe('BAD_INPUT');
    expect(await codeOf(call('dataCare.moveDataDir', { target: { kind: 'path', path: join(home, 'inside') } }))).toBe('BAD_INPUT');
    expect(await codeOf(call('dataCare.moveDataDir', { target: { kind: 'path', path: home } }))).toBe('BAD_INPUT');
    mkdirSync(join(root, 'busy'));
    writeFileSync(join(root, 'busy', 'mine.txt'), 'keep me');
    expect(await codeOf(call('dataCare.moveDataDir', { target: { kind: 'path', path: join(root, 'busy') } }))).toBe('CONFLICT');
    expect(readdirSync(join(root, 'busy'))).toEqual(['mine.txt']);
    expect(await codeOf(call('dataCare.moveDataDir', { target: { kind: 'dialog' } }))).toBe('BAD_INPUT');
    expect(existsSync(join(home, DATA_LOCATION_FILE))).toBe(false);

    const moved = (await call('dataCare.moveDataDir', { target: { kind: 'path', path: target } }))!;
    expect(moved).toMatchObject({ from: home, to: target, files: 1, oldRemoved: true });
    expect(moved.rows).toBeGreaterThan(0);
    expect(existsSync(join(target, 'chattrain.db'))).toBe(true);
    expect(readdirSync(join(target, 'backups'))).toHaveLength(1);
    expect(existsSync(join(home, 'chattrain.db'))).toBe(false);
    expect(existsSync(join(home, 'backups'))).toBe(false);
    expect(existsSync(join(home, DATA_LOCATION_FILE))).toBe(true);
    // The app keeps running on the new folder, as the same person.
    expect((await call('profiles.current')).id).toBe(fran.id);
    expect((await call('app.info')).databasePath).toBe(join(target, 'chattrain.db'));
    await call('profiles.create', { displayName: 'Dana', role: 'trainee' });

    // A restart (desktop, browser mode or CLI all start from the home folder) finds the data there.
    await core.close();
    await start();
    expect(core.options.dataDir).toBe(target);
    expect(await profileNames()).toEqual(['Bob', 'Dana', 'Fran']);
    await becomeFacilitatorAgain();
    expect((await call('dataCare.info')).backups).toHaveLength(1);

    // And back home again: the note goes away.
    const back = await call('dataCare.moveDataDir', { target: { kind: 'path', path: home } });
    expect(back).toMatchObject({ to: home, oldRemoved: true });
    expect(existsSync(join(home, DATA_LOCATION_FILE))).toBe(false);
    expect(existsSync(target)).toBe(false);
    await core.close();
    await start();
    expect(core.options.dataDir).toBe(home);
    expect(await profileNames()).toEqual(['Bob', 'Dana', 'Fran']);
  });

  it('says so when the folder the data moved to is gone, instead of starting empty somewhere else', async () => {
    await becomeFacilitator();
    const target = join(root, 'stick');
    await call('dataCare.moveDataDir', { target: { kind: 'path', path: target } });
    await core.close();
    renameSync(target, join(root, 'unplugged'));
    await expect(createChatTrainCore(options())).rejects.toMatchObject({ code: 'IO_ERROR', message: expect.stringMatching(/connect it/) });
    expect(existsSync(join(home, 'chattrain.db'))).toBe(false);
    writeFileSync(join(home, DATA_LOCATION_FILE), 'not json');
    await expect(createChatTrainCore(options())).rejects.toMatchObject({ code: 'IO_ERROR', message: expect.stringMatching(/cannot be read/) });
  });

  it('refuses to start on a database written by a newer version (not a recovery case)', async () => {
    core.database.sqlite.prepare(`INSERT INTO kysely_migration (name, timestamp) VALUES ('9999-future', '2030-01-01')`).run();
    await core.close();
    await expect(createChatTrainCore(options())).rejects.toMatchObject({ code: 'DATABASE_TOO_NEW' });
  });
});

/** Fran again, by her PIN (a restart forgets a PIN-protected profile). */
async function becomeFacilitatorAgain(): Promise<void> {
  const fran = (await call('profiles.list')).find((profile) => profile.displayName === 'Fran')!;
  expect((await call('profiles.switch', { profileId: fran.id, pin: PIN })).ok).toBe(true);
}

describe('start-up integrity check and recovery', () => {
  it('a damaged database starts the core in recovery; restoring the latest backup brings the data back', async () => {
    await becomeFacilitator();
    generateCohort(core.database, { sessions: 200, messagesPerSession: 20, trainees: 6 });
    const backup = await call('dataCare.backupNow');
    const atBackup = await profileNames();
    await call('profiles.create', { displayName: 'After the backup', role: 'trainee' });
    await core.close();
    corruptMiddle(join(home, 'chattrain.db'));

    await start();
    expect(core.data.recovery).toMatchObject({ kind: 'damaged' });
    const status = await call('recovery.status');
    if (status.state !== 'recovery') throw new Error('expected recovery');
    expect(status.problem.message).toMatch(/integrity check/);
    expect(status.problem.details.length).toBeGreaterThan(0);
    expect(status.latestBackup).toMatchObject({ id: backup.backup.id });
    expect((await call('app.info')).databasePath).toBe(join(home, 'chattrain.db'));
    // Nothing else works on a damaged database, with a message that says why.
    expect(await codeOf(call('scenarios.list'))).toBe('DATABASE_CORRUPT');
    expect(await codeOf(call('profiles.list'))).toBe('DATABASE_CORRUPT');
    expect(await codeOf(call('dataCare.info'))).toBe('DATABASE_CORRUPT');
    expect(() => core.database).toThrow(AppError);

    const restored = await call('recovery.restoreLatest');
    expect(restored).toMatchObject({ restoredFrom: backup.backup.fileName, safetyBackup: null, sessions: 200 });
    // The damaged file is kept, not deleted.
    expect(restored.previousKeptAs).toMatch(/chattrain\.db\.before-restore-/);
    expect(existsSync(restored.previousKeptAs!)).toBe(true);
    expect(core.data.recovery).toBeNull();
    expect(await call('recovery.status')).toEqual({ state: 'ok' });
    expect(await profileNames()).toEqual(atBackup);
    expect((await call('scenarios.list')).length).toBeGreaterThan(0);
    const session = await call('sessions.create', { scenarioId: SCENARIO });
    expect(session.session.id).toBeTruthy();

    // A later start is a normal one.
    await core.close();
    await start();
    expect(core.data.recovery).toBeNull();
  });

  it('restores from a chosen file, or starts empty when there is no backup, always keeping the damaged file', async () => {
    await becomeFacilitator();
    generateCohort(core.database, { sessions: 100, messagesPerSession: 20, trainees: 3 });
    const elsewhere = join(root, 'usb-backup.db');
    await core.database.sqlite.backup(elsewhere);
    await core.close();
    corruptMiddle(join(home, 'chattrain.db'));

    await start();
    const status = await call('recovery.status');
    expect(status).toMatchObject({ state: 'recovery', latestBackup: null });
    expect(await codeOf(call('recovery.restoreLatest'))).toBe('NOT_FOUND');
    // A wrong file is refused and the core stays in recovery.
    const text = join(root, 'notes.txt');
    writeFileSync(text, 'not a database');
    expect(await codeOf(call('recovery.restoreFrom', { source: { kind: 'upload', uploadId: await upload(text) } }))).toBe('DATABASE_CORRUPT');
    expect(core.data.recovery).not.toBeNull();

    const fromFile = await call('recovery.restoreFrom', { source: { kind: 'upload', uploadId: await upload(elsewhere) } });
    expect(fromFile).toMatchObject({ sessions: 100 });
    expect(core.data.recovery).toBeNull();

    // Damaged again, and this time no backup: start empty.
    await core.close();
    corruptMiddle(join(home, 'chattrain.db'));
    await start();
    expect(core.data.recovery).not.toBeNull();
    const fresh = await call('recovery.startFresh');
    expect(existsSync(fresh.keptAs)).toBe(true);
    expect(fresh.keptAs).toMatch(/chattrain\.db\.damaged-/);
    expect(core.database.sqlite.prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(0);
    expect((await call('scenarios.list')).length).toBeGreaterThan(0);
  });
});
