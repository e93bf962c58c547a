import { sql, type Kysely } from 'kysely';

/**
 * Folds the WAL back into the database file, then starts the WAL over with a one-page
 * write. SQLite restarts a fully checkpointed WAL at the next write and syncs the new WAL
 * header to disk then (also at synchronous = NORMAL); this write takes that fsync now,
 * while idle, so it never lands in the next trainee answer's commit.
 */
export async function checkpointWhileIdle(db: Kysely<any>): Promise<void> {
  await sql`PRAGMA wal_checkpoint(PASSIVE)`.execute(db);
  // Rewriting user_version with its own value changes nothing but still writes a page.
  const { rows } = await sql<{ user_version: number }>`PRAGMA user_version`.execute(db);
  await sql.raw(`PRAGMA user_version = ${Number(rows[0]?.user_version ?? 0)}`).execute(db);
}

/**
 * Copies the WAL back into the database file while the app is idle. Left to SQLite's
 * automatic checkpoint, that copy (with its fsync) lands inside whichever transaction
 * crosses the threshold and makes that trainee's turn stall; here it waits for a quiet
 * second and goes through Kysely, so it never runs inside an open transaction.
 */
export class IdleCheckpointer {
  #lastQueryAt = 0;
  #dirty = false;
  #timer: NodeJS.Timeout | undefined;
  #running = false;

  constructor(private readonly idleMs = 1_000, private readonly intervalMs = 2_000) {}

  readonly noteQuery = (): void => {
    this.#lastQueryAt = Date.now();
    if (!this.#running) this.#dirty = true;
  };

  start(db: Kysely<any>): void {
    this.#timer = setInterval(() => {
      if (!this.#dirty || this.#running || Date.now() - this.#lastQueryAt < this.idleMs) return;
      this.#running = true;
      checkpointWhileIdle(db)
        .then(() => (this.#dirty = false))
        .catch(() => undefined)
        .finally(() => (this.#running = false));
    }, this.intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
