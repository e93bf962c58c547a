import { existsSync, statSync } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { FreshStartOutcome, MoveOutcome, RestoreOutcome } from '../../../shared/data-care/types';
import type { DataAccess, DataControl } from '../chattrain-core';
import { log } from '../logging';
import { DATABASE_FILE } from '../paths';
import type { AppDatabase } from '../db/open-database';
import { backupDatabase, type BackupResult } from './backup';
import { newBackupPath, toBackupEntry } from './backup-entries';
import { isMovedWithData, writeDataLocation } from './data-location';
import { fileError } from './files';
import { checkDatabaseFile } from './integrity';
import { moveDataDir, removeMovedSource } from './move-data-dir';
import { assertRestorable, restoreDatabase, type RestoreResult } from './restore';

const sidecars = ['-wal', '-shm'] as const;
const stampOf = (now: Date) => now.toISOString().replace(/[:.]/g, '-');

async function opened(access: DataAccess): Promise<NonNullable<DataAccess['database']>> {
  const database = access.database;
  if (!database) throw new AppError('INTERNAL', 'The data was not opened.');
  return database;
}

/** Puts the database a restore replaced back in place (the restored copy is dropped; the backup itself is untouched). */
async function undoRestore(result: RestoreResult): Promise<void> {
  for (const suffix of ['', ...sidecars]) await rm(result.databasePath + suffix, { force: true });
  if (!result.previousSavedAs) return;
  for (const suffix of ['', ...sidecars]) {
    if (existsSync(result.previousSavedAs + suffix)) await rename(result.previousSavedAs + suffix, result.databasePath + suffix);
  }
}

/**
 * The copy of the current data taken before a restore. If it cannot be made (the data being
 * replaced is itself damaged, the disk is full) the restore goes on: the replaced database
 * file is kept beside the new one in any case.
 */
async function safetyBackup(database: AppDatabase, dataDir: string, now: Date): Promise<BackupResult | null> {
  try {
    return await backupDatabase(database, newBackupPath(dataDir, now, 'before-restore'));
  } catch (error) {
    log.error('the safety copy before a restore could not be made; the replaced file is kept instead', error);
    return null;
  }
}

/**
 * Replaces the running app's data with a backup (SPEC 7). The backup is checked first (a
 * ChatTrain database this version can open, passing `PRAGMA integrity_check`), so a wrong or damaged
 * file changes nothing. Then, with every other call held: a safety copy of the current data
 * goes into backups/ (when there is sound data to copy), the database is closed, the backup
 * takes its place (the replaced file is kept beside it), and the data is opened again. If
 * the restored data cannot be opened, the previous database is put back.
 */
