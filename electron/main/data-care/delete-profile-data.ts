import { sql } from 'kysely';
import { AppError } from '../../../shared/errors';
import type { ProfileDataCounts } from '../../../shared/people/types';
import { inTransaction, type Executor } from './db-access';

export type { ProfileDataCounts };

/**
 * "Delete my data" (SPEC 7) for one profile, in one transaction: their sessions with
 * everything attached (messages, step progress, feedback, risk detections, summaries,
 * reflections, the sessions' activity rows), their goals with check-ins, their own
 * reflections and activity rows. The profile itself stays (see `deleteProfile` in
 * people/ to remove it too). Manual feedback this person wrote on *other* trainees'
 * sessions belongs to those sessions and is kept. Runs inside the caller's transaction
 * when given one. Returns what was deleted (counted before deleting).
 */
export async function deleteProfileData(db: Executor, userId: string): Promise<ProfileDataCounts> {
  return inTransaction(db, async (trx) => {
    const user = await trx.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
    if (!user) throw new AppError('NOT_FOUND', `There is no profile with id ${userId}.`);
    const counts = await sql<ProfileDataCounts>`
      SELECT
        (SELECT count(*) FROM sessions WHERE user_id = ${userId}) AS sessions,
        (SELECT count(*) FROM messages WHERE session_id IN (SELECT id FROM sessions WHERE user_id = ${userId})) AS messages,
        (SELECT count(*) FROM goals WHERE user_id = ${userId}) AS goals,
        (SELECT count(*) FROM reflections WHERE user_id = ${userId} OR session_id IN (SELECT id FROM sessions WHERE user_id = ${userId})) AS reflections,
        (SELECT count(*) FROM activity_log WHERE user_id = ${userId} OR session_id IN (SELECT id FROM sessions WHERE user_id = ${userId})) AS activity
    `.execute(trx);
    await trx.deleteFrom('activity_log').where('user_id', '=', userId).execute();
    await trx.deleteFrom('reflections').where('user_id', '=', userId).execute();
    await trx.deleteFrom('goals').where('user_id', '=', userId).execute();
    // ON DELETE CASCADE removes messages, step_progress, feedback, risk_detections,
    // session_summaries, reflections and activity rows of these sessions.
    await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    return counts.rows[0]!;
  });
}
