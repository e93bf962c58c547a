import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { AppDatabase } from '../db/open-database';
import type {
  CohortTotals,
  Dashboard,
  DashboardFilterOptions,
  FlaggedSession,
  ResolvedFilters,
  ScenarioStats,
  ScoreBucket,
  SessionListItem,
  SessionRowBase,
  TraineeProgress,
} from '../../../shared/dashboard/types';
import type { Database, SessionStatus, UserRole } from '../db/schema';
import { resolveFilters, sessionWhere, type CohortFilters } from './filters';

// The result types are shared with the renderer (one definition, in shared/).
export type { CohortTotals, Dashboard, DashboardFilterOptions, FlaggedSession, ScenarioStats, ScoreBucket, SessionListItem, TraineeProgress };

/**
 * Facilitator dashboard queries (SPEC 6), all over `sessions` with the same filters (see
 * CohortFilters: started_at range, scenario, trainee). Definitions, shared by every query:
 *
 * - completion rate: completed sessions / all sessions, in percent (2 decimals), as the
 *   `scenario_performance` view computes it;
 * - average score: mean `total_score` of *completed* sessions (the final score; running
 *   scores of unfinished sessions would drag it around). The `scenario_performance` view
 *   averages every session's score instead;
 * - duration: `completed_at − started_at` in seconds, over completed sessions;
 * - passed: `sessions.passed = 1` (completed at or above the scenario's pass score).
 *
 * Each query is one indexed pass over `sessions` (plus `risk_detections` by session for
 * flagged sessions); none touches `messages` except `listSessions` (through the
 * `session_overview` view, for one page only).
 */

const round = (value: number | null, digits: number): number | null => (value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits);
const resolved = (filters: CohortFilters | ResolvedFilters): ResolvedFilters => ('fromIso' in filters ? filters : resolveFilters(filters));

// The SQL of each query, kept apart so `dashboardQueryPlans` can EXPLAIN exactly what runs.

/** The outcome figures every cohort-wide and per-scenario view reports, as aggregates over `sessions s`. */
interface OutcomeRow {
  sessions: number;
  completed: number;
  passed: number;
  abandoned: number;
  flagged: number;
  average_score: number | null;
  average_duration: number | null;
}

const outcomeAggregates = sql`count(*) AS sessions,
      total(s.status = 'completed') AS completed,
      total(s.passed = 1) AS passed,
      total(s.status = 'abandoned') AS abandoned,
      total(s.flagged) AS flagged,
      avg(CASE WHEN s.status = 'completed' THEN s.total_score END) AS average_score,
      avg(CASE WHEN s.status = 'completed' AND s.started_at IS NOT NULL AND s.completed_at IS NOT NULL
        THEN (julianday(s.completed_at) - julianday(s.started_at)) * 86400 END) AS average_duration`;

const outcomeFigures = (row: OutcomeRow): CohortTotals => ({
  sessions: row.sessions,
  completed: row.completed,
  passed: row.passed,
  abandoned: row.abandoned,
  flagged: row.flagged,
  completionRate: row.sessions > 0 ? round((100 * row.completed) / row.sessions, 2) : null,
  averageScore: round(row.average_score, 1),
  averageDurationSeconds: round(row.average_duration, 0),
});

const scenarioStatsSql = (f: ResolvedFilters) =>
  sql<OutcomeRow & { scenario_id: string }>`
    SELECT s.scenario_id, ${outcomeAggregates}
    FROM sessions s
    WHERE ${sessionWhere(f, 's')}
    GROUP BY s.scenario_id
  `;

const cohortTotalsSql = (f: ResolvedFilters) =>
  sql<OutcomeRow>`
    SELECT ${outcomeAggregates}
    FROM sessions s
    WHERE ${sessionWhere(f, 's')}
  `;

const traineeProgressSql = (f: ResolvedFilters) =>
  sql<{
    user_id: string;
    display_name: string;
    role: UserRole;
    sessions: number;
    completed: number;
    passed: number;
    flagged: number;
    average_score: number | null;
    last_activity_at: string | null;
  }>`
    WITH per_user AS (
      SELECT s.user_id,
        count(*) AS sessions,
        total(s.status = 'completed') AS completed,
        total(s.passed = 1) AS passed,
        total(s.flagged) AS flagged,
        avg(CASE WHEN s.status = 'completed' THEN s.total_score END) AS average_score,
        max(s.last_activity_at) AS last_activity_at
      FROM sessions s
      WHERE ${sessionWhere(f, 's')}
      GROUP BY s.user_id
    )
    SELECT p.*, u.display_name, u.role
    FROM per_user p JOIN users u ON u.id = p.user_id
    ORDER BY lower(u.display_name), u.id
  `;

