import type BetterSqlite3 from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { constants, copyFile, mkdir, readdir, rm, rmdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { AppDatabase } from '../db/open-database';
import { DATABASE_FILE } from '../paths';
import { backupConnection } from './backup';
import { withExclusiveConnection } from './db-access';
import { fileError } from './files';
import { inspectDatabaseFile, openReadonly } from './integrity';

export interface MovedFile {
  /** Relative to the data folder. */
  path: string;
  bytes: number;
  sha256: string;
}

export interface MoveDataDirResult {
  from: string;
  to: string;
  /** Rows per table in the source at copy time, equal in the copy. */
  tables: Record<string, number>;
  /** Other files copied (content packs, backups, …), each verified by SHA-256. */
  files: MovedFile[];
  /** Whether the source was removed (only with `removeSource` and no live database). */
  sourceRemoved: boolean;
}

export interface MoveDataDirOptions {
  /** The app's open database in `from`; copied through its own connection. Without it the file is opened read-only. */
  database?: AppDatabase;
  /**
   * Remove the source's copied files after verification. Refused together with
   * `database` (close it first, or call `removeMovedSource` after reopening at `to`).
   */
  removeSource?: boolean;
  /** Which of the folder's other entries belong to the data (relative paths; folders too). Default: everything. */
  include?: (relativePath: string) => boolean;
  /**
   * The target may already hold files that are not part of the data (the app's home folder,
   * which keeps Electron's own files): only the paths the move writes must be free there,
   * and a failed move removes only what it wrote. Default: the target must be empty or new.
   */
  allowUnrelatedFilesInTarget?: boolean;
}

const liveSuffixes = ['', '-wal', '-shm', '-journal'];

/** Files of the data folder besides the database (and transient files). */
async function listDataFiles(root: string, include: (relativePath: string) => boolean = () => true, dir = root): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const rel = relative(root, path);
    if (!include(rel)) continue;
    if (entry.isDirectory()) files.push(...(await listDataFiles(root, include, path)));
    else if (entry.isFile()) {
      if (dir === root && liveSuffixes.some((suffix) => entry.name === DATABASE_FILE + suffix)) continue;
      if (entry.name.startsWith('.') && entry.name.includes('.partial-')) continue;
      files.push(rel);
    }
  }
  return files;
}

function sha256File(path: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolvePromise(hash.digest('hex')));
  });
}

function countRows(sqlite: BetterSqlite3.Database): Record<string, number> {
  const tables = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    counts[table] = (sqlite.prepare(`SELECT count(*) AS n FROM "${table.replaceAll('"', '""')}"`).get() as { n: number }).n;
  }
  return counts;
}

const inside = (child: string, parent: string) => child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);

/**
 * Copies the data folder `from` to `to` and verifies the copy before reporting success:
 * the database through the online backup API (consistent even while the app runs),
 * every other file byte for byte; then the copy's database must pass the quick check
 * with the same row count in every table, and every file the same SHA-256. Until all of
 * that holds the source is not touched; if verification fails the half-made copy is
 * removed and an IO_ERROR explains why. `to` must not exist yet or be empty.
 */
