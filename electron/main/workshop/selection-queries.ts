import { sql, type Kysely } from 'kysely';
import type { SelectionPreview, WorkshopFilterOptions } from '../../../shared/workshop/types';
import { resolveFilters, sessionWhere, type CohortFilters } from '../cohort/filters';
import type { Database } from '../db/schema';

/**
 * The scenarios and trainees that have sessions here, for the workshop screen's filter
 * menus. Scenarios include ones no longer installed (removed packs, sessions from other
 * laptops): their title then comes from the latest version a session was played from.
 */
export async function workshopFilterOptions(db: Kysely<Database>): Promise<WorkshopFilterOptions> {
  const scenarios = await sql<{ id: string; title: string | null; sessions: number }>`
    SELECT s.scenario_id AS id, COUNT(*) AS sessions,
      COALESCE(
        (SELECT c.title FROM scenarios c WHERE c.id = s.scenario_id),
        (SELECT json_extract(v.definition_json, '$.title') FROM scenario_versions v
          WHERE v.scenario_id = s.scenario_id ORDER BY v.first_seen_at DESC LIMIT 1)
      ) AS title
    FROM sessions s
    GROUP BY s.scenario_id
  `.execute(db);
  const trainees = await sql<{ id: string; displayName: string; role: string; sessions: number }>`
    SELECT u.id, u.display_name AS displayName, u.role, COUNT(s.id) AS sessions
    FROM users u JOIN sessions s ON s.user_id = u.id
    GROUP BY u.id
  `.execute(db);
  const totals = await sql<{ total: number; first: string | null; last: string | null }>`
    SELECT COUNT(*) AS total, MIN(started_at) AS first, MAX(started_at) AS last FROM sessions
  `.execute(db);
  const byName = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'base' });
  const total = totals.rows[0];
  return {
    scenarios: scenarios.rows
      .map((row) => ({ id: row.id, title: typeof row.title === 'string' && row.title ? row.title : row.id, sessions: Number(row.sessions) }))
      .sort((a, b) => byName(a.title, b.title) || byName(a.id, b.id)),
    trainees: trainees.rows
      .map((row) => ({ ...row, sessions: Number(row.sessions) }))
      .sort((a, b) => byName(a.displayName, b.displayName) || byName(a.id, b.id)),
    totalSessions: Number(total?.total ?? 0),
    firstStartedAt: total?.first ?? null,
    lastStartedAt: total?.last ?? null,
  };
}

/**
 * How many sessions the filters cover, and how many xAPI statements they would give
 * (`completed` per completed session, plus `passed`/`failed` when it has an outcome, as in
 * cohort/xapi.ts). One indexed aggregate; throws BAD_INPUT for bad dates.
 */
export async function previewSelection(db: Kysely<Database>, filters: CohortFilters): Promise<SelectionPreview> {
  const where = sessionWhere(resolveFilters(filters), 's');
  const { rows } = await sql<{ sessions: number; completed: number | null; statements: number | null }>`
    SELECT COUNT(*) AS sessions,
      SUM(CASE WHEN s.status = 'completed' AND s.completed_at IS NOT NULL THEN 1 ELSE 0 END) AS completed,
      SUM(CASE WHEN s.status = 'completed' AND s.completed_at IS NOT NULL THEN (CASE WHEN s.passed IS NULL THEN 1 ELSE 2 END) ELSE 0 END) AS statements
    FROM sessions s WHERE ${where}
  `.execute(db);
  const row = rows[0];
  return { sessions: Number(row?.sessions ?? 0), completedSessions: Number(row?.completed ?? 0), xapiStatements: Number(row?.statements ?? 0) };
}