const scoreDistributionSql = (f: ResolvedFilters) =>
  sql<{ bucket: number; count: number }>`
    SELECT min(CAST(s.total_score / 10 AS INTEGER), 9) AS bucket, count(*) AS count
    FROM sessions s
    WHERE s.status = 'completed' AND s.total_score IS NOT NULL AND ${sessionWhere(f, 's')}
    GROUP BY bucket
  `;

const flaggedPageSql = (f: ResolvedFilters, limit: number, offset: number) =>
  sql<{
    id: string;
    user_id: string;
    display_name: string;
    scenario_id: string;
    status: SessionStatus;
    started_at: string | null;
    last_activity_at: string;
    total_score: number | null;
    phrases: string;
    detections: number;
    last_detected_at: string | null;
  }>`
    SELECT s.id, s.user_id, u.display_name, s.scenario_id, s.status, s.started_at, s.last_activity_at, s.total_score,
      (SELECT json_group_array(phrase) FROM (SELECT DISTINCT r.phrase FROM risk_detections r WHERE r.session_id = s.id ORDER BY r.phrase)) AS phrases,
      (SELECT count(*) FROM risk_detections r WHERE r.session_id = s.id) AS detections,
      (SELECT max(r.created_at) FROM risk_detections r WHERE r.session_id = s.id) AS last_detected_at
    FROM (
      SELECT s.id FROM sessions s
      WHERE s.flagged = 1 AND ${sessionWhere(f, 's')}
      ORDER BY s.last_activity_at DESC, s.id
      LIMIT ${limit} OFFSET ${offset}
    ) page
    JOIN sessions s ON s.id = page.id
    JOIN users u ON u.id = s.user_id
    ORDER BY s.last_activity_at DESC, s.id
  `;

const sessionPageSql = (f: ResolvedFilters, statusFilter: RawBuilder<unknown>, limit: number, offset: number) =>
  sql<{
    id: string;
    user_id: string;
    display_name: string;
    scenario_id: string;
    status: SessionStatus;
    started_at: string | null;
    completed_at: string | null;
    duration_seconds: number | null;
    message_count: number;
    feedback_count: number;
    average_score: number | null;
    total_score: number | null;
    passed: number | null;
    flagged: number;
  }>`
    SELECT o.id, o.user_id, u.display_name, o.scenario_id, o.status, o.started_at, o.completed_at, o.duration_seconds,
      o.message_count, o.feedback_count, o.average_score, s.total_score, s.passed, s.flagged
    FROM (
      SELECT s.id, s.created_at FROM sessions s
      WHERE ${sessionWhere(f, 's')} ${statusFilter}
      ORDER BY s.started_at DESC, s.created_at DESC, s.id
      LIMIT ${limit} OFFSET ${offset}
    ) page
    JOIN session_overview o ON o.id = page.id
    JOIN sessions s ON s.id = page.id
    JOIN users u ON u.id = s.user_id
    ORDER BY s.started_at DESC, s.created_at DESC, s.id
  `;

/** Per scenario: sessions, completion rate, average final score and duration. Ordered by title. */
export async function scenarioStats(db: Kysely<Database>, filters: CohortFilters | ResolvedFilters = {}): Promise<ScenarioStats[]> {
  const f = resolved(filters);
  const { rows } = await scenarioStatsSql(f).execute(db);
  const titles = await scenarioTitles(db, rows.map((row) => row.scenario_id));
  return rows
    .map((row) => ({ scenarioId: row.scenario_id, title: titles.get(row.scenario_id) ?? row.scenario_id, ...outcomeFigures(row) }))
    .sort((a, b) => a.title.localeCompare(b.title) || a.scenarioId.localeCompare(b.scenarioId));
}

/** The same figures as `scenarioStats`, over every matching session at once (not an average of averages). */
export async function cohortTotals(db: Kysely<Database>, filters: CohortFilters | ResolvedFilters = {}): Promise<CohortTotals> {
  const { rows } = await cohortTotalsSql(resolved(filters)).execute(db);
  return outcomeFigures(rows[0] ?? { sessions: 0, completed: 0, passed: 0, abandoned: 0, flagged: 0, average_score: null, average_duration: null });
}

