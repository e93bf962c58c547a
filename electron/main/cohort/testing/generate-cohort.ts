import { createHash } from 'node:crypto';
import type { AppDatabase } from '../../db/open-database';

/**
 * Bulk test data for performance runs (`npm run bench`, the perf script next to this file)
 * and larger tests: profiles, scenarios (with their version snapshots), sessions in every
 * state with messages, step progress, feedback, risk detections, summaries, reflections
 * and activity rows. Deterministic for a given seed. Written with raw prepared statements
 * in one transaction on `database.sqlite` — call it only when no other work is using the
 * database (setup code, not app code).
 */
export interface CohortSpec {
  sessions: number;
  /** Default 50. */
  trainees?: number;
  /** Messages of every started session (persona/trainee alternating). Default 100. */
  messagesPerSession?: number;
  /** Default 10. */
  scenarios?: number;
  /** Default 5. */
  stepsPerScenario?: number;
  /** One feedback row per trainee message. Default true. */
  feedback?: boolean;
  /** Share of started sessions flagged with risk detections. Default 0.05. */
  flaggedRate?: number;
  /** session_start / session_end / message_sent rows. Default true (2 per session). */
  activity?: boolean;
  seed?: number;
  /** Time of the first session. Default 2026-01-05T08:00:00.000Z. */
  start?: string;
  /** Sessions spread over this many days. Default 90. */
  spanDays?: number;
  /** Prefix for user names and ids, to generate two distinct cohorts in one database. Default 'gen'. */
  prefix?: string;
}

export interface GeneratedCohort {
  userIds: string[];
  scenarioIds: string[];
  sessionIds: string[];
  counts: {
    users: number;
    sessions: number;
    completed: number;
    messages: number;
    feedback: number;
    riskDetections: number;
    stepProgress: number;
    activity: number;
  };
}