export async function restoreLive(data: DataControl, backupPath: string, now: Date = new Date()): Promise<RestoreOutcome> {
  const source = resolve(backupPath);
  assertRestorable(source);
  // Before it replaces everything, the complete check too (the quick one skips the indexes' contents).
  const full = checkDatabaseFile(source, { full: true });
  if (!full.ok) {
    throw new AppError('DATABASE_CORRUPT', `${basename(source)} did not pass the integrity check (${full.problems[0] ?? 'unknown problem'}); choose another backup. Nothing was changed.`);
  }
  return data.exclusive(async (access) => {
    const databasePath = join(access.dataDir, DATABASE_FILE);
    if (source === resolve(databasePath)) throw new AppError('BAD_INPUT', 'The backup to restore cannot be the live database itself.');
    const safety = access.database ? await safetyBackup(access.database, access.dataDir, now) : null;
    await access.close();
    const result = await restoreDatabase({ backupPath: source, databasePath, now: () => now });
    let state: 'open' | 'recovery';
    try {
      state = await access.open(access.dataDir);
    } catch (error) {
      await undoRestore(result);
      throw new AppError(error instanceof AppError ? error.code : 'INTERNAL', `The restored data could not be opened, so the data from before is back. ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
    if (state !== 'open') {
      await access.close();
      await undoRestore(result);
      throw new AppError('DATABASE_CORRUPT', 'The restored data did not pass the integrity check when opened, so the data from before is back.');
    }
    const database = await opened(access);
    const counts = database.sqlite.prepare('SELECT (SELECT count(*) FROM users) AS profiles, (SELECT count(*) FROM sessions) AS sessions').get() as {
      profiles: number;
      sessions: number;
    };
    log.info('data restored from a backup', { restoredFrom: basename(source), sessions: counts.sessions });
    return {
      restoredFrom: basename(source),
      safetyBackup: safety ? toBackupEntry(access.dataDir, { path: safety.path, kind: 'manual', bytes: safety.bytes, modifiedAt: now.toISOString() }) : null,
      previousKeptAs: result.previousSavedAs,
      ...counts,
    };
  });
}

/** Checks a folder typed or picked for the data: absolute, and its parent exists (a typo should not create a tree of folders). */
export function validateMoveTarget(path: string): string {
  if (!isAbsolute(path) || path.includes('\0')) throw new AppError('BAD_INPUT', 'Give the full path of the new folder, starting from the drive or the root (for example /home/ana/ChatTrain data).');
  const target = resolve(path);
  if (existsSync(target) && !statSync(target).isDirectory()) throw new AppError('BAD_INPUT', `${target} is a file, not a folder.`);
  if (!existsSync(dirname(target))) throw new AppError('BAD_INPUT', `The folder ${dirname(target)} does not exist; create it first or choose another place.`);
  return target;
}

/**
 * Moves the running app's data to another folder (SPEC 7): with every other call held and
 * the database closed, the data is copied and verified (moveDataDir), the home folder is
 * told where it now is, and the copy is opened. Only then is the old copy removed; if the
 * copy cannot be opened, everything goes back as it was.
 */
export async function moveLive(data: DataControl, targetPath: string, now: Date = new Date()): Promise<MoveOutcome> {
  const to = validateMoveTarget(targetPath);
  return data.exclusive(async (access) => {
    const from = access.dataDir;
    if (resolve(from) === to) throw new AppError('BAD_INPUT', 'The data is already in that folder.');
    if (to.startsWith(resolve(from) + sep) || resolve(from).startsWith(to + sep)) {
      throw new AppError('BAD_INPUT', 'The new data folder must not be inside the current one (or contain it).');
    }
    await access.close();
    const result = await moveDataDir(from, to, { include: isMovedWithData, allowUnrelatedFilesInTarget: to === resolve(data.homeDir) });
    const rollBack = async () => {
      await writeDataLocation(data.homeDir, from, now);
      await removeMovedSource({ ...result, from: to });
    };
    try {
      await writeDataLocation(data.homeDir, to, now);
    } catch (error) {
      await rollBack().catch(() => undefined);
      throw fileError(error, join(data.homeDir, 'data-location.json'), 'write');
    }
    let state: 'open' | 'recovery';
    try {
      state = await access.open(to);
    } catch (error) {
      await rollBack();
      throw error;
    }
    if (state !== 'open') {
      await access.close();
      await rollBack();
      throw new AppError('IO_ERROR', 'The copied data could not be opened in the new folder; the data stays where it was.');
    }
    let oldRemoved = false;
    try {
      await removeMovedSource(result);
      oldRemoved = true;
    } catch (error) {
      log.error('the old data folder could not be removed after the move', error);
    }
    const databaseBytes = (await stat(join(to, DATABASE_FILE))).size;
    log.info('data folder moved', { from, to, files: result.files.length });
    return {
      from,
      to,
      files: result.files.length,
      bytes: databaseBytes + result.files.reduce((sum, file) => sum + file.bytes, 0),
      rows: Object.values(result.tables).reduce((sum, count) => sum + count, 0),
      oldRemoved,
    };
  });
}

/** Recovery without a backup: the damaged database is set aside (kept) and an empty one is made. */
export async function startFreshLive(data: DataControl, now: Date = new Date()): Promise<FreshStartOutcome> {
  return data.exclusive(async (access) => {
    if (!data.recovery) throw new AppError('CONFLICT', 'The database is not damaged; nothing was changed.');
    await access.close();
    const databasePath = join(access.dataDir, DATABASE_FILE);
    const keptAs = `${databasePath}.damaged-${stampOf(now)}`;
    for (const suffix of ['', ...sidecars]) {
      if (existsSync(databasePath + suffix)) await rename(databasePath + suffix, keptAs + suffix);
    }
    await access.open(access.dataDir);
    log.info('started with an empty database; the damaged one was kept', { keptAs });
    return { keptAs };
  });
}