/**
 * What the dashboard's filter bar offers: every scenario in the library or played in a
 * session (by title), and every profile (by name). Independent of the current filters.
 */
export async function dashboardFilterOptions(db: Kysely<Database>): Promise<DashboardFilterOptions> {
  const library = await db.selectFrom('scenarios').select(['id', 'title']).execute();
  // DISTINCT over idx_sessions_scenario: one step per scenario, not per session.
  const played = await sql<{ scenario_id: string }>`SELECT DISTINCT scenario_id FROM sessions`.execute(db);
  const titles = new Map(library.map((row) => [row.id, row.title]));
  const gone = played.rows.map((row) => row.scenario_id).filter((id) => !titles.has(id));
  for (const [id, title] of await scenarioTitles(db, gone)) titles.set(id, title);
  for (const id of gone) if (!titles.has(id)) titles.set(id, id);
  const users = await db.selectFrom('users').select(['id', 'display_name', 'role']).orderBy(sql`lower(display_name)`).orderBy('id').execute();
  return {
    scenarios: [...titles].map(([id, title]) => ({ id, title })).sort((a, b) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id)),
    trainees: users.map((user) => ({ id: user.id, displayName: user.display_name, role: user.role })),
  };
}

/** Titles of scenarios from the scenario table, falling back to the newest snapshot's title. */
export async function scenarioTitles(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, string>> {
  const titles = new Map<string, string>();
  if (ids.length === 0) return titles;
  const json = JSON.stringify([...new Set(ids)]);
  const current = await sql<{ id: string; title: string }>`SELECT id, title FROM scenarios WHERE id IN (SELECT value FROM json_each(${json}))`.execute(db);
  for (const row of current.rows) titles.set(row.id, row.title);
  const missing = ids.filter((id) => !titles.has(id));
  if (missing.length > 0) {
    const snapshots = await sql<{ scenario_id: string; title: string | null }>`
      SELECT v.scenario_id, json_extract(v.definition_json, '$.title') AS title
      FROM scenario_versions v
      WHERE v.scenario_id IN (SELECT value FROM json_each(${JSON.stringify(missing)}))
      ORDER BY v.first_seen_at
    `.execute(db);
    for (const row of snapshots.rows) if (typeof row.title === 'string') titles.set(row.scenario_id, row.title);
  }
  return titles;
}

/** Per trainee (every profile with at least one matching session): counts, average final score, last activity. Ordered by name. */
export async function traineeProgress(db: Kysely<Database>, filters: CohortFilters | ResolvedFilters = {}): Promise<TraineeProgress[]> {
  const f = resolved(filters);
  const { rows } = await traineeProgressSql(f).execute(db);
  return rows.map((row) => ({
    userId: row.user_id,
    displayName: row.display_name,
    role: row.role,
    sessions: row.sessions,
    completed: row.completed,
    passed: row.passed,
    flagged: row.flagged,
    averageScore: round(row.average_score, 1),
    lastActivityAt: row.last_activity_at,
  }));
}

/** Final scores of completed sessions in ten buckets of 10 points (all ten returned, empty ones with 0). */
export async function scoreDistribution(db: Kysely<Database>, filters: CohortFilters | ResolvedFilters = {}): Promise<ScoreBucket[]> {
  const f = resolved(filters);
  const { rows } = await scoreDistributionSql(f).execute(db);
  const counts = new Map(rows.map((row) => [row.bucket, row.count]));
  return Array.from({ length: 10 }, (_, bucket) => ({ from: bucket * 10, to: bucket * 10 + 10, count: counts.get(bucket) ?? 0 }));
}

/** Flagged sessions (risk language detected), most recent activity first, with their phrases. */
export async function flaggedSessions(
  db: Kysely<Database>,
  filters: CohortFilters | ResolvedFilters = {},
  page: { limit?: number; offset?: number } = {},
): Promise<{ total: number; sessions: FlaggedSession[] }> {
  const f = resolved(filters);
  const { limit, offset } = pageBounds(page, 100, 1000);
  const total = await sql<{ n: number }>`SELECT count(*) AS n FROM sessions s WHERE s.flagged = 1 AND ${sessionWhere(f, 's')}`.execute(db);
  const { rows } = await flaggedPageSql(f, limit, offset).execute(db);
  return {
    total: total.rows[0]?.n ?? 0,
    sessions: rows.map((row) => ({
      ...sessionRowBase(row),
      lastActivityAt: row.last_activity_at,
      phrases: JSON.parse(row.phrases) as string[],
      detections: row.detections,
      lastDetectedAt: row.last_detected_at,
    })),
  };
}

/** The fields every session row of the dashboard shares, from a `sessions` row joined with its user. */
function sessionRowBase(row: {
  id: string;
  user_id: string;
  display_name: string;
  scenario_id: string;
  status: SessionStatus;
  started_at: string | null;
  total_score: number | null;
}): SessionRowBase {
  return {
    sessionId: row.id,
    userId: row.user_id,
    displayName: row.display_name,
    scenarioId: row.scenario_id,
    status: row.status,
    startedAt: row.started_at,
    totalScore: row.total_score,
  };
}

/** A page request clamped to sane bounds. */
function pageBounds(page: { limit?: number; offset?: number }, defaultLimit: number, maxLimit: number): { limit: number; offset: number } {
  return { limit: Math.max(1, Math.min(page.limit ?? defaultLimit, maxLimit)), offset: Math.max(0, page.offset ?? 0) };
}

/**
 * One page of sessions with the `session_overview` view's columns (message and feedback
 * counts, feedback score range, duration), newest start first. The page is chosen
 * before the view's per-session counts run, so the cost is one page, not the cohort.
 */
export async function listSessions(
  db: Kysely<Database>,
  filters: CohortFilters | ResolvedFilters = {},
  page: { limit?: number; offset?: number; status?: SessionStatus } = {},
): Promise<{ total: number; sessions: SessionListItem[] }> {
  const f = resolved(filters);
  const { limit, offset } = pageBounds(page, 50, 500);
  const statusFilter: RawBuilder<unknown> = page.status ? sql`AND s.status = ${page.status}` : sql``;
  const total = await sql<{ n: number }>`SELECT count(*) AS n FROM sessions s WHERE ${sessionWhere(f, 's')} ${statusFilter}`.execute(db);
  const { rows } = await sessionPageSql(f, statusFilter, limit, offset).execute(db);
  return {
    total: total.rows[0]?.n ?? 0,
    sessions: rows.map((row) => ({
      ...sessionRowBase(row),
      completedAt: row.completed_at,
      durationSeconds: row.duration_seconds,
      messageCount: row.message_count,
      feedbackCount: row.feedback_count,
      averageFeedbackScore: round(row.average_score, 1),
      passed: row.passed === null ? null : row.passed === 1,
      flagged: row.flagged === 1,
    })),
  };
}

/** Everything the dashboard screen shows at once, read in one transaction (one consistent snapshot). */
export async function loadDashboard(db: Kysely<Database>, filters: CohortFilters = {}, options: { flaggedLimit?: number } = {}): Promise<Dashboard> {
  const f = resolveFilters(filters);
  return db.transaction().execute(async (trx) => ({
    filters: f,
    totals: await cohortTotals(trx, f),
    scenarios: await scenarioStats(trx, f),
    trainees: await traineeProgress(trx, f),
    scoreDistribution: await scoreDistribution(trx, f),
    flagged: await flaggedSessions(trx, f, { limit: options.flaggedLimit ?? 100 }),
  }));
}

/**
 * `EXPLAIN QUERY PLAN` of every dashboard query exactly as it runs for these filters
 * (for benchmarks and for checking index use after a schema change).
 */
export function dashboardQueryPlans(database: AppDatabase, filters: CohortFilters = {}): Record<string, string[]> {
  const f = resolveFilters(filters);
  const queries: Record<string, RawBuilder<unknown>> = {
    cohortTotals: cohortTotalsSql(f),
    scenarioStats: scenarioStatsSql(f),
    traineeProgress: traineeProgressSql(f),
    scoreDistribution: scoreDistributionSql(f),
    flaggedSessions: flaggedPageSql(f, 100, 0),
    listSessions: sessionPageSql(f, sql``, 50, 0),
  };
  return Object.fromEntries(
    Object.entries(queries).map(([name, query]) => {
      const compiled = query.compile(database.db);
      const rows = database.sqlite.prepare(`EXPLAIN QUERY PLAN ${compiled.sql}`).all(...compiled.parameters) as { detail: string }[];
      return [name, rows.map((row) => row.detail)];
    }),
  );
}
