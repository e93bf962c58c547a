import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema';
import { resolveFilters, sessionWhere, type CohortFilters } from './filters';

/**
 * Cohort table (SPEC 6): one row per session, RFC 4180 CSV, UTF-8.
 *
 * Columns, in this order:
 * | column            | content                                                              |
 * |-------------------|----------------------------------------------------------------------|
 * | session_id        | session UUID                                                         |
 * | trainee           | the profile's display name                                           |
 * | scenario_id       | scenario id                                                          |
 * | scenario_version  | SemVer of the scenario version played                                |
 * | variant           | A or B                                                               |
 * | status            | created, in_progress, completed, abandoned or error                  |
 * | completion_reason | all_steps_finished, time_limit, user_exit, system_error or empty     |
 * | started_at        | ISO-8601 UTC, empty if never started                                 |
 * | completed_at      | ISO-8601 UTC, empty while unfinished                                 |
 * | duration_seconds  | whole seconds from start to completion (to last activity while       |
 * |                   | unfinished), as in the session_overview view; empty if never started |
 * | total_score       | 0–100 (running score while unfinished), empty if none yet            |
 * | passed            | 1 or 0 for completed sessions, empty otherwise                       |
 * | step_count        | number of steps in the scenario version played                       |
 * | flagged           | 1 if risk language was detected, else 0                              |
 *
 * Format: a header row, then rows ordered by started_at (never-started sessions last),
 * every line ends with CRLF; a field containing a comma, a double quote, CR or LF is
 * enclosed in double quotes with inner quotes doubled.
 *
 * Spreadsheet formula injection: a *text* cell (names, ids, …) that begins with `=`, `+`,
 * `-`, `@`, TAB or CR (or their full-width forms ＝ ＋ － ＠) is written with a leading
 * apostrophe `'`, so Excel, LibreOffice and Google Sheets show it as text instead of
 * evaluating it. Numeric columns (duration_seconds, total_score, passed, step_count,
 * flagged) are written as plain numbers and never prefixed. The apostrophe is visible to
 * programs that read the CSV as data; strip one leading `'` from text cells to undo it.
 */

export const cohortCsvColumns = [
  'session_id',
  'trainee',
  'scenario_id',
  'scenario_version',
  'variant',
  'status',
  'completion_reason',
  'started_at',
  'completed_at',
  'duration_seconds',
  'total_score',
  'passed',
  'step_count',
  'flagged',
] as const;

export type CohortCsvColumn = (typeof cohortCsvColumns)[number];

const formulaStart = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const needsQuotes = /[",\r\n]/;

/** A text cell made safe for spreadsheets (see the module comment), not yet CSV-quoted. */
export function neutralizeFormula(text: string): string {
  return formulaStart.test(text) ? `'${text}` : text;
}

/** RFC 4180 quoting of one already-neutralised field. */
export function quoteCsvField(text: string): string {
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV cell: null/undefined → empty, finite numbers as numbers, everything else as guarded text. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return quoteCsvField(neutralizeFormula(value));
}

/** A CSV line with its CRLF. */
export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

interface CohortRow {
  id: string;
  trainee: string;
  scenario_id: string;
  scenario_version: string;
  variant: string;
  status: string;
  completion_reason: string | null;
  started_at: string | null;
  completed_at: string | null;
  duration_seconds: number | null;
  total_score: number | null;
  passed: number | null;
  step_count: number;
  flagged: number;
  /** Sort key: started_at, or a value after every date for never-started sessions. */
  sort_key: string;
}

const PAGE_SIZE = 1000;

/**
 * The cohort CSV as lines (header first), each ending in CRLF, read from the database a
 * page at a time (keyset pagination), so memory stays flat and the connection is free
 * between pages. Pipe it into a file with `writeFileAtomic(path, cohortCsvLines(db, …))`.
 */
export async function* cohortCsvLines(db: Kysely<Database>, filters: CohortFilters = {}): AsyncGenerator<string> {
  const f = resolveFilters(filters);
  yield csvLine(cohortCsvColumns);
  let after: { key: string; id: string } | null = null;
  for (;;) {
    const cursor: { key: string; id: string } | null = after;
    const keyset: RawBuilder<unknown> = cursor ? sql`AND (COALESCE(s.started_at, '~') > ${cursor.key} OR (COALESCE(s.started_at, '~') = ${cursor.key} AND s.id > ${cursor.id}))` : sql``;
    const { rows }: { rows: CohortRow[] } = await sql<CohortRow>`
      SELECT s.id, u.display_name AS trainee, s.scenario_id, s.scenario_version, s.variant, s.status,
        s.completion_reason, s.started_at, s.completed_at,
        CASE WHEN s.started_at IS NULL THEN NULL
          ELSE CAST(round((julianday(COALESCE(s.completed_at, s.last_activity_at)) - julianday(s.started_at)) * 86400) AS INTEGER)
        END AS duration_seconds,
        s.total_score, s.passed,
        (SELECT count(*) FROM step_progress p WHERE p.session_id = s.id) AS step_count,
        s.flagged,
        COALESCE(s.started_at, '~') AS sort_key
      FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE ${sessionWhere(f, 's')} ${keyset}
      ORDER BY sort_key, s.id
      LIMIT ${PAGE_SIZE}
    `.execute(db);
    for (const row of rows) {
      yield csvLine([
        row.id,
        row.trainee,
        row.scenario_id,
        row.scenario_version,
        row.variant,
        row.status,
        row.completion_reason,
        row.started_at,
        row.completed_at,
        row.duration_seconds,
        row.total_score,
        row.passed,
        row.step_count,
        row.flagged,
      ]);
    }
    const last: CohortRow | undefined = rows.at(-1);
    if (!last || rows.length < PAGE_SIZE) return;
    after = { key: last.sort_key, id: last.id };
  }
}

/** The whole CSV as one string (small cohorts, tests). */
export async function cohortCsv(db: Kysely<Database>, filters: CohortFilters = {}): Promise<string> {
  let text = '';
  for await (const line of cohortCsvLines(db, filters)) text += line;
  return text;
}
