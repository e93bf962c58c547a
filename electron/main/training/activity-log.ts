import type { Kysely, Transaction } from 'kysely';
import type { ActivityType, Database } from '../db/schema';

type Executor = Kysely<Database> | Transaction<Database>;

/** Records an analytics event. `details` holds ids and counts only, never what someone typed. */
export async function logActivity(
  db: Executor,
  entry: { type: ActivityType; userId?: string | null; sessionId?: string | null; details?: Record<string, unknown>; at?: string },
): Promise<void> {
  await db
    .insertInto('activity_log')
    .values({
      type: entry.type,
      user_id: entry.userId ?? null,
      session_id: entry.sessionId ?? null,
      details_json: JSON.stringify(entry.details ?? {}),
      created_at: entry.at ?? new Date().toISOString(),
    })
    .execute();
}
