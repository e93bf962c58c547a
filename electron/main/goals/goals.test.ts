import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimScenario, openTestDb, playSession, type TestDb } from '../cohort/testing/fixtures';
import { findOrCreateUser } from '../training/users';
import { addCheckin, createGoal, deleteGoal, getGoal, listCheckins, listGoals, updateGoal } from './goals';
import { checkinInputSchema, updateGoalInputSchema } from './schemas';

let t: TestDb;
let ana: string;
let ben: string;
let tick: number;
const clock = { now: () => new Date(Date.UTC(2026, 6, 1, 9, 0, tick++)) };

const smart = {
  specific: 'Ask for the policy number in the first minute',
  measurable: 'In 4 of 5 practice calls',
  achievable: 'Using the checklist',
  relevant: 'First-notice-of-loss quality',
  time_bound: 'By the end of the month',
};

beforeEach(async () => {
  t = await openTestDb('chattrain-goals-');
  tick = 0;
  ana = (await findOrCreateUser(t.database.db, 'Ana')).id;
  ben = (await findOrCreateUser(t.database.db, 'Ben')).id;
});
afterEach(() => t.cleanup());

describe('personal goals', () => {
  it('creates, lists with the latest progress, and updates a goal', async () => {
    const sessionId = await playSession(t, ana, claimScenario, 'pass');
    const goal = await createGoal(t.database.db, ana, { ...smart, sessionId }, clock);
    expect(goal).toMatchObject({ userId: ana, scenarioId: 'test.claim.v1', sessionId, status: 'active', latestProgress: null, checkinCount: 0, ...smart });
    const other = await createGoal(t.database.db, ana, { ...smart, specific: 'Summarise the call' }, clock);
    expect(other.scenarioId).toBeNull();

    await addCheckin(t.database.db, ana, goal.id, { progress: 20 }, clock);
    await addCheckin(t.database.db, ana, goal.id, { progress: 60, note: '  Better today  ' }, clock);
    const listed = await listGoals(t.database.db, ana);
    expect(listed.map((g) => [g.id, g.latestProgress, g.checkinCount])).toEqual([
      [goal.id, 60, 2],
      [other.id, null, 0],
    ]);
    expect(listed[0]!.latestCheckinAt).toBe('2026-07-01T09:00:03.000Z');
    expect(await listGoals(t.database.db, ben)).toEqual([]);

    const updated = await updateGoal(t.database.db, ana, goal.id, { measurable: 'In 5 of 5 practice calls', status: 'revised' }, clock);
    expect(updated).toMatchObject({ measurable: 'In 5 of 5 practice calls', status: 'revised', specific: smart.specific, updatedAt: '2026-07-01T09:00:04.000Z' });
  });

  it('records check-ins in order and completes an active or revised goal at 100', async () => {
    const goal = await createGoal(t.database.db, ana, smart, clock);
    const first = await addCheckin(t.database.db, ana, goal.id, { progress: 40, note: 'Half way there' }, clock);
    expect(first.goal.status).toBe('active');
    const done = await addCheckin(t.database.db, ana, goal.id, { progress: 100 }, clock);
    expect(done.goal).toMatchObject({ status: 'completed', latestProgress: 100, checkinCount: 2 });
    expect((await listCheckins(t.database.db, ana, goal.id)).map((c) => [c.progress, c.note])).toEqual([
      [40, 'Half way there'],
      [100, null],
    ]);

    // An abandoned goal stays abandoned whatever the progress.
    const dropped = await createGoal(t.database.db, ana, smart, clock);
    await updateGoal(t.database.db, ana, dropped.id, { status: 'abandoned' }, clock);
    expect((await addCheckin(t.database.db, ana, dropped.id, { progress: 100 }, clock)).goal.status).toBe('abandoned');
  });

  it('lets a user touch only their own goals', async () => {
    const goal = await createGoal(t.database.db, ana, smart, clock);
    const notFound = { code: 'NOT_FOUND', message: `There is no goal with id ${goal.id}.` };
    await expect(getGoal(t.database.db, ben, goal.id)).rejects.toMatchObject(notFound);
    await expect(updateGoal(t.database.db, ben, goal.id, { status: 'abandoned' })).rejects.toMatchObject(notFound);
    await expect(addCheckin(t.database.db, ben, goal.id, { progress: 50 })).rejects.toMatchObject(notFound);
    await expect(listCheckins(t.database.db, ben, goal.id)).rejects.toMatchObject(notFound);
    await expect(deleteGoal(t.database.db, ben, goal.id)).rejects.toMatchObject(notFound);
    const benSession = await playSession(t, ben, claimScenario, 'pass');
    await expect(createGoal(t.database.db, ana, { ...smart, sessionId: benSession })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Nothing of Ana's changed.
    expect(await getGoal(t.database.db, ana, goal.id)).toMatchObject({ status: 'active', checkinCount: 0 });
  });

  it('deletes a goal with its check-ins', async () => {
    const goal = await createGoal(t.database.db, ana, smart, clock);
    await addCheckin(t.database.db, ana, goal.id, { progress: 10 }, clock);
    await deleteGoal(t.database.db, ana, goal.id);
    expect(await listGoals(t.database.db, ana)).toEqual([]);
    const left = await t.database.db.selectFrom('goal_checkins').selectAll().execute();
    expect(left).toEqual([]);
    await expect(deleteGoal(t.database.db, ana, goal.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses bad input with BAD_INPUT and a readable message', async () => {
    const goal = await createGoal(t.database.db, ana, smart, clock);
    await expect(addCheckin(t.database.db, ana, goal.id, { progress: 101 })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('progress') });
    await expect(addCheckin(t.database.db, ana, goal.id, { progress: 12.5 })).rejects.toMatchObject({ code: 'BAD_INPUT', message: 'progress: must be a whole number' });
    await expect(updateGoal(t.database.db, ana, goal.id, {})).rejects.toMatchObject({ code: 'BAD_INPUT', message: 'nothing to change: give at least one field or the status' });
    await expect(updateGoal(t.database.db, ana, goal.id, { specific: '   ' })).rejects.toMatchObject({ code: 'BAD_INPUT', message: 'specific: must not be empty' });
    await expect(updateGoal(t.database.db, ana, goal.id, { status: 'done' as never })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(createGoal(t.database.db, ana, { ...smart, time_bound: '' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    // The schemas are strict, for IPC to reuse.
    expect(updateGoalInputSchema.safeParse({ status: 'active', owner: 'x' }).success).toBe(false);
    expect(checkinInputSchema.safeParse({ progress: 5, extra: 1 }).success).toBe(false);
    expect(await listCheckins(t.database.db, ana, goal.id)).toEqual([]);
  });
});
