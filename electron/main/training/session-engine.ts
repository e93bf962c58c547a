import { createHash } from 'node:crypto';
import { newId } from '../db/ids';
import { sql, type Kysely, type Transaction } from 'kysely';
import { AppError } from '../../../shared/errors';
import type { Scenario, ScenarioStep } from '../../../shared/scenario/schema';
import type { Settings } from '../../../shared/settings/schema';
import type {
  CompletionReason,
  Database,
  Engine,
  MessageRole,
  MessageStatus,
  NewFeedback,
  SessionRow,
  SessionStatus,
  StepStatus,
  SummaryKind,
} from '../db/schema';
import { precompile } from '../db/statement-cache';
import { logActivity } from './activity-log';
import type { RuleEvaluation } from './evaluation/rule-evaluator';
import { evaluateByRules, type TurnEvaluator } from './evaluation/turn-evaluation';
import { closingLine, openingLine, retryLine } from './offline-persona';
import { detectRisks, riskPhrasesFor, riskResourcesFor } from './risk-detector';
import { buildDeterministicSummary, type FeedbackFacts, type StepOutcome } from './summary-builder';

type Trx = Transaction<Database>;

export interface EngineDeps {
  db: Kysely<Database>;
  /** Injected so tests can move time (time limits) without waiting. */
  now: () => Date;
  settings: () => Promise<Pick<Settings, 'riskPhrases' | 'riskResources'>>;
  /** How an answer is evaluated in a session on the given engine (default: rules only). */
  evaluatorFor?: (engine: Engine) => Promise<TurnEvaluator>;
}

export interface TurnOutcome {
  sessionId: string;
  /** The stored trainee message (kept even when the turn could not be evaluated). */
  messageId: string;
  /** The keyword-rule view of the answer (found/missing), null when it was not evaluated. */
  evaluation: RuleEvaluation | null;
  /** What decided the step (equal to the rules offline; the hybrid score with an LLM judge). */
  decision: { score: number; passed: boolean } | null;
  status: SessionRow['status'];
  completionReason: CompletionReason | null;
  /** An LLM persona reply stored as `streaming`, to be produced by the caller. */
  pendingPersonaMessageId: string | null;
}

const iso = (date: Date) => date.toISOString();

/*
 * The statements of a turn, compiled once: building and compiling a Kysely query costs more
 * than SQLite needs to run it, and a turn runs about a dozen (see `precompile`).
 */

const selectSession = precompile((db, key: { id: string }) => db.selectFrom('sessions').selectAll().where('id', '=', key.id));

const insertMessageRow = precompile(
  (
    db,
    row: {
      id: string;
      sessionId: string;
      role: MessageRole;
      content: string;
      stepId: string | null;
      engine: Engine | null;
      responseMs: number | null;
      status: MessageStatus;
      metadataJson: string;
      createdAt: string;
    },
  ) =>
    db.insertInto('messages').values((eb) => ({
      id: row.id,
      session_id: row.sessionId,
      // The next position in the transcript, computed inside the INSERT (one statement).
      seq: eb.selectFrom('messages').select(sql<number>`coalesce(max(seq) + 1, 0)`.as('next')).where('session_id', '=', row.sessionId),
      role: row.role,
      content: row.content,
      step_id: row.stepId,
      engine: row.engine,
      prompt_tokens: null,
      completion_tokens: null,
      response_ms: row.responseMs,
      status: row.status,
      metadata_json: row.metadataJson,
      created_at: row.createdAt,
    })),
);

const insertFeedbackRow = precompile((db, row: NewFeedback) =>
  db.insertInto('feedback').values({
    id: row.id,
    session_id: row.session_id,
    message_id: row.message_id,
    step_id: row.step_id,
    type: row.type,
    score: row.score,
    passed: row.passed,
    found_json: row.found_json,
    missing_json: row.missing_json,
    suggestion: row.suggestion,
    details_json: row.details_json,
    evaluator_version: row.evaluator_version,
    author_user_id: row.author_user_id,
    created_at: row.created_at,
  }),
);

const selectStepProgress = precompile((db, key: { sessionId: string }) =>
  db.selectFrom('step_progress').select(['step_id', 'status', 'attempts', 'best_score']).where('session_id', '=', key.sessionId).orderBy('step_index'),
);

