import { sql, type Kysely } from 'kysely';
import { AppError } from '../../../shared/errors';
import type { Scenario } from '../../../shared/scenario/schema';
import type { FeedbackItem, MessageSource, ResumableSession, SessionInfo, SessionView } from '../../../shared/training/types';
import type { Database, FeedbackRow, SessionRow } from '../db/schema';

const parseList = (json: string): string[] => {
  const value = JSON.parse(json) as unknown;
  return Array.isArray(value) ? value.map(String) : [];
};

export function toSessionInfo(row: SessionRow & { user_name: string }, scenario: Scenario | null, now: Date): SessionInfo {
  const durationMinutes = scenario?.duration_minutes ?? null;
  let remainingSeconds: number | null = null;
  if (durationMinutes && row.started_at && row.status === 'in_progress') {
    const endsAt = Date.parse(row.started_at) + durationMinutes * 60_000;
    remainingSeconds = Math.max(0, Math.round((endsAt - now.getTime()) / 1000));
  }
  return {
    id: row.id,
    userId: row.user_id,
    userName: row.user_name,
    scenarioId: row.scenario_id,
    scenarioTitle: scenario?.title ?? row.scenario_id,
    scenarioVersion: row.scenario_version,
    variant: row.variant,
    status: row.status,
    completionReason: row.completion_reason,
    engine: row.engine,
    currentStepIndex: row.current_step_index,
    stepCount: scenario?.steps.length ?? 0,
    totalScore: row.total_score,
    passed: row.passed === null ? null : row.passed === 1,
    flagged: row.flagged === 1,
    startedAt: row.started_at,
    lastActivityAt: row.last_activity_at,
    completedAt: row.completed_at,
    durationMinutes,
    passScore: scenario?.completion.pass_score ?? null,
    remainingSeconds,
  };
}

export function toFeedbackItem(row: FeedbackRow & { author_name?: string | null }): FeedbackItem {
  const details = JSON.parse(row.details_json) as { forbidden?: string[]; notice?: string; checks?: FeedbackItem['checks']; ruleWeight?: number };
  return {
    id: row.id,
    messageId: row.message_id,
    stepId: row.step_id,
    type: row.type,
    score: row.score,
    passed: row.passed === 1,
    found: parseList(row.found_json),
    missing: parseList(row.missing_json),
    forbidden: details.forbidden ?? [],
    suggestion: row.suggestion,
    notice: details.notice ?? null,
    checks: details.checks ?? [],
    ruleWeight: details.ruleWeight ?? null,
    evaluatorVersion: row.evaluator_version,
    authorName: row.author_name ?? null,
    createdAt: row.created_at,
  };
}

interface MessageMetadata {
  retrievedChunkIds?: number[];
  error?: { kind: string | null; message: string };
}

