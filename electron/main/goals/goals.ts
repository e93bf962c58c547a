import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import { AppError } from '../../../shared/errors';
import type { Database, GoalRow } from '../db/schema';
import {
  checkinInputSchema,
  createGoalInputSchema,
  updateGoalInputSchema,
  type CheckinInput,
  type CreateGoalInput,
  type UpdateGoalInput,
} from './schemas';
import type { GoalCheckin, GoalView } from '../../../shared/goals/types';

/**
 * Personal SMART goals and their check-ins. Every operation is scoped to one user: a goal
 * of another profile is reported exactly like a goal that does not exist (NOT_FOUND), so
 * nothing about it leaks.
 */

export interface GoalClock {
  now?: () => Date;
}

const stamp = (clock: GoalClock) => (clock.now ?? (() => new Date()))().toISOString();

function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new AppError('BAD_INPUT', `${where}${issue.message}`);
}

function notFound(goalId: string): AppError {
  return new AppError('NOT_FOUND', `There is no goal with id ${goalId}.`);
}

async function ownGoal(db: Kysely<Database>, userId: string, goalId: string): Promise<GoalRow> {
  const row = await db.selectFrom('goals').selectAll().where('id', '=', goalId).where('user_id', '=', userId).executeTakeFirst();
  if (!row) throw notFound(goalId);
  return row;
}

function goalViews(db: Kysely<Database>) {
  return db
    .selectFrom('goals as g')
    .leftJoin('scenarios as s', 's.id', 'g.scenario_id')
    .selectAll('g')
    .select((eb) => [
      's.title as scenario_title',
      eb.selectFrom('goal_checkins as c').select((c) => c.fn.countAll<number>().as('n')).whereRef('c.goal_id', '=', 'g.id').as('checkin_count'),
      eb
        .selectFrom('goal_checkins as c')
        .select('c.progress')
        .whereRef('c.goal_id', '=', 'g.id')
        .orderBy('c.created_at', 'desc')
        .orderBy(sql`c.rowid`, 'desc')
        .limit(1)
        .as('latest_progress'),
      eb
        .selectFrom('goal_checkins as c')
        .select('c.created_at')
        .whereRef('c.goal_id', '=', 'g.id')
        .orderBy('c.created_at', 'desc')
        .orderBy(sql`c.rowid`, 'desc')
        .limit(1)
        .as('latest_checkin_at'),
    ]);
}

type GoalViewRow = Awaited<ReturnType<ReturnType<typeof goalViews>['executeTakeFirstOrThrow']>>;

function toView(row: GoalViewRow): GoalView {
  return {
    id: row.id,
    userId: row.user_id,
    scenarioId: row.scenario_id,
    scenarioTitle: row.scenario_title ?? null,
    sessionId: row.session_id,
    specific: row.specific,
    measurable: row.measurable,
    achievable: row.achievable,
    relevant: row.relevant,
    time_bound: row.time_bound,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    latestProgress: row.latest_progress ?? null,
    latestCheckinAt: row.latest_checkin_at ?? null,
    checkinCount: Number(row.checkin_count ?? 0),
  };
}

/** The user's goals, most recently changed first, each with its latest progress and check-in count. */
export async function listGoals(db: Kysely<Database>, userId: string): Promise<GoalView[]> {
  const rows = await goalViews(db).where('g.user_id', '=', userId).orderBy('g.updated_at', 'desc').orderBy('g.created_at', 'desc').orderBy('g.id').execute();
  return rows.map(toView);
}

export async function getGoal(db: Kysely<Database>, userId: string, goalId: string): Promise<GoalView> {
  const row = await goalViews(db).where('g.id', '=', goalId).where('g.user_id', '=', userId).executeTakeFirst();
  if (!row) throw notFound(goalId);
  return toView(row);
}

/**
 * Creates an active goal for `userId`. With a session id (which must be one of the user's
 * sessions) the goal also records that session's scenario.
 */
