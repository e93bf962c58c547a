import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../../../shared/errors';
import type { Scenario } from '../../../shared/scenario/schema';
import type { ReportFormat, ResumableSession, SessionView, UserProfile } from '../../../shared/training/types';
import { getScenario, listScenarios } from '../content/queries';
import type { Database } from '../db/schema';
import { renderSessionReport, type RenderedReport } from '../reports/export-report';
import { readSettings } from '../settings/settings-store';
import { SessionEngine } from './session-engine';
import { listResumableSessions, loadSessionView } from './session-view';
import { currentOrDefaultUser } from './users';

export interface PersonalGoalInput {
  sessionId?: string | undefined;
  specific: string;
  measurable: string;
  achievable: string;
  relevant: string;
  time_bound: string;
}

/**
 * What the app's screens do with training sessions, on top of the engine: finds the
 * scenario a session was played from, brings sessions up to date before showing them,
 * and returns the view the renderer draws.
 */
export class TrainingService {
  readonly engine: SessionEngine;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.engine = new SessionEngine({ db, now, settings: () => readSettings(db) });
  }

  async currentUser(): Promise<UserProfile> {
    const user = await currentOrDefaultUser(this.db);
    return { id: user.id, displayName: user.display_name, role: user.role };
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
    if (status === 'in_progress') await this.engine.resume(sessionId, scenario);
    return loadSessionView(this.db, sessionId, scenario, this.now());
  }

  async create(scenarioId: string, userId?: string): Promise<SessionView> {
    const scenario = (await getScenario(this.db, scenarioId)).definition;
    const user = userId ?? (await this.currentUser()).id;
    const sessionId = await this.engine.create({ userId: user, scenario });
    return this.view(sessionId);
  }

  async start(sessionId: string): Promise<SessionView> {
    const { scenario } = await this.scenarioForSession(sessionId);
    await this.engine.start(sessionId, scenario);
    return this.view(sessionId);
  }

  async answer(sessionId: string, text: string): Promise<SessionView> {
    const { scenario } = await this.scenarioForSession(sessionId);
    await this.engine.submitAnswer(sessionId, scenario, text);
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

  async createGoal(input: PersonalGoalInput): Promise<{ id: string }> {
    const user = await this.currentUser();
    let scenarioId: string | null = null;
    if (input.sessionId) {
      const session = await this.db.selectFrom('sessions').select('scenario_id').where('id', '=', input.sessionId).executeTakeFirst();
      if (!session) throw new AppError('NOT_FOUND', `There is no training session with id ${input.sessionId}.`);
      scenarioId = session.scenario_id;
    }
    const id = randomUUID();
    const now = this.now().toISOString();
    await this.db
      .insertInto('goals')
      .values({
        id,
        user_id: user.id,
        scenario_id: scenarioId,
        session_id: input.sessionId ?? null,
        specific: input.specific,
        measurable: input.measurable,
        achievable: input.achievable,
        relevant: input.relevant,
        time_bound: input.time_bound,
        status: 'active',
        created_at: now,
        updated_at: now,
      })
      .execute();
    return { id };
  }

  async renderReport(sessionId: string, format: ReportFormat): Promise<RenderedReport> {
    const { scenario } = await this.scenarioForSession(sessionId);
    return renderSessionReport(this.db, sessionId, scenario, format);
  }
}
