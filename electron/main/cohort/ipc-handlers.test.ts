import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Profile } from '../../../shared/people/types';
import { createChatTrainCore, type ChatTrainCore } from '../chattrain-core';
import { createIpcRouter } from '../ipc/router';
import { claimScenario, playSession, wellbeingScenario, type TestDb } from './testing/fixtures';

/**
 * The dashboard and review channels on a real core (real database, real engine), through
 * the same router the renderer's requests go through, so input validation is covered too.
 */

const ORIGIN = 'chattrain://app';
let core: ChatTrainCore;
let dataDir: string;
let t: TestDb;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'chattrain-dashboard-ipc-'));
  const contentDir = join(dataDir, 'no-content');
  mkdirSync(contentDir);
  const clock = { now: new Date('2026-03-02T09:00:00.000Z') };
  core = await createChatTrainCore({ dataDir, bundledContentDir: contentDir, mode: 'cli', appVersion: 'test', now: () => clock.now });
  // The fixtures' session player, driving the core's own engine on the core's clock.
  t = {
    dir: dataDir,
    database: core.database,
    clock,
    engine: core.training.engine,
    advance: (seconds) => (clock.now = new Date(clock.now.getTime() + seconds * 1000)),
    cleanup: async () => undefined,
  };
});
afterEach(async () => {
  await core.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const router = () => createIpcRouter({ handlers: core.handlers, trustedOrigins: [ORIGIN] });
const call = (channel: string, input: unknown) => router().dispatch(channel, input, { origin: ORIGIN, isMainFrame: true });

async function profile(displayName: string, role: Profile['role']): Promise<Profile> {
  return core.handlers['profiles.create']({ displayName, role });
}

async function actAs(person: Profile): Promise<void> {
  const result = await core.handlers['profiles.switch']({ profileId: person.id });
  expect(result.ok).toBe(true);
}

/**
 * Ana: claim passed (day 1), claim failed (day 2). Ben: wellbeing failed and flagged
 * (day 2), claim abandoned (day 3). Dates follow the test clock.
 */
async function cohort() {
  const fran = await profile('Fran', 'facilitator');
  const ana = await profile('Ana', 'trainee');
  const ben = await profile('Ben', 'trainee');
  const anaPass = await playSession(t, ana.id, claimScenario, 'pass', 300);
  t.advance(86_400);
  const anaFail = await playSession(t, ana.id, claimScenario, 'fail', 30);
  const benFlagged = await playSession(t, ben.id, wellbeingScenario, 'fail', 30);
  t.advance(86_400);
  const benAbandoned = await playSession(t, ben.id, claimScenario, 'abandon');
  return { fran, ana, ben, anaPass, anaFail, benFlagged, benAbandoned };
}

const dashboardChannelInputs = (sessionId: string): [string, unknown][] => [
  ['dashboard.overview', {}],
  ['dashboard.sessions', { filters: {}, limit: 10, offset: 0 }],
  ['review.get', { sessionId }],
  ['review.addManualFeedback', { sessionId, stepId: 'greet', score: 80, comment: 'Good start.' }],
];

describe('dashboard and review channels', () => {
  it('refuse a trainee on every channel with UNAUTHORIZED, even for their own session', async () => {
    const { ana, anaPass } = await cohort();
    await actAs(ana);
    for (const [channel, input] of dashboardChannelInputs(anaPass)) {
      const result = await call(channel, input);
      expect(result, channel).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
    // Nothing was written by the refused manual feedback.
    const manual = await core.database.db.selectFrom('feedback').select('id').where('type', '=', 'manual').execute();
    expect(manual).toEqual([]);
  });

  it('let facilitators and trainers in', async () => {
    const { fran, anaPass } = await cohort();
    await actAs(fran); // only a facilitator may add another one
    const tess = await profile('Tess', 'trainer');
    for (const person of [fran, tess]) {
      await actAs(person);
      for (const [channel, input] of dashboardChannelInputs(anaPass)) {
        const result = await call(channel, input);
        expect(result.ok, `${person.displayName} ${channel}: ${JSON.stringify(result)}`).toBe(true);
      }
    }
  });

  it('overview: totals, per scenario, per trainee, distribution, flagged and filter options', async () => {
    const { fran, ana, ben, benFlagged } = await cohort();
    await actAs(fran);
    const overview = await core.handlers['dashboard.overview']({});

    expect(overview.totals).toMatchObject({ sessions: 4, completed: 3, passed: 1, abandoned: 1, flagged: 1, completionRate: 75, averageScore: 33.3 });
    expect(overview.scenarios.map((s) => [s.title, s.sessions, s.completed, s.passed, s.completionRate, s.averageScore])).toEqual([
      ['Claim call', 3, 2, 1, 66.67, 50],
      ['Wellbeing check-in', 1, 1, 0, 100, 0],
    ]);
    expect(overview.trainees.map((p) => [p.displayName, p.sessions, p.completed, p.passed, p.flagged])).toEqual([
      ['Ana', 2, 2, 1, 0],
      ['Ben', 2, 1, 0, 1],
    ]);
    expect(overview.scoreDistribution.find((b) => b.from === 0)?.count).toBe(2);
    expect(overview.scoreDistribution.find((b) => b.from === 90)?.count).toBe(1);
    expect(overview.flagged.total).toBe(1);
    expect(overview.flagged.sessions[0]).toMatchObject({ sessionId: benFlagged, displayName: 'Ben', phrases: ['no point anymore'] });

    expect(overview.options.scenarios).toEqual([
      { id: 'test.claim.v1', title: 'Claim call' },
      { id: 'test.wellbeing.v1', title: 'Wellbeing check-in' },
    ]);
    expect(overview.options.trainees.map((p) => p.displayName)).toEqual(expect.arrayContaining(['Ana', 'Ben', 'Fran']));
    expect(overview.options.trainees.find((p) => p.id === ana.id)?.role).toBe('trainee');
    expect(overview.options.trainees.find((p) => p.id === ben.id)).toBeDefined();
  });

  it('overview: filters by scenario, trainee and date range', async () => {
    const { fran, ben } = await cohort();
    await actAs(fran);
    const byScenario = await core.handlers['dashboard.overview']({ scenarioId: 'test.wellbeing.v1' });
    expect(byScenario.totals.sessions).toBe(1);
    expect(byScenario.trainees.map((p) => p.displayName)).toEqual(['Ben']);

    const byTrainee = await core.handlers['dashboard.overview']({ userId: ben.id });
    expect(byTrainee.totals).toMatchObject({ sessions: 2, completed: 1, abandoned: 1, flagged: 1 });

    // Day 2 only (the sessions start on 2, 3 and 4 March on the test clock).
    const day2 = await core.handlers['dashboard.overview']({ from: '2026-03-03T00:00:00.000Z', to: '2026-03-03T23:59:59.999Z' });
    expect(day2.totals.sessions).toBe(2);
    expect(day2.filters).toEqual({ fromIso: '2026-03-03T00:00:00.000Z', toExclusiveIso: '2026-03-04T00:00:00.000Z', scenarioId: null, userId: null });
    const calendarDay = await core.handlers['dashboard.overview']({ from: '2026-03-03', to: '2026-03-03' });
    expect(calendarDay.totals).toEqual(day2.totals);

    const empty = await core.handlers['dashboard.overview']({ from: '2030-01-01' });
    expect(empty.totals).toMatchObject({ sessions: 0, completionRate: null, averageScore: null });
    // The choices do not shrink with the filters.
    expect(empty.options.scenarios).toHaveLength(2);
  });

  it('validates filter input: dates, ids, an empty range, page bounds', async () => {
    const { fran } = await cohort();
    await actAs(fran);
    for (const input of [{ from: '3 March' }, { to: '2026-02-30T10:00' }, { userId: 'not-a-uuid' }, { scenarioId: 'x'.repeat(500) }, { extra: 1 }]) {
      expect(await call('dashboard.overview', input), JSON.stringify(input)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    }
    expect(await call('dashboard.overview', { from: '2026-03-05', to: '2026-03-01' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('empty') } });
    for (const page of [{ limit: 0, offset: 0 }, { limit: 101, offset: 0 }, { limit: 10, offset: -1 }, { limit: 1.5, offset: 0 }]) {
      expect(await call('dashboard.sessions', { filters: {}, ...page })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    }
  });

  it('pages the session list with filters and status', async () => {
    const { fran, ana, anaFail, anaPass } = await cohort();
    await actAs(fran);
    const first = await core.handlers['dashboard.sessions']({ filters: {}, limit: 3, offset: 0 });
    expect(first.total).toBe(4);
    expect(first.sessions).toHaveLength(3);
    const rest = await core.handlers['dashboard.sessions']({ filters: {}, limit: 3, offset: 3 });
    expect(rest.sessions).toHaveLength(1);
    expect(new Set([...first.sessions, ...rest.sessions].map((s) => s.sessionId)).size).toBe(4);

    const anas = await core.handlers['dashboard.sessions']({ filters: { userId: ana.id }, limit: 10, offset: 0 });
    expect(anas.sessions.map((s) => s.sessionId)).toEqual([anaFail, anaPass]); // newest start first
    const completedOnly = await core.handlers['dashboard.sessions']({ filters: {}, status: 'abandoned', limit: 10, offset: 0 });
    expect(completedOnly.sessions.map((s) => s.status)).toEqual(['abandoned']);
  });

  it('review: reads any session, adds manual feedback per step that the trainee then sees', async () => {
    const { fran, ana, anaFail } = await cohort();
    await actAs(fran);
    const before = await core.handlers['review.get']({ sessionId: anaFail });
    expect(before.session.userName).toBe('Ana');
    expect(before.steps.map((s) => s.stepId)).toEqual(['greet', 'details']);

    const after = await core.handlers['review.addManualFeedback']({ sessionId: anaFail, stepId: 'details', score: 65, comment: 'Ask where it happened, too.' });
    const manual = after.feedback.filter((f) => f.type === 'manual');
    expect(manual).toHaveLength(1);
    expect(manual[0]).toMatchObject({ stepId: 'details', score: 65, suggestion: 'Ask where it happened, too.', authorName: 'Fran', passed: true, messageId: null });
    // A second opinion: the session's own result is unchanged.
    expect(after.session.totalScore).toBe(before.session.totalScore);

    await actAs(ana);
    const seenByTrainee = await core.handlers['sessions.get']({ sessionId: anaFail });
    expect(seenByTrainee.feedback.filter((f) => f.type === 'manual')).toEqual(manual);
  });

  it('review: unknown sessions and steps are NOT_FOUND', async () => {
    const { fran, anaPass } = await cohort();
    await actAs(fran);
    expect(await call('review.get', { sessionId: '01900000-0000-7000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call('review.addManualFeedback', { sessionId: anaPass, stepId: 'nope', score: 10, comment: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    for (const bad of [{ score: 101 }, { score: -1 }, { score: 50.5 }, { comment: '   ' }]) {
      const input = { sessionId: anaPass, stepId: 'greet', score: 50, comment: 'Fine.', ...bad };
      expect(await call('review.addManualFeedback', input), JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    }
  });
});
