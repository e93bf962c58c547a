import type { Kysely } from 'kysely';
import type { PruneOutcome } from '../../../shared/data-care/types';
import { AppError } from '../../../shared/errors';
import type { Database } from '../db/schema';
import { readSettings } from '../settings/settings-store';

/** Days to keep; 0 keeps forever. */
export interface RetentionPolicy {
  /** Abandoned sessions whose last activity is older than this are deleted (with everything attached). */
  abandonedDays: number;
  /** Activity-log rows older than this are deleted. */
  activityDays: number;
}

export type RetentionResult = PruneOutcome;

const DAY_MS = 86_400_000;

function cutoff(days: number, now: Date, name: string): string | null {
  if (!Number.isInteger(days) || days < 0) throw new AppError('BAD_INPUT', `${name} must be a whole number of days (0 keeps everything).`);
  return days === 0 ? null : new Date(now.getTime() - days * DAY_MS).toISOString();
}

/**
 * Retention (SPEC 7), in one transaction: deletes abandoned sessions last active before
 * the cut-off (their messages, feedback, summaries … go with them through ON DELETE
 * CASCADE) and activity rows created before theirs. Completed, running and errored
 * sessions are never pruned.
 */
export async function applyRetention(db: Kysely<Database>, policy: RetentionPolicy, now: Date = new Date()): Promise<RetentionResult> {
  const abandonedBefore = cutoff(policy.abandonedDays, now, 'abandonedDays');
  const activityBefore = cutoff(policy.activityDays, now, 'activityDays');
  return db.transaction().execute(async (trx) => {
    let abandonedSessions = 0;
    let activityRows = 0;
    if (abandonedBefore) {
      const result = await trx.deleteFrom('sessions').where('status', '=', 'abandoned').where('last_activity_at', '<', abandonedBefore).executeTakeFirst();
      abandonedSessions = Number(result.numDeletedRows);
    }
    if (activityBefore) {
      const result = await trx.deleteFrom('activity_log').where('created_at', '<', activityBefore).executeTakeFirst();
      activityRows = Number(result.numDeletedRows);
    }
    return { abandonedSessions, activityRows, abandonedBefore, activityBefore };
  });
}

/** Retention with the user's settings (`retentionAbandonedDays`, `retentionActivityDays`). */
export async function applyRetentionFromSettings(db: Kysely<Database>, now: Date = new Date()): Promise<RetentionResult> {
  const settings = await readSettings(db);
  return applyRetention(db, { abandonedDays: settings.retentionAbandonedDays, activityDays: settings.retentionActivityDays }, now);
}
