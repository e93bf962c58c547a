import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/**
 * Kysely's SQLite driver prepares every query afresh. Preparing costs more than running a
 * small INSERT, so the database handed to Kysely reuses prepared statements by SQL text.
 * Kysely compiles the same query shape to the same SQL, so hot paths hit the cache.
 */
export function withStatementCache(sqlite: BetterSqlite3.Database, onQuery: () => void = () => {}, capacity = 500): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => {
      cache.clear();
      sqlite.close();
    },
    prepare: (sql: string) => {
      onQuery();
      let statement = cache.get(sql);
      if (statement) {
        // Re-insert to keep the Map ordered by recent use (oldest first) for eviction.
        cache.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        if (cache.size >= capacity) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}
