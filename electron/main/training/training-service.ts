import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../../../shared/errors';
import type { Scenario } from '../../../shared/scenario/schema';
import type { ReportFormat, ResumableSession, SessionView } from '../../../shared/training/types';
import { getScenario, listScenarios } from '../content/queries';
import type { Database } from '../db/schema';
import { renderSessionReport, type RenderedReport } from '../reports/export-report';
import { readSettings } from '../settings/settings-store';
import { SessionEngine } from './session-engine';
import { listResumableSessions, loadSessionView } from './session-view';
import { ActiveProfile } from '../people/active-profile';
import type { Profile } from '../people/profiles';
import type { CoreEvents } from '../core-events';
import { summarizeSession } from '../llm';
import type { ProviderService } from '../llm/provider-service';
import { log } from '../logging';
import { logActivity } from './activity-log';
import { llmEvaluator } from './evaluation/llm-evaluation';
import { evaluateByRules } from './evaluation/turn-evaluation';
import { LlmPersonaRunner } from './llm-persona';
import type { TurnOutcome } from './session-engine';

/**
 * What the app's screens do with training sessions, on top of the engine: finds the
 * scenario a session was played from, brings sessions up to date before showing them,
 * and returns the view the renderer draws.
 */
export class TrainingService {
  readonly engine: SessionEngine;
  /** Present when the app can use an LLM provider (always, except in bare tests). */
  readonly persona: LlmPersonaRunner | null;