const updateStepAttempt = precompile(
  (db, change: { sessionId: string; stepId: string; attempts: number; bestScore: number; status: StepStatus; completedAt: string | null }) =>
    db
      .updateTable('step_progress')
      .set({ attempts: change.attempts, best_score: change.bestScore, status: change.status, completed_at: change.completedAt })
      .where('session_id', '=', change.sessionId)
      .where('step_id', '=', change.stepId),
);

const activateStep = precompile((db, change: { sessionId: string; stepId: string; now: string }) =>
  db
    .updateTable('step_progress')
    .set({ status: 'in_progress', started_at: change.now })
    .where('session_id', '=', change.sessionId)
    .where('step_id', '=', change.stepId),
);

const updateStepsUnderWayMissed = precompile((db, change: { sessionId: string; now: string }) =>
  db
    .updateTable('step_progress')
    .set({ status: 'missed', completed_at: change.now })
    .where('session_id', '=', change.sessionId)
    .where('status', '=', 'in_progress'),
);

const updateSessionProgress = precompile(
  (db, change: { id: string; currentStepIndex: number; totalScore: number | null; now: string }) =>
    db
      .updateTable('sessions')
      .set({ current_step_index: change.currentStepIndex, total_score: change.totalScore, last_activity_at: change.now, updated_at: change.now })
      .where('id', '=', change.id),
);

const updateSessionFinished = precompile(
  (db, change: { id: string; status: SessionStatus; reason: CompletionReason; totalScore: number | null; passed: number | null; now: string }) =>
    db
      .updateTable('sessions')
      .set({
        status: change.status,
        completion_reason: change.reason,
        total_score: change.totalScore,
        passed: change.passed,
        completed_at: change.now,
        last_activity_at: change.now,
        updated_at: change.now,
      })
      .where('id', '=', change.id),
);

const selectSummaryFeedback = precompile((db, key: { sessionId: string }) =>
  db
    .selectFrom('feedback')
    .select(['step_id', 'score', 'passed', 'found_json', 'missing_json', 'details_json'])
    .where('session_id', '=', key.sessionId)
    .orderBy('created_at'),
);

const upsertSummary = precompile(
  (db, row: { sessionId: string; kind: SummaryKind; strengthsJson: string; gapsJson: string; keyLearningsJson: string; actionItemsJson: string; now: string }) => {
    const values = {
      strengths_json: row.strengthsJson,
      gaps_json: row.gapsJson,
      key_learnings_json: row.keyLearningsJson,
      action_items_json: row.actionItemsJson,
      generated_by: 'deterministic' as const,
      updated_at: row.now,
    };
    return db
      .insertInto('session_summaries')
      .values({ session_id: row.sessionId, kind: row.kind, ...values })
      .onConflict((oc) => oc.columns(['session_id', 'kind']).doUpdateSet(values));
  },
);

async function loadSession(db: Kysely<Database>, sessionId: string): Promise<SessionRow> {
  const [session] = (await selectSession(db, { id: sessionId })).rows;
  if (!session) throw new AppError('NOT_FOUND', `There is no training session with id ${sessionId}.`);
  return session;
}

/** Appends a message at the end of the session's transcript. */
async function insertMessage(
  trx: Trx,
  sessionId: string,
  message: {
    id?: string;
    role: MessageRole;
    content: string;
    stepId: string | null;
    engine: Engine | null;
    responseMs?: number | null;
    at: string;
    status?: 'complete' | 'streaming';
    metadata?: Record<string, unknown>;
  },
): Promise<string> {
  const id = message.id ?? newId();
  await insertMessageRow(trx, {
    id,
    sessionId,
    role: message.role,
    content: message.content,
    stepId: message.stepId,
    engine: message.engine,
    responseMs: message.responseMs ?? null,
    status: message.status ?? 'complete',
    metadataJson: JSON.stringify(message.metadata ?? {}),
    createdAt: message.at,
  });
  return id;
}

/** Every step's progress in scenario order. */
async function readOutcomes(trx: Trx, sessionId: string): Promise<StepOutcome[]> {
  const { rows } = await selectStepProgress(trx, { sessionId });
  return rows.map((row) => ({ stepId: row.step_id, status: row.status, attempts: row.attempts, bestScore: row.best_score }));
}

/** Mean of the steps' best scores; while running only over steps attempted, at the end over all steps. */
function scoreOf(outcomes: StepOutcome[], scenario: Scenario, final: boolean): number | null {
  const counted = final ? outcomes : outcomes.filter((outcome) => outcome.attempts > 0);
  if (counted.length === 0) return null;
  const total = counted.reduce((sum, outcome) => sum + (outcome.bestScore ?? 0), 0);
  return Math.round((final ? total / Math.max(scenario.steps.length, 1) : total / counted.length) * 10) / 10;
}

