import BetterSqlite3 from 'better-sqlite3';
import { existsSync, rmSync, statSync } from 'node:fs';
import { migrations } from '../db/migrations';
import type { AppDatabase } from '../db/open-database';
import { nativeBindingForThisRuntime } from '../db/native-binding';
import { withExclusiveConnection } from './db-access';

export interface IntegrityResult {
  ok: boolean;
  /** What SQLite reported (empty when ok). At most 20 lines. */
  problems: string[];
  /** One sentence for people. */
  message: string;
  durationMs: number;
}

/** A read-only connection to a database file (fails if the file does not exist). */
export function openReadonly(path: string): BetterSqlite3.Database {
  const nativeBinding = nativeBindingForThisRuntime();
  return new BetterSqlite3(path, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
}

/**
 * Runs `fn` on a read-only connection and closes it. Reading a WAL-mode file (e.g. a
 * pre-migration copy) makes SQLite create empty -wal/-shm files beside it; those this
 * call created are removed again, so inspecting backups leaves no litter.
 */
function withReadonly<T>(path: string, fn: (sqlite: BetterSqlite3.Database) => T): T {
  const wal = `${path}-wal`;
  const shm = `${path}-shm`;
  const hadSidecars = existsSync(wal) || existsSync(shm);
  const sqlite = openReadonly(path);
  try {
    return fn(sqlite);
  } finally {
    sqlite.close();
    // Only files this call created, and only while the WAL holds nothing.
    if (!hadSidecars) {
      try {
        if (!existsSync(wal) || statSync(wal).size === 0) {
          rmSync(wal, { force: true });
          rmSync(shm, { force: true });
        }
      } catch {
        // best effort
      }
    }
  }
}

/** A read-write connection to an existing database file (no PRAGMAs applied). */
export function openWritable(path: string): BetterSqlite3.Database {
  const nativeBinding = nativeBindingForThisRuntime();
  return new BetterSqlite3(path, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
}

function describe(error: unknown): string {
  const code = (error as { code?: string })?.code;
  const message = error instanceof Error ? error.message : String(error);
  return code ? `${code}: ${message}` : message;
}

/**
 * `PRAGMA quick_check` on a connection: the fast structural check SQLite offers (no
 * index-content cross-check). With `full`, `PRAGMA integrity_check`, which also checks
 * that every index matches its table (slower; for a file about to replace the data).
 */
export function quickCheck(sqlite: BetterSqlite3.Database, maxProblems = 20, full = false): IntegrityResult {
  const started = performance.now();
  const pragma = full ? 'integrity_check' : 'quick_check';
  let problems: string[];
  try {
    const rows = sqlite.pragma(`${pragma}(${Math.max(1, Math.floor(maxProblems))})`) as Record<string, string>[];
    problems = rows
      .flatMap((row) => String(row[pragma] ?? Object.values(row)[0] ?? '').split('\n'))
      .filter((line) => line !== 'ok' && line.trim() !== '' && !line.startsWith('*** in database'))
      .slice(0, maxProblems);
  } catch (error) {
    problems = [describe(error)];
  }
  const ok = problems.length === 0;
  return {
    ok,
    problems,
    message: ok ? 'The database passed the integrity check.' : 'The database is damaged. Restore the latest backup to continue.',
    durationMs: Math.round(performance.now() - started),
  };
}

/** Quick check of the open app database (holds the connection so no transaction is half-way). */
export async function checkDatabase(database: AppDatabase): Promise<IntegrityResult> {
  return withExclusiveConnection(database, (sqlite) => quickCheck(sqlite));
}

/**
 * Quick check of a database file that is not open (start-up before opening, a backup, a
 * copy), or with `full` the complete `integrity_check`. A file that cannot be opened or is
 * not SQLite is reported as not ok.
 */
export function checkDatabaseFile(path: string, options: { full?: boolean } = {}): IntegrityResult {
  const started = performance.now();
  if (!existsSync(path)) {
    return { ok: false, problems: [`${path} does not exist`], message: `There is no database file at ${path}.`, durationMs: 0 };
  }
  try {
    return withReadonly(path, (sqlite) => quickCheck(sqlite, 20, options.full));
  } catch (error) {
    return {
      ok: false,
      problems: [describe(error)],
      message: 'The database file cannot be read; it is damaged or not a database. Restore the latest backup to continue.',
      durationMs: Math.round(performance.now() - started),
    };
  }
}

export type DatabaseFileKind =
  /** A ChatTrain database this version can open (maybe after migrating). */
  | 'chattrain'
  /** A ChatTrain database written by a newer version (unknown migrations). */
  | 'too_new'
  /** SQLite, but not ChatTrain's (no migration table, other tables). */
  | 'foreign'
  /** An empty SQLite file. */
  | 'empty'
  /** Not readable as SQLite, or damaged. */
  | 'corrupt'
  | 'missing';

export interface DatabaseFileInfo {
  kind: DatabaseFileKind;
  /** Migrations the file has applied (ChatTrain files). */
  applied: string[];
  /** Applied migrations this version does not know (a newer app wrote the file). */
  unknown: string[];
  integrity: IntegrityResult;
}

/**
 * What a database file is, without changing it: ChatTrain or not, written by a newer
 * version or not (the migration-name check openDatabase does), and whether it passes
 * the quick check.
 */
export function inspectDatabaseFile(path: string, knownMigrations: readonly string[] = Object.keys(migrations)): DatabaseFileInfo {
  if (!existsSync(path)) {
    return { kind: 'missing', applied: [], unknown: [], integrity: checkDatabaseFile(path) };
  }
  try {
    return withReadonly(path, (sqlite) => inspectOpen(sqlite, knownMigrations));
  } catch (error) {
    return {
      kind: 'corrupt',
      applied: [],
      unknown: [],
      integrity: { ok: false, problems: [describe(error)], message: 'The file cannot be read as a database.', durationMs: 0 },
    };
  }
}

function inspectOpen(sqlite: BetterSqlite3.Database, knownMigrations: readonly string[]): DatabaseFileInfo {
  const integrity = quickCheck(sqlite);
  if (!integrity.ok) return { kind: 'corrupt', applied: [], unknown: [], integrity };
  const hasMigrations = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'`).get();
  if (!hasMigrations) {
    const objects = (sqlite.prepare(`SELECT count(*) AS n FROM sqlite_master`).get() as { n: number }).n;
    return { kind: objects === 0 ? 'empty' : 'foreign', applied: [], unknown: [], integrity };
  }
  const applied = sqlite.prepare(`SELECT name FROM kysely_migration ORDER BY name`).pluck().all() as string[];
  const known = new Set(knownMigrations);
  const unknown = applied.filter((name) => !known.has(name));
  const hasCore = ['users', 'sessions', 'messages'].every((table) => sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table));
  if (unknown.length > 0) return { kind: 'too_new', applied, unknown, integrity };
  return { kind: hasCore ? 'chattrain' : 'foreign', applied, unknown, integrity };
}
