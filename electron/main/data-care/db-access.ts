import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely, Transaction } from 'kysely';
import type { AppDatabase } from '../db/open-database';
import type { Database } from '../db/schema';

export type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Runs `fn` in a transaction: the caller's, when `db` already is one, otherwise a new one.
 * Lets a function be used on its own or as one part of a larger all-or-nothing change.
 */
export async function inTransaction<T>(db: Executor, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db as Transaction<Database>);
  return db.transaction().execute(fn);
}

/**
 * Runs synchronous raw better-sqlite3 work inside one Kysely transaction on the app's
 * single connection. Kysely's connection mutex is held throughout, so no other query of the
 * app can interleave, and a throw rolls everything back. Used where per-row Kysely overhead
 * matters (bundle import, bulk reads).
 */
export async function withRawTransaction<T>(database: AppDatabase, fn: (sqlite: BetterSqlite3.Database) => T): Promise<T> {
  return database.db.transaction().execute(async () => fn(database.sqlite));
}

/**
 * Holds the app's connection (no Kysely query or transaction runs meanwhile) while `fn`
 * uses the raw handle, e.g. for the online backup API, which must not start inside another
 * caller's open transaction.
 */
export async function withExclusiveConnection<T>(database: AppDatabase, fn: (sqlite: BetterSqlite3.Database) => Promise<T> | T): Promise<T> {
  return database.db.connection().execute(async () => fn(database.sqlite));
}
