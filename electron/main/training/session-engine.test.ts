import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scenarioSchema, type Scenario } from '../../../shared/scenario/schema';
import { defaultSettings } from '../../../shared/settings/schema';
import { openDatabase, type AppDatabase } from '../db/open-database';
import { SessionEngine } from './session-engine';
import { findOrCreateUser } from './users';

const scenario: Scenario = scenarioSchema.parse({
  id: 'test.engine.v1',
  title: 'Engine test',
  description: 'A short scenario for engine tests.',
  domain: 'testing',
  version: '1.2.0',
  difficulty: 'beginner',
  duration_minutes: 10,
  persona: { name: 'Pat', role: 'Customer' },
  steps: [
    {
      id: 'greet',
      persona_says: 'Hello, I have a problem.',
      variations: ['Hello? Anyone there?', 'I said I have a problem.'],
      goal: 'Greet and ask for the policy number',
      expected_keywords: ['policy number', 'sorry'],
      synonyms: { sorry: ['apologize'] },
      forbidden: ['calm down'],
      pass_score: 100,
      max_attempts: 3,
      hint: 'Say sorry and ask for the policy number.',
      follow_up: 'What do you need from me?',
    },
    {
      id: 'details',
      persona_says: 'It happened yesterday. I feel there is no point anymore.',
      goal: 'Ask when and where',
      expected_keywords: ['when', 'where'],
      pass_score: 50,
      max_attempts: 2,
    },
  ],
  completion: { pass_score: 70 },
  risk: { phrases: ['no point anymore', 'hurt myself'], resources: ['Call your local emergency number.'] },
});

let dir: string;
let database: AppDatabase;
let clock: Date;
let engine: SessionEngine;
let userId: string;

