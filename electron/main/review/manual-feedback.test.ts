import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scenarioSchema } from '../../../shared/scenario/schema';
import { openDatabase, type AppDatabase } from '../db/open-database';
import { loadSessionView } from '../training/session-view';
import { TrainingService } from '../training/training-service';
import { findOrCreateUser } from '../training/users';
import { addManualFeedback } from './manual-feedback';

const scenario = scenarioSchema.parse({
  id: 'review.test.v1', title: 'Review test', description: 'd', domain: 'test', version: '1.0.0', difficulty: 'beginner',
  persona: { name: 'Pat', role: 'Caller' },
  steps: [{ id: 'greet', persona_says: 'Hello?', goal: 'Greet', expected_keywords: ['hello'], pass_score: 60 }],
});

let dir: string;
let database: AppDatabase;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chattrain-review-'));
  database = await openDatabase(join(dir, 'app.db'));
});
afterEach(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('manual feedback', () => {
  it('is stored as a manual row with its author and shown to the trainee beside the automatic feedback', async () => {
    const trainee = await findOrCreateUser(database.db, 'Robin');
    const facilitator = await findOrCreateUser(database.db, 'Sam', 'facilitator');
    const training = new TrainingService(database.db);
    const sessionId = await training.engine.create({ userId: trainee.id, scenario });
    await training.engine.start(sessionId, scenario);
    await training.engine.submitAnswer(sessionId, scenario, 'Hi there');

    await addManualFeedback(database.db, facilitator, { sessionId, stepId: 'greet', score: 75, comment: 'Warm tone; say hello first.' });
    const view = await loadSessionView(database.db, sessionId, scenario, new Date());
    const manual = view.feedback.find((item) => item.type === 'manual');
    expect(manual).toMatchObject({ score: 75, passed: true, suggestion: 'Warm tone; say hello first.', authorName: 'Sam', evaluatorVersion: 'manual-1' });
    // The automatic result of the step is left as it was.
    expect(view.steps[0]).toMatchObject({ attempts: 1, status: 'in_progress' });
  });

  it('is refused for trainees and for steps or sessions that do not exist', async () => {
    const trainee = await findOrCreateUser(database.db, 'Robin');
    const facilitator = await findOrCreateUser(database.db, 'Sam', 'facilitator');
    const training = new TrainingService(database.db);
    const sessionId = await training.engine.create({ userId: trainee.id, scenario });
    await expect(addManualFeedback(database.db, trainee, { sessionId, stepId: 'greet', score: 90, comment: 'Me!' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(addManualFeedback(database.db, facilitator, { sessionId, stepId: 'nope', score: 90, comment: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(addManualFeedback(database.db, facilitator, { sessionId: '00000000-0000-4000-8000-000000000000', stepId: 'greet', score: 90, comment: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
