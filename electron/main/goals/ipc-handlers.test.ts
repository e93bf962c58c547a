import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { createChatTrainCore, type ChatTrainCore } from '../chattrain-core';
import { importPackAndSync } from '../content-packs/sync';
import { minimalScenarioYaml, packYaml, tempDir, writeFiles } from '../content-packs/testing/fixtures';
import { createIpcRouter } from '../ipc/router';
import { bundledContentDir } from '../paths';
import { createProfile } from '../people/profiles';

let core: ChatTrainCore;
let dataDir: string;
let root: string;
let cleanup: () => void;
let ana: string;
let ben: string;

const smart = {
  specific: 'Ask for the policy number in the first minute',
  measurable: 'In four of my next five sessions',
  achievable: 'Using the greeting checklist',
  relevant: 'Claims calls start faster',
  time_bound: 'By the end of the month',
};

const codeOf = async (promise: unknown) => {
  try {
    await promise;
  } catch (error) {
    return error instanceof AppError ? error.code : `not an AppError: ${String(error)}`;
  }
  return 'no error';
};

async function become(id: string) {
  expect((await core.people.switchTo(id, null)).ok).toBe(true);
}

beforeEach(async () => {
  ({ dir: root, cleanup } = tempDir('chattrain-goals-ipc-'));
  dataDir = join(root, 'data');
  core = await createChatTrainCore({ dataDir, bundledContentDir: bundledContentDir(), mode: 'cli', appVersion: 'test' });
  ana = (await createProfile(core.database.db, { displayName: 'Ana', role: 'trainee' })).id;
  ben = (await createProfile(core.database.db, { displayName: 'Ben', role: 'trainee' })).id;
});
afterEach(async () => {
  await core.close();
  cleanup();
});

