import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scenarioSchema, type Scenario } from '../../../../shared/scenario/schema';
import { openDatabase, type AppDatabase } from '../../db/open-database';
import { SessionEngine } from '../../training/session-engine';

/**
 * Test helpers shared by people/, cohort/, workshop/ and data-care/ tests: real SQLite
 * files in a temp folder, and sessions played through the real SessionEngine on a clock
 * the test controls.
 */

/** Two steps; its risk phrases only occur if a trainee types them. */
export const claimScenario: Scenario = scenarioSchema.parse({
  id: 'test.claim.v1',
  title: 'Claim call',
  description: 'A policyholder calls about hail damage.',
  domain: 'testing',
  version: '1.0.0',
  difficulty: 'beginner',
  persona: { name: 'Pat', role: 'Customer' },
  steps: [
    {
      id: 'greet',
      persona_says: 'Hello, I have a problem with my car.',
      goal: 'Apologise and ask for the policy number',
      expected_keywords: ['policy number', 'sorry'],
      pass_score: 100,
      max_attempts: 2,
      follow_up: 'What do you need from me?',
    },
    {
      id: 'details',
      persona_says: 'It happened yesterday in the storm.',
      goal: 'Ask when and where',
      expected_keywords: ['when', 'where'],
      pass_score: 50,
      max_attempts: 2,
    },
  ],
  completion: { pass_score: 70 },
  risk: { phrases: ['hurt myself'], resources: ['Call your local emergency number.'] },
});

/** The persona discloses risk in step 2, so every session reaching it is flagged. */
export const wellbeingScenario: Scenario = scenarioSchema.parse({
  id: 'test.wellbeing.v1',
  title: 'Wellbeing check-in',
  description: 'A colleague seems low.',
  domain: 'testing',
  version: '2.1.0',
  difficulty: 'intermediate',
  variant: 'B',
  persona: { name: 'Sam', role: 'Colleague' },
  steps: [
    { id: 'open', persona_says: 'Hi.', goal: 'Ask how they are', expected_keywords: ['how are you'], pass_score: 100, max_attempts: 2 },
    { id: 'listen', persona_says: 'Honestly, I feel there is no point anymore.', goal: 'Acknowledge', expected_keywords: ['thank you for telling me'], pass_score: 100, max_attempts: 2 },
  ],
  completion: { pass_score: 80 },
  risk: { phrases: ['no point anymore'], resources: ['Talk to someone you trust.'] },
});

export interface TestDb {
  dir: string;
  database: AppDatabase;
  /** The engine's clock; move it with `advance`. */
  clock: { now: Date };
  engine: SessionEngine;
  advance(seconds: number): void;
  cleanup(): Promise<void>;
}

export async function openTestDb(prefix = 'chattrain-test-', start = '2026-03-02T09:00:00.000Z', fileName = 'app.db'): Promise<TestDb> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const database = await openDatabase(join(dir, fileName));
  const clock = { now: new Date(start) };
  const engine = new SessionEngine({ db: database.db, now: () => clock.now, settings: async () => ({ riskPhrases: [], riskResources: [] }) });
  return {
    dir,
    database,
    clock,
    engine,
    advance: (seconds) => (clock.now = new Date(clock.now.getTime() + seconds * 1000)),
    cleanup: async () => {
      await database.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type PlayOutcome = 'pass' | 'fail' | 'abandon' | 'in_progress' | 'created' | 'flagged_pass';

/**
 * Plays one session of `scenario` for `userId` to the requested outcome, `secondsPerTurn`
 * apart on the test clock. Returns the session id.
 *
 * - pass: every step passed → completed, 100, passed;
 * - fail: every step missed → completed, 0, failed;
 * - flagged_pass: like pass but the trainee's answer contains a risk phrase (claimScenario);
 * - abandon: one answer then abandoned; in_progress: one answer; created: never started.
 */
export async function playSession(t: TestDb, userId: string, scenario: Scenario, outcome: PlayOutcome, secondsPerTurn = 60): Promise<string> {
  const id = await t.engine.create({ userId, scenario });
  if (outcome === 'created') return id;
  await t.engine.start(id, scenario);
  const answer = async (text: string) => {
    t.advance(secondsPerTurn);
    return t.engine.submitAnswer(id, scenario, text);
  };
  const good: Record<string, string> = {
    greet: 'I am so sorry. What is your policy number?',
    details: 'When and where did it happen?',
    open: 'Hi Sam, how are you?',
    listen: 'Thank you for telling me.',
  };
  switch (outcome) {
    case 'pass':
    case 'flagged_pass':
      for (const step of scenario.steps) {
        const text = good[step.id] ?? step.expected_keywords.join(' ');
        await answer(outcome === 'flagged_pass' && step.id === scenario.steps[0]!.id ? `${text} I might hurt myself` : text);
      }
      break;
    case 'fail':
      for (const step of scenario.steps) for (let i = 0; i < step.max_attempts; i++) await answer('Hmm, okay.');
      break;
    case 'abandon':
      await answer('Hmm.');
      t.advance(secondsPerTurn);
      await t.engine.abandon(id, scenario);
      break;
    case 'in_progress':
      await answer('Hmm.');
      break;
  }
  return id;
}
