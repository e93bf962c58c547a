import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { GoalCheckin, GoalView, TrackView } from '../../../shared/goals/types';
import { scripted } from './testing/scripted-ipc';

const { calls } = scripted;

vi.mock('../ipc/client', () => import('./testing/scripted-ipc').then((m) => m.clientModule));

const { useAppStore } = await import('./index');
const { IpcError } = await import('../ipc/client');

const fields = { specific: 'Ask for the policy number first', measurable: '4 of 5 sessions', achievable: 'Checklist', relevant: 'Faster claims', time_bound: 'This month' };

function goal(id: string, overrides: Partial<GoalView> = {}): GoalView {
  return {
    id,
    userId: 'u1',
    scenarioId: null,
    scenarioTitle: null,
    sessionId: null,
    ...fields,
    status: 'active',
    createdAt: '2026-06-01T09:00:00.000Z',
    updatedAt: '2026-06-01T09:00:00.000Z',
    latestProgress: null,
    latestCheckinAt: null,
    checkinCount: 0,
    ...overrides,
  };
}

const checkin = (goalId: string, progress: number, note: string | null = null): GoalCheckin => ({
  id: `c-${progress}`,
  goalId,
  progress,
  note,
  createdAt: '2026-06-02T09:00:00.000Z',
});

const initialState = useAppStore.getState();
const state = () => useAppStore.getState();

beforeEach(() => {
  calls.length = 0;
  useAppStore.setState(initialState, true);
  scripted.handler = async () => undefined;
});

describe('goals slice', () => {
  it('loads the goals, then keeps open goals first as they change', async () => {
    scripted.handler = async () => [goal('a'), goal('b', { status: 'completed' })];
    await state().loadGoals();
    expect(state().goalsStatus).toBe('ready');
    expect(state().goals.map((g) => g.id)).toEqual(['a', 'b']);

    // Marking "a" achieved puts it after the open ones… and a new goal leads.
    scripted.handler = async (channel, input) => (channel === 'goals.update' ? goal('a', { status: 'completed' }) : goal('c', input as Partial<GoalView>));
    expect(await state().setGoalStatus('a', 'completed')).toBe(true);
    expect(calls.at(-1)).toEqual({ channel: 'goals.update', input: { goalId: 'a', status: 'completed' } });
    const created = await state().saveNewGoal(fields);
    expect(created?.id).toBe('c');
    expect(calls.at(-1)).toEqual({ channel: 'goals.create', input: fields });
    expect(state().goals.map((g) => [g.id, g.status])).toEqual([
      ['c', 'active'],
      ['a', 'completed'],
      ['b', 'completed'],
    ]);
    expect(state().checkinHistory.c).toEqual({ status: 'ready', checkins: [], error: null });
    expect(state().goalAction).toMatchObject({ status: 'done', kind: 'create' });
  });

  it('records a check-in: the history grows and the goal shows the new progress', async () => {
    scripted.handler = async () => [goal('a')];
    await state().loadGoals();
    scripted.handler = async (channel) =>
      channel === 'goals.get' ? { goal: goal('a', { latestProgress: 20, checkinCount: 1 }), checkins: [checkin('a', 20)] } : undefined;
    await state().loadCheckins('a');
    expect(state().checkinHistory.a?.checkins.map((c) => c.progress)).toEqual([20]);

    scripted.handler = async () => ({ checkin: checkin('a', 45, 'Better'), goal: goal('a', { latestProgress: 45, checkinCount: 2, updatedAt: '2026-06-02T09:00:00.000Z' }) });
    expect(await state().checkInOnGoal('a', 45, '  Better  ')).toBe(true);
    expect(calls.at(-1)).toEqual({ channel: 'goals.checkin', input: { goalId: 'a', progress: 45, note: 'Better' } });
    expect(state().checkinHistory.a?.checkins.map((c) => [c.progress, c.note])).toEqual([
      [20, null],
      [45, 'Better'],
    ]);
    expect(state().goals[0]).toMatchObject({ latestProgress: 45, checkinCount: 2 });

    // An empty note is sent as null.
    await state().checkInOnGoal('a', 50, '   ');
    expect(calls.at(-1)?.input).toEqual({ goalId: 'a', progress: 50, note: null });
  });

  it('keeps main’s refusal for the goal it concerns and changes nothing', async () => {
    scripted.handler = async () => [goal('a', { latestProgress: 10, checkinCount: 1 })];
    await state().loadGoals();
    scripted.handler = async () => {
      throw new IpcError('BAD_INPUT', 'Invalid input for goals.checkin: progress: progress is at most 100');
    };
    expect(await state().checkInOnGoal('a', 150, '')).toBe(false);
    expect(state().goalAction).toEqual({ status: 'error', kind: 'checkin', goalId: 'a', error: 'Invalid input for goals.checkin: progress: progress is at most 100' });
    expect(state().goals[0]?.latestProgress).toBe(10);

    scripted.handler = async () => {
      throw new IpcError('NOT_FOUND', 'There is no goal with id a.');
    };
    expect(await state().removeGoal('a')).toBe(false);
    expect(state().goals).toHaveLength(1);
    expect(state().goalAction.error).toBe('There is no goal with id a.');
  });

  it('revises an open goal when its fields are edited, but keeps a closed goal’s status', async () => {
    scripted.handler = async () => [goal('a'), goal('b', { status: 'completed' })];
    await state().loadGoals();
    scripted.handler = async (_channel, input) => goal((input as { goalId: string }).goalId);
    await state().editGoal('a', { ...fields, measurable: '5 of 5' });
    expect(calls.at(-1)?.input).toEqual({ goalId: 'a', ...fields, measurable: '5 of 5', status: 'revised' });
    await state().editGoal('b', fields);
    expect(calls.at(-1)?.input).toEqual({ goalId: 'b', ...fields });
  });

  it('deletes a goal with its history', async () => {
    scripted.handler = async () => [goal('a'), goal('b')];
    await state().loadGoals();
    useAppStore.setState({ checkinHistory: { a: { status: 'ready', checkins: [checkin('a', 5)], error: null } } });
    scripted.handler = async () => ({ goalId: 'a' });
    expect(await state().removeGoal('a')).toBe(true);
    expect(state().goals.map((g) => g.id)).toEqual(['b']);
    expect(state().checkinHistory).toEqual({});
  });

  it('runs one goal change at a time', async () => {
    scripted.handler = async () => [goal('a')];
    await state().loadGoals();
    let release: () => void = () => undefined;
    scripted.handler = () => new Promise((resolve) => (release = () => resolve(goal('a', { status: 'abandoned' }))));
    const first = state().setGoalStatus('a', 'abandoned');
    expect(await state().removeGoal('a')).toBe(false);
    expect(calls.filter((c) => c.channel === 'goals.delete')).toEqual([]);
    release();
    expect(await first).toBe(true);
  });

  it('never shows one person’s goals or track progress to the next: switching profiles clears them before loading', async () => {
    useAppStore.setState({ currentProfile: { id: 'ana' } as never });
    scripted.handler = async (channel) => (channel === 'goals.list' ? [goal('anas')] : channel === 'tracks.list' ? [] : { 'x.locked': { reason: 'r', track: 't', unlockWith: null } });
    await state().loadGoals();
    await state().loadTracks();
    expect(state().goals.map((g) => g.id)).toEqual(['anas']);
    expect(Object.keys(state().scenarioLocks)).toEqual(['x.locked']);

    useAppStore.setState({ currentProfile: { id: 'ben' } as never });
    let answer: (value: unknown) => void = () => undefined;
    scripted.handler = () => new Promise((resolve) => (answer = resolve));
    const loading = state().loadGoals();
    expect(state().goals).toEqual([]);
    expect(state().goalsStatus).toBe('loading');
    answer([goal('bens')]);
    await loading;
    expect(state().goals.map((g) => g.id)).toEqual(['bens']);

    const locks = state().loadScenarioLocks();
    expect(state().scenarioLocks).toEqual({});
    answer({});
    await locks;
  });

  it('an older list answer does not undo a change made meanwhile', async () => {
    let answerList: (goals: GoalView[]) => void = () => undefined;
    scripted.handler = (channel) =>
      channel === 'goals.list' ? new Promise((resolve) => (answerList = resolve as typeof answerList)) : Promise.resolve(goal('n'));
    const loading = state().loadGoals();
    await state().saveNewGoal(fields);
    answerList([]);
    await loading;
    expect(state().goals.map((g) => g.id)).toEqual(['n']);
  });
});

