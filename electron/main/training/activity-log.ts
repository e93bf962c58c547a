import type { Kysely, Transaction } from 'kysely';
import { precompile } from '../db/statement-cache';
import type { ActivityType, Database } from '../db/schema';

type Executor = Kysely<Database> | Transaction<Database>;

// Every turn logs activity, so the INSERT is compiled once rather than on every call.
const insertActivity = precompile(
  (db, row: { type: ActivityType; userId: string | null; sessionId: string | null; detailsJson: string; createdAt: string }) =>
    db.insertInto('activity_log').values({
      type: row.type,
      user_id: row.userId,
      session_id: row.sessionId,
      details_json: row.detailsJson,
      created_at: row.createdAt,
    }),
);

/** Records an analytics event. `details` holds ids and counts only, never what someone typed. */
export async function logActivity(
  db: Executor,
  entry: { type: ActivityType; userId?: string | null; sessionId?: string | null; details?: Record<string, unknown>; at?: string },
): Promise<void> {
  await insertActivity(db, {
    type: entry.type,
    userId: entry.userId ?? null,
    sessionId: entry.sessionId ?? null,
    detailsJson: JSON.stringify(entry.details ?? {}),
    createdAt: entry.at ?? new Date().toISOString(),
  });
}
