import type BetterSqlite3 from 'better-sqlite3';
import {
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type Compilable,
  type QueryResult,
  type SqliteDatabase,
} from 'kysely';
import type { Database } from './schema';

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

/**
 * Builds queries only to compile them; it never connects. SQL compiled here runs on the
 * app's database unchanged because the app adds no Kysely plugins that rewrite queries.
 */
const compiler = new Kysely<Database>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

/** Stands for a named parameter while a query is compiled; each run puts the value in its place. */
class Slot {
  constructor(readonly name: string) {}
}

/** A query compiled once; each run binds new values and executes on a database or transaction. */
export type PrecompiledQuery<Params, Row> = (db: Kysely<Database>, params: Params) => Promise<QueryResult<Row>>;

/**
 * Builds and compiles a Kysely query once, for paths that run the same query many times.
 * Building and compiling a query costs Kysely more than SQLite needs to run a small
 * statement; a precompiled query skips both, and the statement cache above skips the
 * prepare, so a run costs about as much as a hand-written prepared statement.
 *
 * `build` gets stand-ins for `params`, to be used only as values in the query (never in
 * JavaScript logic: the query is built once, before any real value exists).
 */
export function precompile<Params extends Record<string, unknown>, Row>(
  build: (db: Kysely<Database>, params: Params) => Compilable<Row>,
): PrecompiledQuery<Params, Row> {
  const used = new Set<string>();
  const slots = new Proxy({} as Params, {
    get: (_target, name) => {
      used.add(String(name));
      return new Slot(String(name));
    },
  });
  const compiled = build(compiler, slots).compile();
  const bound = new Set(compiled.parameters.flatMap((value) => (value instanceof Slot ? [value.name] : [])));
  const unbound = [...used].filter((name) => !bound.has(name));
  if (unbound.length > 0) throw new Error(`precompile: use ${unbound.join(', ')} only as values in the query (${compiled.sql})`);
  // A parameter is either a stand-in, filled from each run's params, or a constant of the query.
  const binders = compiled.parameters.map((value) => (value instanceof Slot ? (params: Params) => params[value.name] : () => value));
  return (db, params) => db.executeQuery<Row>({ ...compiled, parameters: binders.map((bind) => bind(params)) });
}
