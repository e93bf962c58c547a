// Child process for the crash test: plays turns as fast as it can and reports on stdout
// each answer whose submitAnswer() returned (i.e. was committed), until it is killed.
import { scenarioSchema } from '../../shared/scenario/schema';
import { openDatabase } from '../../electron/main/db/open-database';
import { SessionEngine } from '../../electron/main/training/session-engine';
import { findOrCreateUser } from '../../electron/main/training/users';

const [databasePath] = process.argv.slice(2);
const scenario = scenarioSchema.parse({
  id: 'crash.test.v1',
  title: 'Crash test',
  description: 'Many steps that are hard to pass, so the session runs for thousands of turns.',
  domain: 'testing',
  version: '1.0.0',
  difficulty: 'advanced',
  persona: { name: 'Sam', role: 'Customer' },
  steps: Array.from({ length: 200 }, (_, index) => ({
    id: `step_${index}`,
    persona_says: `Question number ${index}?`,
    goal: 'Say the magic words',
    expected_keywords: ['xylophone quartet'],
    pass_score: 100,
    max_attempts: 20,
  })),
});

const database = await openDatabase(databasePath!);
const engine = new SessionEngine({ db: database.db, now: () => new Date(), settings: async () => ({ riskPhrases: [], riskResources: [] }) });
const user = await findOrCreateUser(database.db, 'Crash tester');
const sessionId = await engine.create({ userId: user.id, scenario });
await engine.start(sessionId, scenario);
process.stdout.write(`session ${sessionId}\n`);
for (let turn = 0; ; turn++) {
  const answer = `answer ${turn} ${'padding '.repeat(turn % 50)}`;
  await engine.submitAnswer(sessionId, scenario, answer);
  process.stdout.write(`committed ${turn}\n`);
}