const makeEngine = (db: AppDatabase) =>
  new SessionEngine({ db: db.db, now: () => clock, settings: async () => ({ riskPhrases: defaultSettings.riskPhrases, riskResources: [] }) });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chattrain-engine-'));
  database = await openDatabase(join(dir, 'app.db'));
  clock = new Date('2026-11-22T10:00:00.000Z');
  engine = makeEngine(database);
  userId = (await findOrCreateUser(database.db, 'Ana')).id;
});
afterEach(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

const session = (id: string) => database.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const messages = (id: string) => database.db.selectFrom('messages').select(['role', 'content', 'step_id', 'seq']).where('session_id', '=', id).orderBy('seq').execute();
const progress = (id: string) => database.db.selectFrom('step_progress').selectAll().where('session_id', '=', id).orderBy('step_index').execute();
const activity = (id: string) => database.db.selectFrom('activity_log').select('type').where('session_id', '=', id).orderBy('id').execute().then((rows) => rows.map((row) => row.type));
const advance = (minutes: number) => (clock = new Date(clock.getTime() + minutes * 60_000));

describe('SessionEngine', () => {
  it('creates a session on the start page, then starts it with the persona opening', async () => {
    const id = await engine.create({ userId, scenario });
    expect(await session(id)).toMatchObject({ status: 'created', completion_reason: null, started_at: null, scenario_version: '1.2.0', variant: 'A' });
    expect(await messages(id)).toEqual([]);
    expect((await progress(id)).map((row) => row.status)).toEqual(['pending', 'pending']);

    await engine.start(id, scenario);
    expect(await session(id)).toMatchObject({ status: 'in_progress', started_at: clock.toISOString() });
    expect(await messages(id)).toEqual([{ role: 'persona', content: 'Hello, I have a problem.', step_id: 'greet', seq: 0 }]);
    expect((await progress(id)).map((row) => row.status)).toEqual(['in_progress', 'pending']);
    expect(await activity(id)).toEqual(['session_start']);
  });

  it('plays a scenario to the end: all steps passed → completed / all_steps_finished', async () => {
    const id = await engine.create({ userId, scenario });
    await engine.start(id, scenario);
    const first = await engine.submitAnswer(id, scenario, 'I am sorry! What is your policy number?');
    expect(first.evaluation).toMatchObject({ score: 100, passed: true });
    const second = await engine.submitAnswer(id, scenario, 'When and where did it happen?');
    expect(second).toMatchObject({ status: 'completed', completionReason: 'all_steps_finished' });

    expect(await session(id)).toMatchObject({ status: 'completed', completion_reason: 'all_steps_finished', total_score: 100, passed: 1, completed_at: clock.toISOString() });
    expect((await progress(id)).map((row) => [row.status, row.attempts, row.best_score])).toEqual([['passed', 1, 100], ['passed', 1, 100]]);
    const roles = (await messages(id)).map((message) => message.role);
    expect(roles).toEqual(['persona', 'trainee', 'persona', 'trainee', 'persona', 'system']);
    expect(await activity(id)).toEqual(['session_start', 'message_sent', 'feedback_received', 'message_sent', 'feedback_received', 'session_end']);
    const summary = await database.db.selectFrom('session_summaries').selectAll().where('session_id', '=', id).where('kind', '=', 'complete').executeTakeFirstOrThrow();
    expect(JSON.parse(summary.strengths_json)).toHaveLength(2);
  });

  it('answers a miss with the follow-up, rotates variations, and records the step as missed after max attempts', async () => {
    const id = await engine.create({ userId, scenario });
    await engine.start(id, scenario);
    await engine.submitAnswer(id, scenario, 'Hi');
    await engine.submitAnswer(id, scenario, 'Hello there');
    const third = await engine.submitAnswer(id, scenario, 'What is your policy number?');
    expect(third.evaluation).toMatchObject({ passed: false, score: 50, missing: ['sorry'] });
    const personaLines = (await messages(id)).filter((message) => message.role === 'persona').map((message) => message.content);
    expect(personaLines).toEqual([
      'Hello, I have a problem.',
      'What do you need from me?',
      'Hello? Anyone there?',
      'It happened yesterday. I feel there is no point anymore.',
    ]);
    const [greet, details] = await progress(id);
    expect(greet).toMatchObject({ status: 'missed', attempts: 3, best_score: 50 });
    expect(details).toMatchObject({ status: 'in_progress', attempts: 0 });
    expect(await session(id)).toMatchObject({ current_step_index: 1, status: 'in_progress', total_score: 50 });
  });

  it('fails the scenario when the total is under completion.pass_score', async () => {
    const id = await engine.create({ userId, scenario });
    await engine.start(id, scenario);
    for (const answer of ['no', 'no', 'no', 'no', 'no']) {
      const outcome = await engine.submitAnswer(id, scenario, answer);
      if (outcome.status === 'completed') break;
    }
    expect(await session(id)).toMatchObject({ status: 'completed', completion_reason: 'all_steps_finished', total_score: 0, passed: 0 });
  });

  it('ends the session with time_limit when an answer arrives after the limit, keeping the answer', async () => {
    const id = await engine.create({ userId, scenario });
    await engine.start(id, scenario);
    advance(11);
    const outcome = await engine.submitAnswer(id, scenario, 'Sorry, policy number?');
    expect(outcome).toMatchObject({ evaluation: null, status: 'completed', completionReason: 'time_limit' });
    expect(await session(id)).toMatchObject({ status: 'completed', completion_reason: 'time_limit' });
    expect((await messages(id)).some((message) => message.content === 'Sorry, policy number?')).toBe(true);
    await expect(engine.submitAnswer(id, scenario, 'again')).rejects.toMatchObject({ code: 'SESSION_STATE' });
  });

  it('checks the time limit on resume, after the app was closed', async () => {
    const id = await engine.create({ userId, scenario });
    await engine.start(id, scenario);
    await database.close();
    advance(30);
    database = await openDatabase(join(dir, 'app.db'));
    engine = makeEngine(database);
    await engine.resume(id, scenario);
    expect(await session(id)).toMatchObject({ status: 'completed', completion_reason: 'time_limit' });
  });

  it('resumes exactly where it was after reopening the database', async () => {
    const id = await engine.create({ userId, scenario });
    await engine.start(id, scenario);
    await engine.submitAnswer(id, scenario, 'Hi');
    await database.close();
    database = await openDatabase(join(dir, 'app.db'));
    engine = makeEngine(database);
    await engine.resume(id, scenario);
    expect(await session(id)).toMatchObject({ status: 'in_progress', current_step_index: 0 });
    expect((await progress(id))[0]).toMatchObject({ attempts: 1, status: 'in_progress' });
    const outcome = await engine.submitAnswer(id, scenario, 'Sorry — your policy number please?');
    expect(outcome.evaluation?.passed).toBe(true);
    expect((await progress(id))[0]).toMatchObject({ attempts: 2, status: 'passed' });
  });

  it('evaluates on resume an answer that was stored but never evaluated', async () => {
    const id = await engine.create({ userId, scenario });
    await engine.start(id, scenario);
    // What a crash between the two transactions leaves behind: the answer, no feedback.
    await database.db.insertInto('messages').values({
      id: 'orphan', session_id: id, seq: 1, role: 'trainee', content: 'So sorry. Your policy number?', step_id: 'greet', engine: null,
      prompt_tokens: null, completion_tokens: null, response_ms: null, created_at: clock.toISOString(),
    }).execute();
    await engine.resume(id, scenario);
    const feedback = await database.db.selectFrom('feedback').selectAll().where('message_id', '=', 'orphan').execute();
    expect(feedback).toHaveLength(1);
    expect(feedback[0]).toMatchObject({ type: 'rule_based', passed: 1, evaluator_version: 'rules-1.0.0' });
    expect(await session(id)).toMatchObject({ current_step_index: 1 });
    await engine.resume(id, scenario);
    expect(await database.db.selectFrom('feedback').selectAll().where('session_id', '=', id).execute()).toHaveLength(1);
  });

  it('ends with user_exit (completed) or abandons (abandoned), and marks system errors', async () => {
    const ended = await engine.create({ userId, scenario });
    await engine.start(ended, scenario);
    await engine.end(ended, scenario);
    expect(await session(ended)).toMatchObject({ status: 'completed', completion_reason: 'user_exit', passed: 0 });
    // The step under way is closed as missed; steps never reached stay pending.
    expect((await progress(ended)).map((row) => row.status)).toEqual(['missed', 'pending']);

    const left = await engine.create({ userId, scenario });
    await engine.abandon(left, scenario);
    expect(await session(left)).toMatchObject({ status: 'abandoned', completion_reason: 'user_exit', passed: null });

    const broken = await engine.create({ userId, scenario });
    await engine.start(broken, scenario);
    await engine.fail(broken, scenario);
    expect(await session(broken)).toMatchObject({ status: 'error', completion_reason: 'system_error' });
    await expect(engine.start(broken, scenario)).rejects.toMatchObject({ code: 'SESSION_STATE' });
  });

  it('detects safety language on both sides, stores resources and flags the session', async () => {
    const id = await engine.create({ userId, scenario });
    await engine.start(id, scenario);
    await engine.submitAnswer(id, scenario, 'Sorry, policy number? I could hurt myself with this paperwork.');
    const risks = await database.db.selectFrom('risk_detections').selectAll().where('session_id', '=', id).orderBy('created_at').execute();
    expect(risks.map((risk) => [risk.speaker, risk.phrase])).toEqual(
      expect.arrayContaining([['trainee', 'hurt myself'], ['persona', 'no point anymore']]),
    );
    expect(JSON.parse(risks[0]!.resources_json)).toEqual(['Call your local emergency number.']);
    expect(await session(id)).toMatchObject({ flagged: 1 });
  });

  it('matches the global phrase list from settings as well as the scenario\'s own', async () => {
    const id = await engine.create({ userId, scenario });
    await engine.start(id, scenario);
    await engine.submitAnswer(id, scenario, 'Honestly some days I want to die.');
    const risks = await database.db.selectFrom('risk_detections').select(['phrase', 'source', 'speaker']).where('session_id', '=', id).execute();
    expect(risks).toContainEqual({ phrase: 'want to die', source: 'global', speaker: 'trainee' });
  });

  it('plays deterministically: the same answers give the same transcript', async () => {
    const answers = ['hmm', 'I apologize, your policy number?', 'no idea', 'when? where?'];
    const play = async () => {
      const id = await engine.create({ userId, scenario });
      await engine.start(id, scenario);
      for (const answer of answers) await engine.submitAnswer(id, scenario, answer);
      return (await messages(id)).map((message) => `${message.role}:${message.content}`);
    };
    expect(await play()).toEqual(await play());
  });
});
