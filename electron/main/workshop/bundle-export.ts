import type BetterSqlite3 from 'better-sqlite3';
import { resolveFilters, sessionWhereRaw, type CohortFilters } from '../cohort/filters';
import { withRawTransaction } from '../data-care/db-access';
import { writeFileAtomic } from '../data-care/files';
import type { AppDatabase } from '../db/open-database';
import { logActivity } from '../training/activity-log';
import { AppError } from '../../../shared/errors';
import { encodeBundle, type BundleManifest, type BundlePayload, type BundleTable, type BundleTableData, type BundleValue } from './bundle-format';
import { bundleColumns } from './bundle-tables';

export interface BundleSelection {
  /** Exactly these sessions (unknown ids are an error). Combined with `filters` when both are given. */
  sessionIds?: readonly string[];
  /** Sessions matching these filters (started_at range, scenario, trainee). */
  filters?: CohortFilters;
}

export interface BundleExportRequest extends BundleSelection {
  /** Path the user chose; written atomically. */
  out: string;
  /** Version of the app writing the bundle (recorded in the manifest). */
  appVersion: string;
  /** Who exported (activity log), if known. */
  userId?: string | null;
  now?: () => Date;
}

export interface BundleExportResult {
  path: string;
  bytes: number;
  manifest: BundleManifest;
}

/** Which sessions a selection covers; throws NOT_FOUND for unknown ids, BAD_INPUT for an empty selection. */
function selectSessionIds(sqlite: BetterSqlite3.Database, selection: BundleSelection): string[] {
  const f = resolveFilters(selection.filters ?? {});
  const { where, params } = sessionWhereRaw(f, 's');
  let ids: string[];
  if (selection.sessionIds && selection.sessionIds.length > 0) {
    const wanted = [...new Set(selection.sessionIds)];
    const found = sqlite
      .prepare(`SELECT s.id FROM sessions s WHERE s.id IN (SELECT value FROM json_each(?))`)
      .pluck()
      .all(JSON.stringify(wanted)) as string[];
    const known = new Set(found);
    const missing = wanted.filter((id) => !known.has(id));
    if (missing.length > 0) {
      throw new AppError('NOT_FOUND', `No session with id ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}; nothing was written.`);
    }
    ids = sqlite
      .prepare(`SELECT s.id FROM sessions s WHERE s.id IN (SELECT value FROM json_each(?)) AND ${where} ORDER BY s.created_at, s.id`)
      .pluck()
      .all(JSON.stringify(wanted), ...params) as string[];
  } else {
    ids = sqlite.prepare(`SELECT s.id FROM sessions s WHERE ${where} ORDER BY s.created_at, s.id`).pluck().all(...params) as string[];
  }
  if (ids.length === 0) throw new AppError('BAD_INPUT', 'No sessions match this selection; nothing was written.');
  return ids;
}

/**
 * Reads the selected sessions and everything attached to them in one read transaction
 * (a consistent snapshot): messages, step progress, feedback, risk detections, summaries,
 * reflections, the scenario versions they were played from, and the profiles they
 * involve (owners, reflection authors, authors of manual feedback; without PIN hashes).
 */
export async function collectBundlePayload(database: AppDatabase, selection: BundleSelection): Promise<BundlePayload> {
  return withRawTransaction(database, (sqlite) => {
    const ids = JSON.stringify(selectSessionIds(sqlite, selection));
    const inSessions = `IN (SELECT value FROM json_each(?))`;
    /** Rows as arrays in bundleColumns order (better-sqlite3 raw mode: no per-row objects). */
    const read = (table: BundleTable, alias: string, from: string, ...params: unknown[]): BundleTableData => {
      const columns = bundleColumns[table];
      const rows = sqlite
        .prepare(`SELECT ${columns.map((column) => `${alias}.${column}`).join(', ')} FROM ${from}`)
        .raw()
        .all(...params) as BundleValue[][];
      return { columns: [...columns], rows };
    };
    const payload: BundlePayload = {
      users: read(
        'users',
        'u',
        `users u WHERE u.id IN (
           SELECT user_id FROM sessions WHERE id ${inSessions}
           UNION SELECT user_id FROM reflections WHERE session_id ${inSessions}
           UNION SELECT author_user_id FROM feedback WHERE session_id ${inSessions} AND author_user_id IS NOT NULL
         ) ORDER BY u.created_at, u.id`,
        ids,
        ids,
        ids,
      ),
      scenarioVersions: read('scenarioVersions', 'v', `scenario_versions v WHERE v.checksum IN (SELECT scenario_checksum FROM sessions WHERE id ${inSessions}) ORDER BY v.checksum`, ids),
      sessions: read('sessions', 't', `sessions t WHERE t.id ${inSessions} ORDER BY t.created_at, t.id`, ids),
      messages: read('messages', 't', `messages t WHERE t.session_id ${inSessions} ORDER BY t.session_id, t.seq`, ids),
      stepProgress: read('stepProgress', 't', `step_progress t WHERE t.session_id ${inSessions} ORDER BY t.session_id, t.step_index`, ids),
      feedback: read('feedback', 't', `feedback t WHERE t.session_id ${inSessions} ORDER BY t.session_id, t.created_at, t.id`, ids),
      riskDetections: read('riskDetections', 't', `risk_detections t WHERE t.session_id ${inSessions} ORDER BY t.session_id, t.created_at, t.id`, ids),
      sessionSummaries: read('sessionSummaries', 't', `session_summaries t WHERE t.session_id ${inSessions} ORDER BY t.session_id, t.kind`, ids),
      reflections: read('reflections', 't', `reflections t WHERE t.session_id ${inSessions} ORDER BY t.session_id, t.created_at, t.id`, ids),
    };
    return payload;
  });
}

/** Writes a workshop bundle of the selected sessions to `out` and logs `export_generated`. */
export async function exportBundle(database: AppDatabase, request: BundleExportRequest): Promise<BundleExportResult> {
  const payload = await collectBundlePayload(database, request);
  const createdAt = (request.now?.() ?? new Date()).toISOString();
  const { bytes, manifest } = await encodeBundle(payload, { appVersion: request.appVersion, createdAt });
  const written = await writeFileAtomic(request.out, bytes);
  await logActivity(database.db, {
    type: 'export_generated',
    userId: request.userId ?? null,
    details: { kind: 'workshop_bundle', format: 'chattrain-bundle', sessions: manifest.counts.sessions, messages: manifest.counts.messages, bytes: written },
  });
  return { path: request.out, bytes: written, manifest };
}