  /** Who is using the app: sessions are created for, and listed for, this profile. */
  readonly people: ActiveProfile;
  /** Refuses to start a scenario that is locked in a track for this user (content packs). */
  private readonly unlockCheck: ((userId: string, scenarioId: string) => Promise<void>) | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date = () => new Date(),
    private readonly llm: { provider: ProviderService; events: CoreEvents } | null = null,
    options: { people?: ActiveProfile; unlockCheck?: (userId: string, scenarioId: string) => Promise<void> } = {},
  ) {
    this.people = options.people ?? new ActiveProfile(db, { now });
    this.unlockCheck = options.unlockCheck;
    this.persona = llm ? new LlmPersonaRunner(db, llm.provider, llm.events, now) : null;
    this.engine = new SessionEngine({
      db,
      now,
      settings: () => readSettings(db),
      evaluatorFor: async (engine) => {
        const active = engine === 'llm' ? await this.llm?.provider.activeClient() : null;
        if (!active) return evaluateByRules;
        const { retrievalTopK } = await readSettings(db);
        return llmEvaluator(db, active.client, active.config, retrievalTopK);
      },
    });
  }

  /** Starts the LLM reply the engine left pending, if any; the returned promise settles when it is stored. */
  private producePersona(sessionId: string, messageId: string | null, scenario: Scenario): Promise<void> {
    if (!messageId || !this.persona) return Promise.resolve();
    return this.persona.start(sessionId, messageId, scenario);
  }

  /** After an LLM session ends, replaces the deterministic summary with the model's, when it succeeds. */
  private async summarizeWithLlm(sessionId: string, scenario: Scenario): Promise<void> {
    const active = await this.llm?.provider.activeClient();
    if (!active) return;
    const history = await this.db.selectFrom('messages').select(['role', 'content']).where('session_id', '=', sessionId).where('status', 'in', ['complete', 'stopped']).orderBy('seq').execute();
    const outcome = await summarizeSession(active.client, { scenario, history });
    if (!outcome.ok) {
      await logActivity(this.db, { type: 'error_occurred', sessionId, details: { what: 'llm_summary', kind: outcome.error.kind } });
      return;
    }
    const now = this.now().toISOString();
    const values = {
      strengths_json: JSON.stringify(outcome.summary.strengths),
      gaps_json: JSON.stringify(outcome.summary.gaps),
      key_learnings_json: JSON.stringify(outcome.summary.keyLearnings),
      action_items_json: JSON.stringify(outcome.summary.actionItems),
      generated_by: 'llm' as const,
      updated_at: now,
    };
    await this.db
      .insertInto('session_summaries')
      .values({ session_id: sessionId, kind: 'complete', ...values })
      .onConflict((oc) => oc.columns(['session_id', 'kind']).doUpdateSet(values))
      .execute();
    this.llm?.events.emit('session.updated', { sessionId });
  }

  async currentUser(): Promise<Profile> {
    return this.people.profile();
  }

  /** The scenario definition, or null when its files are gone (old sessions stay readable). */
  async scenarioOrNull(scenarioId: string): Promise<Scenario | null> {
    try {
      return (await getScenario(this.db, scenarioId)).definition;
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  /**
   * The definition a session was started with (its snapshot), so editing or removing a
   * scenario file never changes a session already under way or already finished.
   */
  async scenarioForSession(sessionId: string): Promise<{ scenario: Scenario; status: string }> {
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('scenario_versions', 'scenario_versions.checksum', 'sessions.scenario_checksum')
      .select(['scenario_versions.definition_json', 'sessions.status'])
      .where('sessions.id', '=', sessionId)
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', `There is no training session with id ${sessionId}.`);
    return { scenario: JSON.parse(row.definition_json) as Scenario, status: row.status };
  }

  async view(sessionId: string): Promise<SessionView> {
    const { scenario, status } = await this.scenarioForSession(sessionId);
    if (status === 'in_progress') {
      await this.markInterruptedReplies(sessionId);
      await this.engine.resume(sessionId, scenario);
    }
    const view = await loadSessionView(this.db, sessionId, scenario, this.now());
    for (const message of view.messages) {
      if (message.status === 'streaming') message.content = this.persona?.partialText(message.id) ?? message.content;
    }
    return view;
  }

  /** A reply left `streaming` by a closed or crashed app can never finish: mark it failed so it can be retried. */
  private async markInterruptedReplies(sessionId: string): Promise<void> {
    const streaming = await this.db.selectFrom('messages').select('id').where('session_id', '=', sessionId).where('status', '=', 'streaming').execute();
    for (const { id } of streaming) {
      if (this.persona?.isRunning(id)) continue;
      await this.db
        .updateTable('messages')
        .set({ status: 'failed', metadata_json: JSON.stringify({ error: { kind: 'interrupted', message: 'The app was closed while the persona was replying.' } }) })
        .where('id', '=', id)
        .execute();
    }
  }

  async create(scenarioId: string, userId?: string): Promise<SessionView> {
    const scenario = (await getScenario(this.db, scenarioId)).definition;
    const user = userId ?? (await this.currentUser()).id;
    await this.unlockCheck?.(user, scenarioId);
    const engine = (await this.llm?.provider.activeClient()) ? 'llm' : 'offline';
    const sessionId = await this.engine.create({ userId: user, scenario, engine });
    return this.view(sessionId);
  }

  async start(sessionId: string): Promise<SessionView> {
    const { scenario, status } = await this.scenarioForSession(sessionId);
    if (status === 'created') {
      // The provider may have been switched on or off since the session was created.
      const engine = (await this.llm?.provider.activeClient()) ? 'llm' : 'offline';
      await this.db.updateTable('sessions').set({ engine }).where('id', '=', sessionId).where('status', '=', 'created').execute();
    }
    const { pendingPersonaMessageId } = await this.engine.start(sessionId, scenario);
    void this.producePersona(sessionId, pendingPersonaMessageId, scenario);
    return this.view(sessionId);
  }

  /**
   * One turn. Returns once the answer is evaluated and stored; an LLM persona reply then
   * streams in the background (`reply` settles when it is stored — the CLI waits for it).
   */
  async answerTurn(sessionId: string, text: string): Promise<{ outcome: TurnOutcome; reply: Promise<void> }> {
    const { scenario } = await this.scenarioForSession(sessionId);
    const outcome = await this.engine.submitAnswer(sessionId, scenario, text);
    const reply = this.producePersona(sessionId, outcome.pendingPersonaMessageId, scenario);
    if (outcome.status === 'completed') {
      const session = await this.db.selectFrom('sessions').select('engine').where('id', '=', sessionId).executeTakeFirst();
      if (session?.engine === 'llm') return { outcome, reply: reply.then(() => this.summarizeWithLlm(sessionId, scenario)) };
    }
    return { outcome, reply };
  }

  async answer(sessionId: string, text: string): Promise<SessionView> {
    const { reply } = await this.answerTurn(sessionId, text);
    reply.catch((error: unknown) => log.error('persona reply failed', error));
    return this.view(sessionId);
  }

  /** Stops the persona's streaming reply, keeping what arrived. */
  async stop(sessionId: string): Promise<SessionView> {
    await this.persona?.stop(sessionId);
    return this.view(sessionId);
  }

  /** Re-runs the persona's last reply if it failed or was stopped. */
  async retry(sessionId: string): Promise<SessionView> {
    const { scenario } = await this.scenarioForSession(sessionId);
    const session = await this.db.selectFrom('sessions').select(['engine', 'status']).where('id', '=', sessionId).executeTakeFirstOrThrow();
    const last = await this.db
      .selectFrom('messages')
      .select(['id', 'status', 'role'])
      .where('session_id', '=', sessionId)
      .where('role', '=', 'persona')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (session.status !== 'in_progress' || session.engine !== 'llm' || !last || (last.status !== 'failed' && last.status !== 'stopped')) {
      throw new AppError('SESSION_STATE', 'There is no failed or stopped AI reply to retry.');
    }
    await this.db.updateTable('messages').set({ status: 'streaming', content: '' }).where('id', '=', last.id).execute();
    void this.producePersona(sessionId, last.id, scenario);
    return this.view(sessionId);
  }

  async end(sessionId: string): Promise<SessionView> {
    const { scenario } = await this.scenarioForSession(sessionId);
    await this.engine.end(sessionId, scenario);
    return this.view(sessionId);
  }

  async abandon(sessionId: string): Promise<SessionView> {
    const { scenario } = await this.scenarioForSession(sessionId);
    await this.engine.abandon(sessionId, scenario);
    return this.view(sessionId);
  }

  async resumable(): Promise<ResumableSession[]> {
    const user = await this.currentUser();
    const scenarios = await listScenarios(this.db);
    const titles = new Map(scenarios.map((scenario) => [scenario.id, { title: scenario.title, steps: scenario.stepCount }]));
    return listResumableSessions(this.db, user.id, titles);
  }

  async saveReflection(sessionId: string, takeaways: string, revisedGoal: string | null): Promise<SessionView> {
    const session = await this.db.selectFrom('sessions').select(['user_id', 'status']).where('id', '=', sessionId).executeTakeFirst();
    if (!session) throw new AppError('NOT_FOUND', `There is no training session with id ${sessionId}.`);
    const now = this.now().toISOString();
    const existing = await this.db.selectFrom('reflections').select('id').where('session_id', '=', sessionId).executeTakeFirst();
    if (existing) {
      await this.db.updateTable('reflections').set({ takeaways, revised_goal: revisedGoal, updated_at: now }).where('id', '=', existing.id).execute();
    } else {
      await this.db
        .insertInto('reflections')
        .values({ id: randomUUID(), session_id: sessionId, user_id: session.user_id, takeaways, revised_goal: revisedGoal, created_at: now, updated_at: now })
        .execute();
    }
    return this.view(sessionId);
  }

  async renderReport(sessionId: string, format: ReportFormat): Promise<RenderedReport> {
    const { scenario } = await this.scenarioForSession(sessionId);
    return renderSessionReport(this.db, sessionId, scenario, format);
  }
}