export async function moveDataDir(fromDir: string, toDir: string, options: MoveDataDirOptions = {}): Promise<MoveDataDirResult> {
  const from = resolve(fromDir);
  const to = resolve(toDir);
  if (inside(to, from) || inside(from, to)) throw new AppError('BAD_INPUT', 'The new data folder must not be the current one or inside it (or contain it).');
  if (options.database && options.removeSource) {
    throw new AppError('BAD_INPUT', 'Close the database before removing the old data folder (or call removeMovedSource after reopening at the new place).');
  }
  const sourceDb = join(from, DATABASE_FILE);
  if (options.database && resolve(options.database.path) !== sourceDb) throw new AppError('BAD_INPUT', `The open database is not the one in ${from}.`);
  if (!existsSync(sourceDb)) throw new AppError('NOT_FOUND', `There is no ChatTrain database in ${from}.`);
  const existedBefore = existsSync(to);
  const targetDb = join(to, DATABASE_FILE);
  const sourceFiles = await listDataFiles(from, options.include);
  if (existedBefore && options.allowUnrelatedFilesInTarget) {
    const taken = [DATABASE_FILE, ...sourceFiles].find((rel) => existsSync(join(to, rel)));
    if (taken) throw new AppError('CONFLICT', `${join(to, taken)} already exists; the data folder was not moved.`);
  } else if (existedBefore && (await readdir(to)).length > 0) throw new AppError('CONFLICT', `${to} is not empty; choose an empty or new folder.`);

  /** What this move wrote in `to` (created folders last to first), for the cleanup of a failed move. */
  const written: string[] = [];
  const cleanup = async () => {
    if (existedBefore && options.allowUnrelatedFilesInTarget) {
      for (const suffix of liveSuffixes) await rm(targetDb + suffix, { force: true });
      for (const path of written.reverse()) await rm(path, { recursive: true, force: true });
    } else if (existedBefore) {
      for (const entry of await readdir(to).catch(() => [] as string[])) await rm(join(to, entry), { recursive: true, force: true });
    } else await rm(to, { recursive: true, force: true });
  };

  try {
    await mkdir(to, { recursive: true });
    // 1. The database, with its row counts taken in the same exclusive hold.
    let tables: Record<string, number>;
    if (options.database) {
      tables = await withExclusiveConnection(options.database, async (sqlite) => {
        await backupConnection(sqlite, targetDb);
        return countRows(sqlite);
      });
    } else {
      const sqlite = openReadonly(sourceDb);
      try {
        // Nothing else should write while the app is closed; if something does, the counts differ and the move fails safely.
        tables = countRows(sqlite);
        await backupConnection(sqlite, targetDb);
      } finally {
        sqlite.close();
      }
    }

    // 2. Every other file.
    const files: MovedFile[] = [];
    for (const rel of sourceFiles) {
      const source = join(from, rel);
      const dest = join(to, rel);
      const createdDir = await mkdir(join(dest, '..'), { recursive: true });
      if (createdDir) written.push(createdDir);
      await copyFile(source, dest, constants.COPYFILE_EXCL);
      written.push(dest);
      const [sourceHash, destHash, info] = await Promise.all([sha256File(source), sha256File(dest), stat(dest)]);
      if (sourceHash !== destHash) throw new AppError('IO_ERROR', `The copy of ${rel} differs from the original.`);
      files.push({ path: rel, bytes: info.size, sha256: destHash });
    }

    // 3. Verify the database copy.
    const info = inspectDatabaseFile(targetDb);
    if (info.kind !== 'chattrain' || !info.integrity.ok) {
      throw new AppError('IO_ERROR', `The copied database did not pass the integrity check (${info.integrity.problems[0] ?? info.kind}).`);
    }
    const copy = openReadonly(targetDb);
    let copied: Record<string, number>;
    try {
      copied = countRows(copy);
    } finally {
      copy.close();
    }
    for (const [table, count] of Object.entries(tables)) {
      if (copied[table] !== count) throw new AppError('IO_ERROR', `The copied database has ${copied[table] ?? 0} rows in ${table}, the original ${count}.`);
    }
    // The read-only checks may leave empty -wal/-shm files next to the copy; harmless, but tidy.
    for (const suffix of ['-wal', '-shm']) {
      const sidecar = targetDb + suffix;
      if (existsSync(sidecar) && (await stat(sidecar)).size === 0) await rm(sidecar, { force: true });
    }

    const result: MoveDataDirResult = { from, to, tables, files, sourceRemoved: false };
    if (options.removeSource) await removeMovedSource(result);
    return result;
  } catch (error) {
    await cleanup().catch(() => undefined);
    if (error instanceof AppError) {
      throw new AppError(error.code, `${error.message} The data folder was not moved; ${from} is unchanged.`, { cause: error });
    }
    throw fileError(error, to, 'copy the data folder to');
  }
}

/**
 * Deletes from the old data folder exactly what `moveDataDir` copied and verified (the
 * database with its -wal/-shm and the listed files), then empty folders. Call only after
 * the app has closed the old database.
 */
export async function removeMovedSource(result: MoveDataDirResult): Promise<void> {
  for (const suffix of liveSuffixes) await rm(join(result.from, DATABASE_FILE + suffix), { force: true });
  for (const file of result.files) await rm(join(result.from, file.path), { force: true });
  const dirs = [...new Set(result.files.map((file) => file.path.split(sep).slice(0, -1)).filter((parts) => parts.length > 0).flatMap((parts) => parts.map((_, i) => parts.slice(0, i + 1).join(sep))))];
  for (const dir of dirs.sort((a, b) => b.length - a.length)) await rmdir(join(result.from, dir)).catch(() => undefined);
  await rmdir(result.from).catch(() => undefined);
  result.sourceRemoved = true;
}