describe('goals channels', () => {
  it('create, list, get, update, check in and delete, for the active profile', async () => {
    const h = core.handlers;
    await become(ana);
    const first = await h['goals.create'](smart);
    expect(first).toMatchObject({ ...smart, userId: ana, status: 'active', latestProgress: null, checkinCount: 0, scenarioTitle: null });

    await h['goals.checkin']({ goalId: first.id, progress: 30, note: 'Two of five so far' });
    const { goal, checkin } = await h['goals.checkin']({ goalId: first.id, progress: 55 });
    expect(checkin).toMatchObject({ goalId: first.id, progress: 55, note: null });
    expect(goal).toMatchObject({ latestProgress: 55, checkinCount: 2, status: 'active' });

    const detail = await h['goals.get']({ goalId: first.id });
    expect(detail.checkins.map((c) => [c.progress, c.note])).toEqual([
      [30, 'Two of five so far'],
      [55, null],
    ]);

    // Open goals are listed before achieved and abandoned ones.
    const second = await h['goals.create']({ ...smart, specific: 'Summarise every call before hanging up' });
    const third = await h['goals.create']({ ...smart, specific: 'Never say “calm down”' });
    await h['goals.update']({ goalId: second.id, status: 'completed' });
    await h['goals.update']({ goalId: third.id, status: 'abandoned' });
    const revised = await h['goals.update']({ goalId: first.id, measurable: 'In all of my next five sessions', status: 'revised' });
    expect(revised).toMatchObject({ measurable: 'In all of my next five sessions', status: 'revised' });
    expect((await h['goals.list'](undefined)).map((g) => [g.specific, g.status])).toEqual([
      [smart.specific, 'revised'],
      ['Summarise every call before hanging up', 'completed'],
      ['Never say “calm down”', 'abandoned'],
    ]);

    // A check-in at 100 on an open goal marks it achieved.
    expect((await h['goals.checkin']({ goalId: first.id, progress: 100 })).goal.status).toBe('completed');

    expect(await h['goals.delete']({ goalId: third.id })).toEqual({ goalId: third.id });
    expect(await codeOf(h['goals.get']({ goalId: third.id }))).toBe('NOT_FOUND');
    expect((await h['goals.list'](undefined)).length).toBe(2);
  });

  it('keeps each trainee’s goals to themselves: another’s goal is NOT_FOUND for every operation', async () => {
    const h = core.handlers;
    await become(ana);
    const anas = await h['goals.create'](smart);
    await h['goals.checkin']({ goalId: anas.id, progress: 40, note: 'private note' });

    await become(ben);
    expect(await h['goals.list'](undefined)).toEqual([]);
    expect(await codeOf(h['goals.get']({ goalId: anas.id }))).toBe('NOT_FOUND');
    expect(await codeOf(h['goals.update']({ goalId: anas.id, status: 'abandoned' }))).toBe('NOT_FOUND');
    expect(await codeOf(h['goals.checkin']({ goalId: anas.id, progress: 90 }))).toBe('NOT_FOUND');
    expect(await codeOf(h['goals.delete']({ goalId: anas.id }))).toBe('NOT_FOUND');
    const bens = await h['goals.create']({ ...smart, specific: 'Ben’s own goal' });
    expect((await h['goals.list'](undefined)).map((g) => g.id)).toEqual([bens.id]);

    await become(ana);
    const detail = await h['goals.get']({ goalId: anas.id });
    expect(detail.goal).toMatchObject({ status: 'active', latestProgress: 40, checkinCount: 1 });
    expect(detail.checkins.map((c) => c.note)).toEqual(['private note']);
    expect((await h['goals.list'](undefined)).map((g) => g.id)).toEqual([anas.id]);
  });

  it('creates a goal from one of the trainee’s own sessions only, recording its scenario', async () => {
    const h = core.handlers;
    await become(ana);
    const session = await h['sessions.create']({ scenarioId: 'insurance.claim_handling.v1' });
    const goal = await h['goals.create']({ ...smart, sessionId: session.session.id });
    expect(goal).toMatchObject({ sessionId: session.session.id, scenarioId: 'insurance.claim_handling.v1', scenarioTitle: 'Insurance Claim Handling' });
    await become(ben);
    expect(await codeOf(h['goals.create']({ ...smart, sessionId: session.session.id }))).toBe('NOT_FOUND');
  });

  it('refuses check-ins outside 0–100, fractions and over-long notes at the IPC boundary, changing nothing', async () => {
    const router = createIpcRouter({ handlers: core.handlers, trustedOrigins: ['chattrain://app'] });
    const sender = { origin: 'chattrain://app', isMainFrame: true };
    await become(ana);
    const goal = await core.handlers['goals.create'](smart);
    for (const input of [
      { goalId: goal.id, progress: 101 },
      { goalId: goal.id, progress: -1 },
      { goalId: goal.id, progress: 12.5 },
      { goalId: goal.id, progress: '50' },
      { goalId: goal.id, progress: 50, note: 'x'.repeat(2_001) },
      { goalId: 'not-a-uuid', progress: 50 },
    ]) {
      const result = await router.dispatch('goals.checkin', input, sender);
      expect(result.ok, JSON.stringify(input).slice(0, 80)).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('BAD_INPUT');
    }
    const refused = await router.dispatch('goals.checkin', { goalId: goal.id, progress: 101 }, sender);
    expect(refused).toMatchObject({ ok: false, error: { message: expect.stringContaining('progress is at most 100') } });
    // The goal functions check again, whoever calls them.
    expect(await codeOf(core.handlers['goals.checkin']({ goalId: goal.id, progress: 250 }))).toBe('BAD_INPUT');
    expect((await core.handlers['goals.get']({ goalId: goal.id })).checkins).toEqual([]);

    const ok = await router.dispatch('goals.checkin', { goalId: goal.id, progress: 0, note: '  started  ' }, sender);
    expect(ok).toMatchObject({ ok: true, value: { checkin: { progress: 0, note: 'started' } } });
    expect(await router.dispatch('goals.update', { goalId: goal.id }, sender)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await router.dispatch('goals.update', { goalId: goal.id, status: 'done' }, sender)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await router.dispatch('goals.create', { ...smart, specific: '   ' }, sender)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });
});

describe('tracks channels', () => {
  beforeEach(async () => {
    const pack = join(root, 'course-pack');
    writeFiles(pack, {
      'pack.yaml': packYaml('course', { title: 'Claims course', track: ['course.first', 'course.second'] }),
      'first/scenario.yaml': minimalScenarioYaml('course.first', { title: 'Greeting basics' }),
      'second/scenario.yaml': minimalScenarioYaml('course.second', { title: 'Taking details' }),
    });
    const { result } = await importPackAndSync({ db: core.database.db, dataDir, bundledContentDir: bundledContentDir() }, pack);
    expect(result.problems).toEqual([]);
  });

  /** Plays a scenario of the test pack to the end as the active profile (every step passed, or every step missed). */
  async function play(scenarioId: string, how: 'pass' | 'miss') {
    const h = core.handlers;
    const created = await h['sessions.create']({ scenarioId });
    await h['sessions.start']({ sessionId: created.session.id });
    let view = created;
    for (let step = 0; step < 2; step++) {
      const answers = how === 'pass' ? ['The policy number, please.'] : ['Hmm.', 'Hmm.', 'Hmm.'];
      for (const text of answers) view = await h['sessions.answer']({ sessionId: created.session.id, text });
    }
    expect(view.session.status).toBe('completed');
    return view.session.totalScore;
  }

  it('lists the track with passed / unlocked / locked steps and the lock reason, per profile', async () => {
    const h = core.handlers;
    await become(ana);
    const [track] = await h['tracks.list'](undefined);
    expect(track).toMatchObject({ id: 'course/basics', title: 'Basics', packTitle: 'Claims course', passedCount: 0 });
    expect(track!.steps.map((s) => [s.scenarioId, s.title, s.status, s.lockedReason])).toEqual([
      ['course.first', 'Greeting basics', 'unlocked', null],
      ['course.second', 'Taking details', 'locked', 'Pass “Greeting basics” with at least 70 to unlock'],
    ]);
    expect(await h['tracks.locks'](undefined)).toEqual({
      'course.second': {
        reason: 'Pass “Greeting basics” with at least 70 to unlock',
        track: 'Basics',
        unlockWith: { scenarioId: 'course.first', title: 'Greeting basics' },
      },
    });
    // The server refuses to start a locked scenario, saying why.
    await expect(h['sessions.create']({ scenarioId: 'course.second' })).rejects.toMatchObject({
      code: 'SESSION_STATE',
      message: '“Taking details” is locked in the track “Basics”. Pass “Greeting basics” with at least 70 to unlock it.',
    });

    // Missing every step completes the session with 0: still locked.
    expect(await play('course.first', 'miss')).toBe(0);
    expect(Object.keys(await h['tracks.locks'](undefined))).toEqual(['course.second']);

    expect(await play('course.first', 'pass')).toBe(100);
    const [after] = await h['tracks.list'](undefined);
    expect(after!.steps.map((s) => [s.status, s.bestScore])).toEqual([
      ['passed', 100],
      ['unlocked', null],
    ]);
    expect(after!.passedCount).toBe(1);
    expect(await h['tracks.locks'](undefined)).toEqual({});
    expect((await h['sessions.create']({ scenarioId: 'course.second' })).session.scenarioId).toBe('course.second');

    // Ben has passed nothing: the second scenario is still locked for him.
    await become(ben);
    expect(Object.keys(await h['tracks.locks'](undefined))).toEqual(['course.second']);
    expect((await h['tracks.list'](undefined))[0]!.steps.map((s) => s.status)).toEqual(['unlocked', 'locked']);
  });
});