function timeLimitPassed(session: SessionRow, scenario: Scenario, now: Date): boolean {
  if (!scenario.duration_minutes || !session.started_at) return false;
  return now.getTime() - Date.parse(session.started_at) >= scenario.duration_minutes * 60_000;
}

/**
 * The training state machine (SPEC 5.1): created → in_progress → completed | abandoned |
 * error. Every state change is persisted as it happens, so a killed process resumes
 * exactly where it was; a trainee's answer is committed before anything else looks at it.
 */
export class SessionEngine {
  constructor(private readonly deps: EngineDeps) {}

  private get db() {
    return this.deps.db;
  }

  /** A new session on the start page (persona and goals shown, nothing said yet). */
  async create(input: { userId: string; scenario: Scenario; engine?: Engine }): Promise<string> {
    const { scenario, userId } = input;
    const id = newId();
    const now = iso(this.deps.now());
    const definitionJson = JSON.stringify(scenario);
    const checksum = createHash('sha256').update(definitionJson).digest('hex');
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('scenario_versions')
        .values({ checksum, scenario_id: scenario.id, version: scenario.version, definition_json: definitionJson, first_seen_at: now })
        .onConflict((oc) => oc.column('checksum').doNothing())
        .execute();
      await trx
        .insertInto('sessions')
        .values({
          id,
          user_id: userId,
          scenario_id: scenario.id,
          scenario_version: scenario.version,
          scenario_checksum: checksum,
          variant: scenario.variant,
          status: 'created',
          completion_reason: null,
          engine: input.engine ?? 'offline',
          current_step_index: 0,
          total_score: null,
          passed: null,
          started_at: null,
          last_activity_at: now,
          completed_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await trx
        .insertInto('step_progress')
        .values(
          scenario.steps.map((step, index) => ({
            session_id: id,
            step_id: step.id,
            step_index: index,
            status: 'pending' as const,
            attempts: 0,
            best_score: null,
            started_at: null,
            completed_at: null,
          })),
        )
        .execute();
    });
    return id;
  }

