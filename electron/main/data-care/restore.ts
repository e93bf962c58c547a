import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AppError } from '../../../shared/errors';
import { backupFile } from './backup';
import { fileError, partialPathFor } from './files';
import { inspectDatabaseFile, type DatabaseFileInfo } from './integrity';

export interface RestoreRequest {
  /** The backup to restore. */
  backupPath: string;
  /** The app's database file (`<data folder>/chattrain.db`). The app must have closed it. */
  databasePath: string;
  now?: () => Date;
}

export interface RestoreResult {
  restoredFrom: string;
  databasePath: string;
  /** Where the database that was replaced now is (with its -wal/-shm), or null if there was none. */
  previousSavedAs: string | null;
  backup: DatabaseFileInfo;
}

const sidecars = ['-wal', '-shm'] as const;

/** Refuses anything that is not a sound ChatTrain database this version can open. */
export function assertRestorable(path: string, info: DatabaseFileInfo = inspectDatabaseFile(path)): DatabaseFileInfo {
  switch (info.kind) {
    case 'chattrain':
      return info;
    case 'missing':
      throw new AppError('NOT_FOUND', `There is no backup file at ${path}.`);
    case 'too_new':
      throw new AppError('DATABASE_TOO_NEW', `${path} was written by a newer version of ChatTrain (schema ${info.unknown.at(-1)}). Install that version to restore it; nothing was changed.`);
    case 'corrupt':
      throw new AppError('DATABASE_CORRUPT', `${path} is damaged or is not a database (${info.integrity.problems[0] ?? 'integrity check failed'}); choose another backup. Nothing was changed.`);
    case 'empty':
    case 'foreign':
      throw new AppError('BAD_INPUT', `${path} is not a ChatTrain backup; nothing was changed.`);
  }
}

/**
 * Replaces the app database with a backup. The caller closes the database first and
 * reopens it (openDatabase migrates an older backup) afterwards.
 *
 * 1. The backup is checked: a ChatTrain database, not newer than this app (migration
 *    names), passing `PRAGMA quick_check`.
 * 2. It is copied (backup API, so a backup with its own -wal is read whole) to a staging
 *    file beside the database and the copy is checked again.
 * 3. The current database and its -wal/-shm are renamed to
 *    `chattrain.db.before-restore-<time>` (kept, never deleted here).
 * 4. The staging file is renamed to the database path. If that fails, step 3 is undone.
 *
 * Any failure before step 4 leaves the current database exactly as it was.
 */
export async function restoreDatabase(request: RestoreRequest): Promise<RestoreResult> {
  const backupPath = resolve(request.backupPath);
  const databasePath = resolve(request.databasePath);
  if (backupPath === databasePath) throw new AppError('BAD_INPUT', 'The backup to restore cannot be the live database itself.');
  const backup = assertRestorable(backupPath);

  const staging = partialPathFor(databasePath);
  try {
    await backupFile(backupPath, staging);
    assertRestorable(staging);
  } catch (error) {
    await removeWithSidecars(staging);
    throw error;
  }

  const stamp = (request.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
  // Never over an earlier kept copy, however quickly restores follow each other.
  let previous = `${databasePath}.before-restore-${stamp}`;
  for (let n = 2; existsSync(previous); n++) previous = `${databasePath}.before-restore-${stamp}-${n}`;
  const moved: [string, string][] = [];
  try {
    if (existsSync(databasePath)) {
      for (const suffix of ['', ...sidecars]) {
        if (!existsSync(databasePath + suffix)) continue;
        await rename(databasePath + suffix, previous + suffix);
        moved.push([databasePath + suffix, previous + suffix]);
      }
    }
    await rename(staging, databasePath);
  } catch (error) {
    for (const [original, aside] of moved.reverse()) await rename(aside, original).catch(() => undefined);
    await removeWithSidecars(staging);
    throw fileError(error, databasePath, 'replace');
  }
  await removeWithSidecars(staging, true);
  return { restoredFrom: backupPath, databasePath, previousSavedAs: moved.length > 0 ? previous : null, backup };
}

async function removeWithSidecars(path: string, sidecarsOnly = false): Promise<void> {
  for (const suffix of sidecarsOnly ? sidecars : (['', ...sidecars] as const)) await rm(path + suffix, { force: true }).catch(() => undefined);
}
