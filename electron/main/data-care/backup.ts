import type BetterSqlite3 from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { AppDatabase } from '../db/open-database';
import { DATABASE_FILE } from '../paths';
import { withExclusiveConnection } from './db-access';
import { fileError, partialPathFor } from './files';
import { inspectDatabaseFile, openReadonly, openWritable, type IntegrityResult } from './integrity';

/** Backups made with "Back up now" go to `<data folder>/backups/chattrain-<UTC time>.db`. */
export const BACKUP_DIR = 'backups';

export function backupsDir(dataDir: string): string {
  return join(dataDir, BACKUP_DIR);
}

export function backupFileName(now: Date = new Date()): string {
  return `chattrain-${now.toISOString().replace(/[:.]/g, '-')}.db`;
}

export interface BackupResult {
  path: string;
  bytes: number;
  durationMs: number;
  /** The copy was read back and passed the quick check. */
  integrity: IntegrityResult;
}

/**
 * Copies a live connection's database to `dest` with SQLite's online backup API
 * (pages copied in large steps; the source stays usable), through a hidden partial file
 * renamed into place only when complete.
 */
export async function backupConnection(sqlite: BetterSqlite3.Database, dest: string): Promise<void> {
  const partial = partialPathFor(dest);
  try {
    await mkdir(dirname(dest), { recursive: true });
    await sqlite.backup(partial, { progress: () => 5_000 });
    // A self-contained single file: rollback-journal mode, so reading it later (even
    // read-only) never needs or leaves -wal/-shm files beside it. openDatabase turns WAL
    // back on when a restored copy is opened.
    const copy = openWritable(partial);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    await rename(partial, dest);
  } catch (error) {
    for (const suffix of ['', '-wal', '-shm', '-journal']) await rm(partial + suffix, { force: true }).catch(() => undefined);
    const code = (error as { code?: string })?.code ?? '';
    if (code.startsWith('SQLITE_FULL')) throw new AppError('DISK_FULL', `The disk is full; the backup to ${dest} was not written.`, { cause: error });
    throw fileError(error, dest);
  }
}

/**
 * "Back up now" to a chosen path, from the app's own connection. Holds the app's
 * connection while copying (other queries wait; a backup of 100 MB takes well under a
 * second on an SSD), so the copy is one consistent state. Refuses to overwrite the live
 * database. The copy is then checked with `PRAGMA quick_check`.
 */
export async function backupDatabase(database: AppDatabase, dest: string): Promise<BackupResult> {
  const target = resolve(dest);
  if (database.path === ':memory:') throw new AppError('BAD_INPUT', 'An in-memory database cannot be backed up to a file.');
  if (target === resolve(database.path) || target.startsWith(`${resolve(database.path)}-`)) {
    throw new AppError('BAD_INPUT', 'Choose a different file for the backup; this is the live database.');
  }
  const started = performance.now();
  await withExclusiveConnection(database, (sqlite) => backupConnection(sqlite, target));
  const durationMs = Math.round(performance.now() - started);
  const info = inspectDatabaseFile(target);
  if (!info.integrity.ok) throw new AppError('IO_ERROR', `The backup written to ${target} did not pass the integrity check: ${info.integrity.problems[0] ?? 'unknown problem'}.`);
  const { size } = await stat(target);
  return { path: target, bytes: size, durationMs, integrity: info.integrity };
}

/** "Back up now" into the data folder's backups/ folder. */
export async function backupNow(database: AppDatabase, dataDir: string, now: Date = new Date()): Promise<BackupResult> {
  return backupDatabase(database, join(backupsDir(dataDir), backupFileName(now)));
}

/** Copies a database *file* (not open here) with the backup API, e.g. to stage a restore or move. */
export async function backupFile(source: string, dest: string): Promise<void> {
  let sqlite: BetterSqlite3.Database | undefined;
  try {
    sqlite = openReadonly(source);
  } catch (error) {
    throw fileError(error, source, 'read');
  }
  try {
    await backupConnection(sqlite, dest);
  } finally {
    sqlite.close();
  }
}

export type BackupKind = 'manual' | 'pre-migration';

export interface BackupInfo {
  path: string;
  kind: BackupKind;
  bytes: number;
  modifiedAt: string;
}

/**
 * Backups known for a data folder, newest first: "Back up now" copies in backups/ and the
 * copies openDatabase writes beside the database before migrating
 * (`chattrain.db.before-<migration>-<time>.bak`). Copies set aside by a restore are not
 * backups and are not listed.
 */
export async function listBackups(dataDir: string): Promise<BackupInfo[]> {
  const candidates: { path: string; kind: BackupKind }[] = [];
  const manualDir = backupsDir(dataDir);
  if (existsSync(manualDir)) {
    for (const name of await readdir(manualDir)) {
      if (name.endsWith('.db') && !name.startsWith('.')) candidates.push({ path: join(manualDir, name), kind: 'manual' });
    }
  }
  if (existsSync(dataDir)) {
    for (const name of await readdir(dataDir)) {
      if (name.startsWith(`${DATABASE_FILE}.before-`) && name.endsWith('.bak') && !name.includes('before-restore')) {
        candidates.push({ path: join(dataDir, name), kind: 'pre-migration' });
      }
    }
  }
  const infos: BackupInfo[] = [];
  for (const candidate of candidates) {
    try {
      const info = await stat(candidate.path);
      if (info.isFile()) infos.push({ ...candidate, bytes: info.size, modifiedAt: info.mtime.toISOString() });
    } catch {
      // vanished meanwhile
    }
  }
  return infos.sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt) || basename(b.path).localeCompare(basename(a.path)));
}

/**
 * The newest backup worth offering after a failed start-up check: with `verify` (the
 * default) the newest one that is a ChatTrain database this version can open and that
 * passes the quick check; null when there is none.
 */
export async function findLatestBackup(dataDir: string, options: { verify?: boolean } = {}): Promise<BackupInfo | null> {
  for (const backup of await listBackups(dataDir)) {
    if (options.verify === false) return backup;
    const info = inspectDatabaseFile(backup.path);
    if (info.kind === 'chattrain' && info.integrity.ok) return backup;
  }
  return null;
}