describe('tracks in the goals slice', () => {
  const track: TrackView = {
    id: 'course/basics',
    title: 'Basics',
    description: null,
    packId: 'course',
    packTitle: 'Claims course',
    passedCount: 0,
    steps: [
      { scenarioId: 'course.first', title: 'Greeting', available: true, passScore: 70, status: 'unlocked', lockedReason: null, bestScore: null },
      { scenarioId: 'course.second', title: 'Details', available: true, passScore: 70, status: 'locked', lockedReason: 'Pass “Greeting” with at least 70 to unlock', bestScore: null },
    ],
  };

  it('loads tracks and locks together; the locks alone for the scenario page', async () => {
    scripted.handler = async (channel) => (channel === 'tracks.list' ? [track] : { 'course.second': { reason: 'Pass “Greeting” with at least 70 to unlock', track: 'Basics', unlockWith: { scenarioId: 'course.first', title: 'Greeting' } } });
    await state().loadTracks();
    expect(state().tracksStatus).toBe('ready');
    expect(state().tracks).toEqual([track]);
    expect(state().scenarioLocks['course.second']?.track).toBe('Basics');
    expect(calls.map((c) => c.channel).sort()).toEqual(['tracks.list', 'tracks.locks']);

    calls.length = 0;
    scripted.handler = async () => ({});
    await state().loadScenarioLocks();
    expect(calls.map((c) => c.channel)).toEqual(['tracks.locks']);
    expect(state().scenarioLocks).toEqual({});
  });

  it('says when the tracks cannot be read; failed locks leave the start button to main', async () => {
    scripted.handler = async () => {
      throw new IpcError('DATABASE_LOCKED', 'The database is busy. Try again in a moment.');
    };
    await state().loadTracks();
    expect(state().tracksStatus).toBe('error');
    expect(state().tracksError).toBe('The database is busy. Try again in a moment.');
    expect(state().locksStatus).toBe('error');
    expect(state().scenarioLocks).toEqual({});
  });
});