  /** Starts the conversation: the persona says the first step's line. */
  async start(sessionId: string, scenario: Scenario): Promise<{ pendingPersonaMessageId: string | null }> {
    const session = await loadSession(this.db, sessionId);
    if (session.status === 'in_progress') return { pendingPersonaMessageId: null };
    if (session.status !== 'created') {
      throw new AppError('SESSION_STATE', `This session is ${session.status.replace('_', ' ')} and cannot be started again.`);
    }
    const first = scenario.steps[0]!;
    const now = iso(this.deps.now());
    const settings = await this.deps.settings();
    let pendingPersonaMessageId: string | null = null;
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('sessions')
        .set({ status: 'in_progress', started_at: now, last_activity_at: now, updated_at: now })
        .where('id', '=', sessionId)
        .execute();
      await activateStep(trx, { sessionId, stepId: first.id, now });
      pendingPersonaMessageId = await this.personaTurn(trx, session, scenario, first.id, openingLine(first), 'opening', now, settings);
      await logActivity(trx, { type: 'session_start', userId: session.user_id, sessionId, at: now, details: { scenarioId: scenario.id, version: scenario.version } });
      await this.refreshSummary(trx, sessionId, scenario, 'partial', now);
    });
    return { pendingPersonaMessageId };
  }

  /**
   * One trainee turn. The answer is committed on its own first, so it survives whatever
   * happens next; evaluation, progress, the persona's reply and the activity rows are then
   * written in one transaction.
   */
  async submitAnswer(sessionId: string, scenario: Scenario, answer: string): Promise<TurnOutcome> {
    let session = await loadSession(this.db, sessionId);
    if (session.status === 'created') {
      await this.start(sessionId, scenario);
      session = await loadSession(this.db, sessionId);
    }
    if (session.status !== 'in_progress') {
      throw new AppError('SESSION_STATE', `This session is ${session.status.replace('_', ' ')}; start a new one to keep practising.`);
    }
    // Only an LLM session has replies that stream.
    const streaming =
      session.engine === 'llm' &&
      (await this.db.selectFrom('messages').select('id').where('session_id', '=', sessionId).where('status', '=', 'streaming').executeTakeFirst());
    if (streaming) {
      throw new AppError('SESSION_STATE', 'The persona is still replying. Wait for the reply to finish, or press Stop, then send your answer.');
    }
    const step = scenario.steps[session.current_step_index];
    const receivedAt = iso(this.deps.now());
    const messageId = newId();
    await this.db.transaction().execute(async (trx) => {
      await insertMessage(trx, sessionId, { id: messageId, role: 'trainee', content: answer, stepId: step?.id ?? null, engine: null, at: receivedAt });
      await logActivity(trx, { type: 'message_sent', userId: session.user_id, sessionId, at: receivedAt, details: { stepId: step?.id, length: answer.length } });
    });

    if (timeLimitPassed(session, scenario, this.deps.now())) {
      await this.finish(sessionId, scenario, 'completed', 'time_limit');
      return { sessionId, messageId, evaluation: null, decision: null, status: 'completed', completionReason: 'time_limit', pendingPersonaMessageId: null };
    }
    return this.evaluateStoredAnswer(session, scenario, messageId, answer);
  }

  /**
   * Brings a session up to date after a restart: ends it if its time ran out while the app
   * was closed, and evaluates an answer that was stored but never evaluated (the process
   * died between the two transactions).
   */
  async resume(sessionId: string, scenario: Scenario): Promise<void> {
    const session = await loadSession(this.db, sessionId);
    if (session.status !== 'in_progress') return;
    if (timeLimitPassed(session, scenario, this.deps.now())) {
      await this.finish(sessionId, scenario, 'completed', 'time_limit');
      return;
    }
    const last = await this.db
      .selectFrom('messages')
      .select(['id', 'role', 'content'])
      .where('session_id', '=', sessionId)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (last?.role !== 'trainee') return;
    const evaluated = await this.db.selectFrom('feedback').select('id').where('message_id', '=', last.id).executeTakeFirst();
    if (!evaluated) await this.evaluateStoredAnswer(session, scenario, last.id, last.content);
  }

  /** Ends a running session at the trainee's request; they still get a summary. */
  async end(sessionId: string, scenario: Scenario): Promise<void> {
    const session = await loadSession(this.db, sessionId);
    if (session.status !== 'in_progress' && session.status !== 'created') return;
    await this.finish(sessionId, scenario, 'completed', 'user_exit');
  }

  /** Leaves a session without finishing it (it is kept, flagged as abandoned, and pruned later by retention). */
  async abandon(sessionId: string, scenario: Scenario): Promise<void> {
    const session = await loadSession(this.db, sessionId);
    if (session.status !== 'in_progress' && session.status !== 'created') return;
    await this.finish(sessionId, scenario, 'abandoned', 'user_exit');
  }

  /** Marks a session as failed by the system (e.g. its scenario can no longer be loaded). */
  async fail(sessionId: string, scenario: Scenario): Promise<void> {
    await this.finish(sessionId, scenario, 'error', 'system_error');
  }

  private async evaluateStoredAnswer(session: SessionRow, scenario: Scenario, messageId: string, answer: string): Promise<TurnOutcome> {
    const sessionId = session.id;
    const step = scenario.steps[session.current_step_index];
    if (!step) {
      // The scenario file lost steps since the session began; nothing left to evaluate.
      await this.finish(sessionId, scenario, 'completed', 'all_steps_finished');
      return { sessionId, messageId, evaluation: null, decision: null, status: 'completed', completionReason: 'all_steps_finished', pendingPersonaMessageId: null };
    }
    const history = () => this.db
      .selectFrom('messages')
      .select(['role', 'content'])
      .where('session_id', '=', sessionId)
      .where('id', '!=', messageId)
      .where('status', 'in', ['complete', 'stopped'])
      .orderBy('seq')
      .execute();
    const evaluate = this.deps.evaluatorFor ? await this.deps.evaluatorFor(session.engine) : evaluateByRules;
    // Outside any transaction: an LLM judge may take seconds, and the answer is already safe.
    const result = await evaluate({ sessionId, scenario, step, answer, history });
    const { decision, rule: evaluation } = result;
    const settings = await this.deps.settings();
    const now = iso(this.deps.now());
    let status: SessionRow['status'] = 'in_progress';
    let completionReason: CompletionReason | null = null;
    let pendingPersonaMessageId: string | null = null;

    await this.db.transaction().execute(async (trx) => {
      for (const draft of result.feedback) {
        await insertFeedbackRow(trx, {
          id: newId(),
          session_id: sessionId,
          message_id: messageId,
          step_id: step.id,
          type: draft.type,
          score: draft.score,
          passed: draft.passed ? 1 : 0,
          found_json: JSON.stringify(draft.found),
          missing_json: JSON.stringify(draft.missing),
          suggestion: draft.suggestion,
          details_json: JSON.stringify(draft.details),
          evaluator_version: draft.evaluatorVersion,
          author_user_id: null,
          created_at: now,
        });
      }
      if (result.retrievedChunkIds?.length) {
        await trx
          .updateTable('messages')
          .set({ metadata_json: JSON.stringify({ retrievedChunkIds: result.retrievedChunkIds }) })
          .where('id', '=', messageId)
          .execute();
      }
      await logActivity(trx, { type: 'feedback_received', userId: session.user_id, sessionId, at: now, details: { stepId: step.id, score: decision.score, passed: decision.passed } });
      await this.recordRisks(trx, session, scenario, messageId, 'trainee', answer, now, settings);

      // All step rows are read once and kept current in memory: the running score and the
      // partial summary are computed from them without reading them again.
      const outcomes = await readOutcomes(trx, sessionId);
      const progress = outcomes.find((row) => row.stepId === step.id)!;
      const attempts = progress.attempts + 1;
      const bestScore = Math.max(progress.bestScore ?? 0, decision.score);
      const outOfAttempts = !decision.passed && attempts >= step.max_attempts;
      const stepDone = decision.passed || outOfAttempts;
      const stepStatus = decision.passed ? 'passed' : outOfAttempts ? 'missed' : 'in_progress';
      Object.assign(progress, { attempts, bestScore, status: stepStatus });
      await updateStepAttempt(trx, { sessionId, stepId: step.id, attempts, bestScore, status: stepStatus, completedAt: stepDone ? now : null });

      const nextIndex = stepDone ? session.current_step_index + 1 : session.current_step_index;
      const nextStep: ScenarioStep | undefined = scenario.steps[nextIndex];
      if (!stepDone) {
        pendingPersonaMessageId = await this.personaTurn(trx, session, scenario, step.id, retryLine(step, attempts), 'follow_up', now, settings);
      } else if (nextStep) {
        await activateStep(trx, { sessionId, stepId: nextStep.id, now });
        outcomes.find((row) => row.stepId === nextStep.id)!.status = 'in_progress';
        pendingPersonaMessageId = await this.personaTurn(trx, session, scenario, nextStep.id, openingLine(nextStep), 'opening', now, settings);
      }

      const runningScore = scoreOf(outcomes, scenario, !nextStep && stepDone);
      await updateSessionProgress(trx, { id: sessionId, currentStepIndex: Math.min(nextIndex, scenario.steps.length - 1), totalScore: runningScore, now });

      if (stepDone && !nextStep) {
        await this.personaSays(trx, session, scenario, null, closingLine(scenario), now, settings);
        await this.finishInTransaction(trx, session, scenario, 'completed', 'all_steps_finished', now, outcomes);
        status = 'completed';
        completionReason = 'all_steps_finished';
      } else {
        await this.refreshSummary(trx, sessionId, scenario, 'partial', now, outcomes);
      }
    });
    return { sessionId, messageId, evaluation, decision, status, completionReason, pendingPersonaMessageId };
  }

  /**
   * The persona's next line: said at once by the offline persona, or — in an LLM session —
   * stored as an empty `streaming` message whose id is returned for the caller to fill.
   */
  private async personaTurn(
    trx: Trx,
    session: SessionRow,
    scenario: Scenario,
    stepId: string,
    offlineLine: string,
    situation: 'opening' | 'follow_up',
    now: string,
    settings: Pick<Settings, 'riskPhrases' | 'riskResources'>,
  ): Promise<string | null> {
    if (session.engine !== 'llm') {
      await this.personaSays(trx, session, scenario, stepId, offlineLine, now, settings);
      return null;
    }
    const id = await insertMessage(trx, session.id, { role: 'persona', content: '', stepId, engine: 'llm', at: now, status: 'streaming', metadata: { situation } });
    return id;
  }

  private async personaSays(
    trx: Trx,
    session: SessionRow,
    scenario: Scenario,
    stepId: string | null,
    content: string,
    now: string,
    settings: Pick<Settings, 'riskPhrases' | 'riskResources'>,
  ): Promise<string> {
    const id = await insertMessage(trx, session.id, { role: 'persona', content, stepId, engine: 'offline', responseMs: 0, at: now });
    await this.recordRisks(trx, session, scenario, id, 'persona', content, now, settings);
    return id;
  }

  private async recordRisks(
    trx: Trx,
    session: SessionRow,
    scenario: Scenario,
    messageId: string,
    speaker: 'persona' | 'trainee',
    text: string,
    now: string,
    settings: Pick<Settings, 'riskPhrases' | 'riskResources'>,
  ): Promise<void> {
    const matches = detectRisks(text, riskPhrasesFor(scenario, settings), riskResourcesFor(scenario, settings));
    if (matches.length === 0) return;
    await trx
      .insertInto('risk_detections')
      .values(
        matches.map((match) => ({
          id: newId(),
          session_id: session.id,
          message_id: messageId,
          phrase: match.phrase,
          source: match.source,
          speaker,
          resources_json: JSON.stringify(match.resources),
          created_at: now,
        })),
      )
      .execute();
    await trx.updateTable('sessions').set({ flagged: 1 }).where('id', '=', session.id).execute();
  }

  private async finish(sessionId: string, scenario: Scenario, status: 'completed' | 'abandoned' | 'error', reason: CompletionReason): Promise<void> {
    const now = iso(this.deps.now());
    await this.db.transaction().execute(async (trx) => {
      const session = await loadSession(trx, sessionId);
      if (session.status !== 'in_progress' && session.status !== 'created') return;
      await this.finishInTransaction(trx, session, scenario, status, reason, now);
    });
  }

  private async finishInTransaction(
    trx: Trx,
    session: SessionRow,
    scenario: Scenario,
    status: 'completed' | 'abandoned' | 'error',
    reason: CompletionReason,
    now: string,
    /** The steps' progress as stored, when the caller already holds it (saves reading it again). */
    known?: StepOutcome[],
  ): Promise<void> {
    // The step under way when time ran out or the trainee stopped is closed as missed.
    await updateStepsUnderWayMissed(trx, { sessionId: session.id, now });
    const outcomes = known
      ? known.map((outcome) => (outcome.status === 'in_progress' ? { ...outcome, status: 'missed' as const } : outcome))
      : await readOutcomes(trx, session.id);
    const totalScore = scoreOf(outcomes, scenario, true);
    const passed = status === 'completed' && totalScore !== null ? (totalScore >= scenario.completion.pass_score ? 1 : 0) : null;
    await updateSessionFinished(trx, { id: session.id, status, reason, totalScore, passed, now });
    if (status === 'completed') {
      await insertMessage(trx, session.id, { role: 'system', content: endNotice(reason), stepId: null, engine: null, at: now });
      await this.refreshSummary(trx, session.id, scenario, 'complete', now, outcomes);
    }
    await logActivity(trx, { type: 'session_end', userId: session.user_id, sessionId: session.id, at: now, details: { status, reason, totalScore } });
  }

  private async refreshSummary(trx: Trx, sessionId: string, scenario: Scenario, kind: SummaryKind, now: string, known?: StepOutcome[]): Promise<void> {
    const outcomes = known ?? (await readOutcomes(trx, sessionId));
    const { rows: feedbackRows } = await selectSummaryFeedback(trx, { sessionId });
    const facts: FeedbackFacts[] = feedbackRows.map((row) => ({
      stepId: row.step_id,
      score: row.score,
      passed: row.passed === 1,
      found: JSON.parse(row.found_json) as string[],
      missing: JSON.parse(row.missing_json) as string[],
      forbidden: ((JSON.parse(row.details_json) as { forbidden?: string[] }).forbidden ?? []),
    }));
    const summary = buildDeterministicSummary(scenario, outcomes, facts);
    await upsertSummary(trx, {
      sessionId,
      kind,
      strengthsJson: JSON.stringify(summary.strengths),
      gapsJson: JSON.stringify(summary.gaps),
      keyLearningsJson: JSON.stringify(summary.keyLearnings),
      actionItemsJson: JSON.stringify(summary.actionItems),
      now,
    });
  }
}

function endNotice(reason: CompletionReason): string {
  switch (reason) {
    case 'all_steps_finished':
      return 'Scenario complete. Your summary is ready.';
    case 'time_limit':
      return 'Time is up: the scenario’s time limit was reached. Your summary is ready.';
    case 'user_exit':
      return 'You ended the session. Your summary is ready.';
    case 'system_error':
      return 'The session stopped because of an error.';
  }
}