/** Document title and heading of retrieved chunks that still exist (content may have been reloaded since). */
async function loadSources(db: Kysely<Database>, chunkIds: number[]): Promise<Map<number, MessageSource>> {
  const unique = [...new Set(chunkIds)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('document_chunks as c')
    .innerJoin('documents as d', 'd.id', 'c.document_id')
    .select(['c.id as chunkId', 'd.id as documentId', 'd.title as documentTitle', 'c.heading'])
    .where('c.id', 'in', unique)
    .execute();
  return new Map(rows.map((row) => [row.chunkId, row]));
}

/** Reads everything the chat and summary screens show for a session. */
export async function loadSessionView(db: Kysely<Database>, sessionId: string, scenario: Scenario | null, now: Date): Promise<SessionView> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('sessions')
    .select('users.display_name as user_name')
    .where('sessions.id', '=', sessionId)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `There is no training session with id ${sessionId}.`);

  const [messages, progress, feedback, risks, summaries, reflection] = await Promise.all([
    db.selectFrom('messages').select(['id', 'seq', 'role', 'content', 'step_id', 'engine', 'status', 'created_at', 'metadata_json']).where('session_id', '=', sessionId).orderBy('seq').execute(),
    db.selectFrom('step_progress').selectAll().where('session_id', '=', sessionId).orderBy('step_index').execute(),
    db
      .selectFrom('feedback')
      .leftJoin('users', 'users.id', 'feedback.author_user_id')
      .selectAll('feedback')
      .select('users.display_name as author_name')
      .where('session_id', '=', sessionId)
      // Rows of one turn share a timestamp; rowid keeps them in the order they were written.
      .orderBy('feedback.created_at')
      .orderBy(sql`feedback.rowid`)
      .execute(),
    db.selectFrom('risk_detections').selectAll().where('session_id', '=', sessionId).orderBy('created_at').execute(),
    db.selectFrom('session_summaries').selectAll().where('session_id', '=', sessionId).execute(),
    db.selectFrom('reflections').selectAll().where('session_id', '=', sessionId).orderBy('updated_at', 'desc').executeTakeFirst(),
  ]);

  const metadata = messages.map((message) => (message.metadata_json === '{}' ? {} : (JSON.parse(message.metadata_json) as MessageMetadata)));
  const sources = await loadSources(db, metadata.flatMap((item) => item.retrievedChunkIds ?? []));

  const summary = summaries.find((candidate) => candidate.kind === 'complete') ?? summaries.find((candidate) => candidate.kind === 'partial');
  const stepsById = new Map((scenario?.steps ?? []).map((step, index) => [step.id, { step, index }]));
  const currentStep = scenario?.steps[row.current_step_index];

  return {
    session: toSessionInfo(row, scenario, now),
    messages: messages.map((message, index) => ({
      id: message.id,
      seq: message.seq,
      role: message.role,
      content: message.content,
      stepId: message.step_id,
      engine: message.engine,
      status: message.status,
      createdAt: message.created_at,
      sources: (metadata[index]!.retrievedChunkIds ?? []).flatMap((chunkId) => sources.get(chunkId) ?? []),
      error: metadata[index]!.error?.message ?? null,
    })),
    steps: progress.map((step) => {
      const definition = stepsById.get(step.step_id)?.step;
      return {
        stepId: step.step_id,
        index: step.step_index,
        goal: definition?.goal ?? step.step_id,
        status: step.status,
        attempts: step.attempts,
        maxAttempts: definition?.max_attempts ?? step.attempts,
        bestScore: step.best_score,
        passScore: definition?.pass_score ?? 0,
      };
    }),
    feedback: feedback.map(toFeedbackItem),
    risks: risks.map((risk) => ({
      id: risk.id,
      messageId: risk.message_id,
      phrase: risk.phrase,
      speaker: risk.speaker,
      source: risk.source,
      resources: parseList(risk.resources_json),
      createdAt: risk.created_at,
    })),
    summary: summary
      ? {
          kind: summary.kind,
          strengths: parseList(summary.strengths_json),
          gaps: parseList(summary.gaps_json),
          keyLearnings: parseList(summary.key_learnings_json),
          actionItems: parseList(summary.action_items_json),
          generatedBy: summary.generated_by,
          updatedAt: summary.updated_at,
        }
      : null,
    reflection: reflection ? { takeaways: reflection.takeaways, revisedGoal: reflection.revised_goal, updatedAt: reflection.updated_at } : null,
    currentHint: row.status === 'in_progress' ? currentStep?.hint ?? null : null,
    persona: scenario
      ? { name: scenario.persona.name, role: scenario.persona.role, traits: scenario.persona.traits, background: scenario.persona.background ?? null }
      : null,
    smartGoals: scenario?.smart_goals ?? [],
  };
}

/** Sessions of a user that can be continued, most recent first. */
export async function listResumableSessions(db: Kysely<Database>, userId: string, titles: Map<string, { title: string; steps: number }>): Promise<ResumableSession[]> {
  const rows = await db
    .selectFrom('sessions')
    .select(['id', 'scenario_id', 'status', 'current_step_index', 'last_activity_at'])
    .where('user_id', '=', userId)
    .where('status', 'in', ['created', 'in_progress'])
    .orderBy('last_activity_at', 'desc')
    .limit(20)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    scenarioId: row.scenario_id,
    scenarioTitle: titles.get(row.scenario_id)?.title ?? row.scenario_id,
    status: row.status as 'created' | 'in_progress',
    currentStepIndex: row.current_step_index,
    stepCount: titles.get(row.scenario_id)?.steps ?? 0,
    lastActivityAt: row.last_activity_at,
  }));
}