export async function createGoal(db: Kysely<Database>, userId: string, input: CreateGoalInput, clock: GoalClock = {}): Promise<GoalView> {
  const fields = parse(createGoalInputSchema, input);
  let scenarioId: string | null = null;
  if (fields.sessionId) {
    const session = await db.selectFrom('sessions').select('scenario_id').where('id', '=', fields.sessionId).where('user_id', '=', userId).executeTakeFirst();
    if (!session) throw new AppError('NOT_FOUND', `There is no training session with id ${fields.sessionId}.`);
    scenarioId = session.scenario_id;
  }
  const id = randomUUID();
  const now = stamp(clock);
  await db
    .insertInto('goals')
    .values({
      id,
      user_id: userId,
      scenario_id: scenarioId,
      session_id: fields.sessionId ?? null,
      specific: fields.specific,
      measurable: fields.measurable,
      achievable: fields.achievable,
      relevant: fields.relevant,
      time_bound: fields.time_bound,
      status: 'active',
      created_at: now,
      updated_at: now,
    })
    .execute();
  return getGoal(db, userId, id);
}

/** Changes any of the five SMART fields and/or the status of one of the user's goals. */
export async function updateGoal(db: Kysely<Database>, userId: string, goalId: string, patch: UpdateGoalInput, clock: GoalClock = {}): Promise<GoalView> {
  const changes = parse(updateGoalInputSchema, patch);
  await ownGoal(db, userId, goalId);
  const set: Record<string, string> = {};
  for (const [key, value] of Object.entries(changes)) if (value !== undefined) set[key] = value;
  await db
    .updateTable('goals')
    .set({ ...set, updated_at: stamp(clock) })
    .where('id', '=', goalId)
    .where('user_id', '=', userId)
    .execute();
  return getGoal(db, userId, goalId);
}

/** Deletes one of the user's goals with its check-ins. */
export async function deleteGoal(db: Kysely<Database>, userId: string, goalId: string): Promise<void> {
  const result = await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('goal_checkins')
      .where('goal_id', 'in', trx.selectFrom('goals').select('id').where('id', '=', goalId).where('user_id', '=', userId))
      .execute();
    return trx.deleteFrom('goals').where('id', '=', goalId).where('user_id', '=', userId).executeTakeFirst();
  });
  if (Number(result.numDeletedRows) === 0) throw notFound(goalId);
}

/**
 * Records progress (0–100, whole numbers) on one of the user's goals, with an optional
 * note. A check-in at 100 on an active or revised goal also marks the goal completed (in
 * the same transaction); a completed or abandoned goal keeps its status whatever the
 * progress, so closing a goal stays the trainee's decision.
 */
export async function addCheckin(
  db: Kysely<Database>,
  userId: string,
  goalId: string,
  input: CheckinInput,
  clock: GoalClock = {},
): Promise<{ checkin: GoalCheckin; goal: GoalView }> {
  const { progress, note } = parse(checkinInputSchema, input);
  const now = stamp(clock);
  const checkin: GoalCheckin = { id: randomUUID(), goalId, progress, note: note ? note : null, createdAt: now };
  await db.transaction().execute(async (trx) => {
    const goal = await ownGoal(trx, userId, goalId);
    await trx.insertInto('goal_checkins').values({ id: checkin.id, goal_id: goalId, progress, note: checkin.note, created_at: now }).execute();
    const completes = progress === 100 && (goal.status === 'active' || goal.status === 'revised');
    await trx
      .updateTable('goals')
      .set({ updated_at: now, ...(completes ? { status: 'completed' as const } : {}) })
      .where('id', '=', goalId)
      .execute();
  });
  return { checkin, goal: await getGoal(db, userId, goalId) };
}

/** The check-ins of one of the user's goals, oldest first. */
export async function listCheckins(db: Kysely<Database>, userId: string, goalId: string): Promise<GoalCheckin[]> {
  await ownGoal(db, userId, goalId);
  const rows = await db
    .selectFrom('goal_checkins')
    .select(['id', 'goal_id', 'progress', 'note', 'created_at'])
    .where('goal_id', '=', goalId)
    .orderBy('created_at')
    .orderBy(sql`rowid`)
    .execute();
  return rows.map((row) => ({ id: row.id, goalId: row.goal_id, progress: row.progress, note: row.note, createdAt: row.created_at }));
}
