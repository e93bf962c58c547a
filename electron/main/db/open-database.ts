import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type Migration } from 'kysely';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../../shared/errors';
import { migrations } from './migrations';
import { nativeBindingForThisRuntime } from './native-binding';
import type { Database } from './schema';
import { databaseError } from './sqlite-errors';
import { withStatementCache } from './statement-cache';
import { IdleCheckpointer } from './idle-checkpointer';

export interface AppDatabase {
  readonly db: Kysely<Database>;
  /** The raw connection, for the online backup API and PRAGMAs. Queries go through `db`. */
  readonly sqlite: BetterSqlite3.Database;
  readonly path: string;
  /** Path of the copy written before migrating an existing database, if one was needed. */
  readonly backupPath: string | null;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Overrides where the pre-migration backup goes (default: beside the database). */
  backupPathFor?: (databasePath: string, fromMigration: string | null) => string;
  /** The migration map; only tests pass another one (to simulate an upgrade). */
  migrations?: Record<string, Migration>;
}

function connect(path: string, readonly = false): BetterSqlite3.Database {
  const nativeBinding = nativeBindingForThisRuntime();
  return new BetterSqlite3(path, {
    readonly,
    fileMustExist: readonly,
    ...(nativeBinding ? { nativeBinding } : {}),
  });
}

interface ExistingState {
  applied: string[];
}

/** Reads which migrations a database has without writing to it. */
function inspectExisting(path: string): ExistingState {
  const probe = connect(path, true);
  try {
    const hasTable = probe
      .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'`)
      .get();
    if (!hasTable) {
      const tableCount = probe.prepare(`SELECT count(*) AS n FROM sqlite_master`).get() as { n: number };
      if (tableCount.n > 0) {
        throw new AppError('DATABASE_CORRUPT', `${path} is an SQLite database but not one written by ChatTrain. Choose another data folder.`);
      }
      return { applied: [] };
    }
    const rows = probe.prepare(`SELECT name FROM kysely_migration ORDER BY name`).all() as { name: string }[];
    return { applied: rows.map((row) => row.name) };
  } finally {
    probe.close();
  }
}

function defaultBackupPath(databasePath: string, fromMigration: string | null): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return `${databasePath}.before-${fromMigration ?? 'empty'}-${stamp}.bak`;
}

/**
 * Opens (creating if needed) the app database and brings it to the latest schema.
 * A database written by a newer version of the app is refused before anything is written.
 */
export async function openDatabase(path: string, options: OpenDatabaseOptions = {}): Promise<AppDatabase> {
  const inMemory = path === ':memory:';
  const migrationMap = options.migrations ?? migrations;
  const knownMigrations = new Set(Object.keys(migrationMap));
  let backupPath: string | null = null;

  try {
    if (!inMemory && existsSync(path)) {
      const { applied } = inspectExisting(path);
      const unknown = applied.filter((name) => !knownMigrations.has(name));
      if (unknown.length > 0) {
        throw new AppError(
          'DATABASE_TOO_NEW',
          `This database (${path}) was written by a newer version of ChatTrain (schema ${unknown.at(-1)}). ` +
            `Install the newer version to open it; the file has not been changed.`,
        );
      }
      const pending = [...knownMigrations].filter((name) => !applied.includes(name));
      if (pending.length > 0 && applied.length > 0) {
        backupPath = (options.backupPathFor ?? defaultBackupPath)(path, applied.at(-1) ?? null);
        const source = connect(path, true);
        try {
          await source.backup(backupPath);
        } finally {
          source.close();
        }
      }
    } else if (!inMemory) {
      mkdirSync(dirname(path), { recursive: true });
    }
  } catch (error) {
    throw databaseError(error, path);
  }

  let sqlite: BetterSqlite3.Database;
  try {
    sqlite = connect(path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // WAL + NORMAL is durable across app crashes; only an OS crash can lose the last commit.
    sqlite.pragma('synchronous = NORMAL');
    // Checkpoints mostly run when the app is idle (IdleCheckpointer); this is the backstop.
    sqlite.pragma('wal_autocheckpoint = 4000');
  } catch (error) {
    throw databaseError(error, path);
  }

  const checkpoints = new IdleCheckpointer();
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite, checkpoints.noteQuery) }),
  });

  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrationMap } }).migrateToLatest();
  if (error) {
    await db.destroy();
    throw new AppError('INTERNAL', `Could not upgrade the database ${path}: ${error instanceof Error ? error.message : String(error)}` +
      (backupPath ? ` A copy from before the upgrade is at ${backupPath}.` : ''), { cause: error });
  }

  if (!inMemory) checkpoints.start(db);
  return {
    db,
    sqlite,
    path,
    backupPath,
    close: async () => {
      checkpoints.stop();
      await db.destroy();
    },
  };
}