/** mulberry32: small, fast, deterministic. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(random() * 4)]!;
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

const personaLines = [
  'Hi, I need help with my claim. My car got wrecked in the storm.',
  'It happened yesterday evening, the car was parked outside.',
  'Do you need my policy number? It is on the letter somewhere.',
  'I am really worried about how long this will take.',
  'The windscreen is cracked and there are dents all over the roof.',
];
const traineeLines = [
  'I am so sorry to hear that. Could I have your policy number please?',
  'Thank you. When and where did the damage happen?',
  'I understand this is stressful. Let me walk you through the next steps.',
  'Could you describe the damage for me, starting with the windscreen?',
  'Okay, tell me more about it.',
];
const riskPhrases = ['no point anymore', 'hurt myself', 'cannot cope'];

export function generateCohort(database: AppDatabase, spec: CohortSpec): GeneratedCohort {
  const random = seededRandom(spec.seed ?? 42);
  const traineeCount = spec.trainees ?? 50;
  const scenarioCount = spec.scenarios ?? 10;
  const steps = spec.stepsPerScenario ?? 5;
  const perSession = spec.messagesPerSession ?? 100;
  const withFeedback = spec.feedback ?? true;
  const withActivity = spec.activity ?? true;
  const flaggedRate = spec.flaggedRate ?? 0.05;
  const prefix = spec.prefix ?? 'gen';
  const start = Date.parse(spec.start ?? '2026-01-05T08:00:00.000Z');
  const span = (spec.spanDays ?? 90) * 86_400_000;
  const sqlite = database.sqlite;
  const iso = (ms: number) => new Date(ms).toISOString();

  const insertUser = sqlite.prepare(`INSERT INTO users (id, display_name, role, pin_hash, created_at, updated_at) VALUES (?, ?, 'trainee', NULL, ?, ?)`);
  const insertScenario = sqlite.prepare(
    `INSERT INTO scenarios (id, title, description, domain, version, difficulty, duration_minutes, tags_json, variant, definition_json, origin, source_path, checksum, loaded_at)
     VALUES (?, ?, ?, 'generated', '1.0.0', 'beginner', NULL, '[]', 'A', ?, 'bundled', ?, ?, ?)`,
  );
  const insertVersion = sqlite.prepare(`INSERT OR IGNORE INTO scenario_versions (checksum, scenario_id, version, definition_json, first_seen_at) VALUES (?, ?, '1.0.0', ?, ?)`);
  const insertSession = sqlite.prepare(
    `INSERT INTO sessions (id, user_id, scenario_id, scenario_version, scenario_checksum, variant, status, completion_reason, engine, current_step_index,
       total_score, passed, flagged, started_at, last_activity_at, completed_at, created_at, updated_at)
     VALUES (?, ?, ?, '1.0.0', ?, ?, ?, ?, 'offline', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertMessage = sqlite.prepare(`INSERT INTO messages (id, session_id, seq, role, content, step_id, engine, response_ms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertStep = sqlite.prepare(
    `INSERT INTO step_progress (session_id, step_id, step_index, status, attempts, best_score, started_at, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertFeedback = sqlite.prepare(
    `INSERT INTO feedback (id, session_id, message_id, step_id, type, score, passed, found_json, missing_json, suggestion, details_json, evaluator_version, created_at)
     VALUES (?, ?, ?, ?, 'rule_based', ?, ?, '["sorry"]', '["policy number"]', 'Ask for the policy number.', '{}', 'rules-1', ?)`,
  );
  const insertRisk = sqlite.prepare(
    `INSERT INTO risk_detections (id, session_id, message_id, phrase, source, speaker, resources_json, created_at) VALUES (?, ?, ?, ?, 'scenario', ?, '["Call your local emergency number."]', ?)`,
  );
  const insertSummary = sqlite.prepare(
    `INSERT INTO session_summaries (session_id, kind, strengths_json, gaps_json, key_learnings_json, action_items_json, generated_by, updated_at)
     VALUES (?, ?, '["Empathy"]', '["Policy number"]', '[]', '["Ask for the policy number first."]', 'deterministic', ?)`,
  );
  const insertReflection = sqlite.prepare(
    `INSERT INTO reflections (id, session_id, user_id, takeaways, revised_goal, created_at, updated_at) VALUES (?, ?, ?, 'Ask for the policy number earlier.', NULL, ?, ?)`,
  );
  const insertActivity = sqlite.prepare(`INSERT INTO activity_log (user_id, session_id, type, details_json, created_at) VALUES (?, ?, ?, '{}', ?)`);

  const result: GeneratedCohort = {
    userIds: [],
    scenarioIds: [],
    sessionIds: [],
    counts: { users: 0, sessions: 0, completed: 0, messages: 0, feedback: 0, riskDetections: 0, stepProgress: 0, activity: 0 },
  };
  const checksums: string[] = [];

  sqlite.transaction(() => {
    const created = iso(start - 86_400_000);
    for (let u = 0; u < traineeCount; u++) {
      const id = uuidFrom(random);
      insertUser.run(id, `${prefix} trainee ${String(u + 1).padStart(4, '0')}`, created, created);
      result.userIds.push(id);
    }
    for (let s = 0; s < scenarioCount; s++) {
      const id = `${prefix}.scenario-${String(s + 1).padStart(3, '0')}.v1`;
      const definition = JSON.stringify({
        id,
        title: `Generated scenario ${s + 1}`,
        description: `Generated scenario ${s + 1} for performance runs.`,
        version: '1.0.0',
        variant: 'A',
        steps: Array.from({ length: steps }, (_, i) => ({ id: `step_${i}`, persona_says: personaLines[i % personaLines.length], expected_keywords: ['sorry'] })),
        completion: { pass_score: 70 },
      });
      const checksum = createHash('sha256').update(definition).digest('hex');
      insertScenario.run(id, `Generated scenario ${s + 1}`, `Generated scenario ${s + 1}.`, definition, `/generated/${prefix}/${id}/scenario.yaml`, checksum, created);
      insertVersion.run(checksum, id, definition, created);
      result.scenarioIds.push(id);
      checksums.push(checksum);
    }

    for (let n = 0; n < spec.sessions; n++) {
      const id = uuidFrom(random);
      const userId = result.userIds[Math.floor(random() * traineeCount)]!;
      const scenarioIndex = Math.floor(random() * scenarioCount);
      const createdAt = start + Math.floor((n / Math.max(1, spec.sessions)) * span);
      const roll = random();
      const status = roll < 0.72 ? 'completed' : roll < 0.87 ? 'abandoned' : roll < 0.97 ? 'in_progress' : 'created';
      const started = status !== 'created';
      const startedAt = started ? createdAt + 5_000 : null;
      const durationMs = Math.floor((3 + random() * 27) * 60_000);
      const endAt = startedAt === null ? createdAt : startedAt + durationMs;
      const completed = status === 'completed';
      const score = started ? Math.round(random() * 1000) / 10 : null;
      const passed = completed && score !== null ? (score >= 70 ? 1 : 0) : null;
      const flagged = started && random() < flaggedRate ? 1 : 0;
      const reason = completed ? (random() < 0.9 ? 'all_steps_finished' : 'time_limit') : status === 'abandoned' ? 'user_exit' : null;
      insertSession.run(
        id,
        userId,
        result.scenarioIds[scenarioIndex]!,
        checksums[scenarioIndex]!,
        random() < 0.5 ? 'A' : 'B',
        status,
        reason,
        completed ? steps - 1 : Math.floor(random() * steps),
        score,
        passed,
        flagged,
        startedAt === null ? null : iso(startedAt),
        iso(endAt),
        completed || status === 'abandoned' ? iso(endAt) : null,
        iso(createdAt),
        iso(endAt),
      );
      result.sessionIds.push(id);
      result.counts.sessions++;
      if (completed) result.counts.completed++;

      for (let i = 0; i < steps; i++) {
        const done = completed || i === 0;
        insertStep.run(id, `step_${i}`, i, done ? (random() < 0.8 ? 'passed' : 'missed') : 'pending', done ? 1 + Math.floor(random() * 3) : 0, done ? Math.round(random() * 100) : null, startedAt === null ? null : iso(startedAt), done ? iso(endAt) : null);
        result.counts.stepProgress++;
      }
      if (!started) continue;

      const messageCount = perSession;
      const stepSpan = Math.max(1, Math.ceil(messageCount / steps));
      let firstTraineeMessage: string | null = null;
      for (let m = 0; m < messageCount; m++) {
        const messageId = uuidFrom(random);
        const at = iso(startedAt! + Math.floor((m / messageCount) * durationMs));
        const trainee = m % 2 === 1;
        const stepId = `step_${Math.min(steps - 1, Math.floor(m / stepSpan))}`;
        insertMessage.run(messageId, id, m, trainee ? 'trainee' : 'persona', trainee ? traineeLines[m % traineeLines.length]! : personaLines[m % personaLines.length]!, stepId, trainee ? null : 'offline', trainee ? null : 0, at);
        result.counts.messages++;
        if (trainee) {
          firstTraineeMessage ??= messageId;
          if (withFeedback) {
            const fbScore = Math.round(random() * 100);
            insertFeedback.run(uuidFrom(random), id, messageId, stepId, fbScore, fbScore >= 60 ? 1 : 0, at);
            result.counts.feedback++;
          }
        }
      }
      if (flagged && firstTraineeMessage) {
        const phrases = 1 + Math.floor(random() * 2);
        for (let r = 0; r < phrases; r++) {
          insertRisk.run(uuidFrom(random), id, firstTraineeMessage, riskPhrases[(n + r) % riskPhrases.length]!, r === 0 ? 'trainee' : 'persona', iso(startedAt! + 60_000));
          result.counts.riskDetections++;
        }
      }
      insertSummary.run(id, completed ? 'complete' : 'partial', iso(endAt));
      if (completed && random() < 0.3) insertReflection.run(uuidFrom(random), id, userId, iso(endAt + 60_000), iso(endAt + 60_000));
      if (withActivity) {
        insertActivity.run(userId, id, 'session_start', iso(startedAt!));
        result.counts.activity++;
        if (completed || status === 'abandoned') {
          insertActivity.run(userId, id, 'session_end', iso(endAt));
          result.counts.activity++;
        }
      }
    }
  })();
  result.counts.users = result.userIds.length;
  return result;
}
