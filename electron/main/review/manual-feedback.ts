import type { Kysely } from 'kysely';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import type { Scenario } from '../../../shared/scenario/schema';
import type { Database } from '../db/schema';
import { newId } from '../db/ids';
import { requireRole, type Viewer } from '../people/visibility';
import { logActivity } from '../training/activity-log';

export const MANUAL_FEEDBACK_VERSION = 'manual-1';

export const manualFeedbackInputSchema = z.strictObject({
  sessionId: z.uuid(),
  stepId: z.string().min(1).max(100),
  score: z.number().min(0).max(100),
  comment: z.string().trim().min(1, 'write a comment for the trainee').max(5_000),
});
export type ManualFeedbackInput = z.infer<typeof manualFeedbackInputSchema>;

/**
 * A facilitator's or trainer's own score and comment on one step of a session, stored as a
 * `manual` feedback row beside the automatic ones and shown to the trainee. It does not
 * change the step's automatic result: it is a second opinion, not an override.
 */
export async function addManualFeedback(db: Kysely<Database>, author: Viewer, input: ManualFeedbackInput): Promise<{ id: string }> {
  requireRole(author, ['facilitator', 'trainer']);
  const session = await db
    .selectFrom('sessions')
    .innerJoin('scenario_versions', 'scenario_versions.checksum', 'sessions.scenario_checksum')
    .select(['sessions.user_id', 'scenario_versions.definition_json'])
    .where('sessions.id', '=', input.sessionId)
    .executeTakeFirst();
  if (!session) throw new AppError('NOT_FOUND', `There is no training session with id ${input.sessionId}.`);
  const scenario = JSON.parse(session.definition_json) as Scenario;
  const step = scenario.steps.find((candidate) => candidate.id === input.stepId);
  if (!step) throw new AppError('NOT_FOUND', `The session's scenario has no step “${input.stepId}”.`);

  const id = newId();
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('feedback')
      .values({
        id,
        session_id: input.sessionId,
        message_id: null,
        step_id: step.id,
        type: 'manual',
        score: input.score,
        passed: input.score >= step.pass_score ? 1 : 0,
        found_json: '[]',
        missing_json: '[]',
        suggestion: input.comment,
        details_json: '{}',
        evaluator_version: MANUAL_FEEDBACK_VERSION,
        author_user_id: author.id,
        created_at: now,
      })
      .execute();
    await logActivity(trx, { type: 'feedback_received', userId: session.user_id, sessionId: input.sessionId, at: now, details: { stepId: step.id, manual: true, authorId: author.id } });
  });
  return { id };
}
