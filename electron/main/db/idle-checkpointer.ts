import { sql, type Kysely } from 'kysely';

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
      sql`PRAGMA wal_checkpoint(PASSIVE)`
        .execute(db)
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
