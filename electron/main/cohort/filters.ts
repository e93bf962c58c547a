import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { ResolvedFilters } from '../../../shared/dashboard/types';
import { AppError } from '../../../shared/errors';

/**
 * Which sessions a dashboard query, cohort export or bundle covers. All fields optional.
 *
 * - `from` / `to` bound `sessions.started_at` (sessions never started are then left out).
 *   A date alone (`2026-03-01`) means that UTC day: `from` its start, `to` its end
 *   (inclusive). A full ISO-8601 time is taken as that instant (`from` inclusive, `to`
 *   inclusive). The UI should pass full instants computed in the user's time zone.
 * - `scenarioId`, `userId` match exactly.
 */
export interface CohortFilters {
  from?: string | null | undefined;
  to?: string | null | undefined;
  scenarioId?: string | null | undefined;
  userId?: string | null | undefined;
}

// Shared with the renderer (the dashboard echoes the filters it applied).
export type { ResolvedFilters };

const dateOnly = /^\d{4}-\d{2}-\d{2}$/;
const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseBound(value: string, which: 'from' | 'to'): string {
  const text = value.trim();
  if (dateOnly.test(text)) {
    const start = Date.parse(`${text}T00:00:00.000Z`);
    if (Number.isNaN(start) || new Date(start).toISOString().slice(0, 10) !== text) {
      throw new AppError('BAD_INPUT', `--${which} "${value}" is not a valid date (use YYYY-MM-DD or an ISO-8601 time).`);
    }
    return new Date(which === 'from' ? start : start + 86_400_000).toISOString();
  }
  if (isoDateTime.test(text)) {
    const instant = Date.parse(text);
    if (!Number.isNaN(instant)) return new Date(which === 'from' ? instant : instant + 1).toISOString();
  }
  throw new AppError('BAD_INPUT', `"${value}" is not a valid ${which} date (use YYYY-MM-DD or an ISO-8601 time with a time zone, e.g. 2026-03-01T09:00:00Z).`);
}

/** Validates and normalises filters; throws BAD_INPUT for a bad date or an empty range. */
export function resolveFilters(filters: CohortFilters = {}): ResolvedFilters {
  const fromIso = filters.from ? parseBound(filters.from, 'from') : null;
  const toExclusiveIso = filters.to ? parseBound(filters.to, 'to') : null;
  if (fromIso && toExclusiveIso && fromIso >= toExclusiveIso) {
    throw new AppError('BAD_INPUT', `The date range is empty: "${filters.from}" is after "${filters.to}".`);
  }
  return {
    fromIso,
    toExclusiveIso,
    scenarioId: filters.scenarioId?.trim() || null,
    userId: filters.userId?.trim() || null,
  };
}

/**
 * The filters as one SQL boolean on the sessions table (or its alias), for Kysely:
 * `qb.where(sessionWhere(filters, 'sessions'))` or inside a `sql` template. Written so
 * SQLite can use idx_sessions_started / idx_sessions_scenario / idx_sessions_user.
 */
export function sessionWhere(filters: ResolvedFilters, alias = 's'): RawBuilder<SqlBool> {
  const table = sql.ref(alias);
  const conditions: RawBuilder<unknown>[] = [];
  if (filters.fromIso) conditions.push(sql`${table}.started_at >= ${filters.fromIso}`);
  if (filters.toExclusiveIso) conditions.push(sql`${table}.started_at < ${filters.toExclusiveIso}`);
  if (filters.scenarioId) conditions.push(sql`${table}.scenario_id = ${filters.scenarioId}`);
  if (filters.userId) conditions.push(sql`${table}.user_id = ${filters.userId}`);
  return conditions.length ? sql<SqlBool>`(${sql.join(conditions, sql` AND `)})` : sql<SqlBool>`1`;
}

/** The same filter for raw better-sqlite3 statements: a WHERE fragment and its parameters. */
export function sessionWhereRaw(filters: ResolvedFilters, alias = 's'): { where: string; params: string[] } {
  const parts: string[] = [];
  const params: string[] = [];
  if (filters.fromIso) {
    parts.push(`${alias}.started_at >= ?`);
    params.push(filters.fromIso);
  }
  if (filters.toExclusiveIso) {
    parts.push(`${alias}.started_at < ?`);
    params.push(filters.toExclusiveIso);
  }
  if (filters.scenarioId) {
    parts.push(`${alias}.scenario_id = ?`);
    params.push(filters.scenarioId);
  }
  if (filters.userId) {
    parts.push(`${alias}.user_id = ?`);
    params.push(filters.userId);
  }
  return { where: parts.length ? parts.join(' AND ') : '1', params };
}
