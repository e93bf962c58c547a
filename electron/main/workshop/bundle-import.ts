import { readFile, stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { BundleTableCounts } from '../../../shared/workshop/types';
import { withRawTransaction } from '../data-care/db-access';
import { fileError } from '../data-care/files';
import type { AppDatabase } from '../db/open-database';
import {
  BundleError,
  bundleTables,
  decodeBundle,
  MAX_BUNDLE_BYTES,
  readManifest,
  type BundleManifest,
  type BundlePayload,
  type BundleTable,
  type BundleTableData,
  type BundleValue,
} from './bundle-format';
import { bundleColumns, jsonColumns } from './bundle-tables';

export type TableCounts = BundleTableCounts;

export interface BundleImportResult {
  manifest: BundleManifest;
  counts: Record<BundleTable, TableCounts>;
  /**
   * Sessions whose id already exists here for a *different* profile. They are left as
   * they are, and their rows in the bundle are skipped.
   */
  conflicts: string[];
  /**
   * Facilitator or trainer profiles new to this laptop, by name. They are added as
   * trainees: PINs never travel, so keeping the role would open the facilitator areas
   * here to anyone without a PIN. A facilitator here can give the role back.
   */
  addedAsTrainees: string[];
  durationMs: number;
}

/*
 * Merge rules (SPEC 6: idempotent, never overwrites newer local data), per table:
 *
 * - users: matched by id; inserted if absent, always as a trainee and without a PIN
 *   (hashes never travel, and a PIN-less facilitator would open the facilitator areas).
 *   An existing profile only takes a newer display name (updated_at); its role and PIN
 *   are never changed by an import.
 * - scenarioVersions, messages, feedback, riskDetections (no updated_at): immutable —
 *   inserted if absent, otherwise skipped. A message whose (session, seq) slot is taken
 *   by a different local message is skipped, and so are feedback/risk rows pointing at it.
 * - sessions: inserted if absent; replaced when the bundle's copy is newer (updated_at,
 *   then last_activity_at), never when the local one is newer or equal. `flagged` is
 *   never cleared by an import.
 * - stepProgress (no updated_at, but part of a session's state): follows its session —
 *   written when the session was inserted or replaced, otherwise inserted only if absent.
 * - sessionSummaries, reflections: inserted if absent, replaced when the bundle's
 *   updated_at is newer.
 *
 * Importing the same bundle twice therefore changes nothing the second time.
 */

function invalid(message: string): never {
  throw new BundleError('invalid', `${message} Nothing was imported.`);
}

/**
 * A bundle table read by column name. The file may order columns differently or carry
 * extra ones (ignored); every column this version stores must be present.
 */
export class TableView {
  readonly rows: BundleValue[][];
  readonly #index: Map<string, number>;
  readonly #order: number[];
  readonly #identity: boolean;

  constructor(
    readonly table: BundleTable,
    data: BundleTableData,
  ) {
    this.rows = data.rows;
    this.#index = new Map(data.columns.map((column, i) => [column, i]));
    this.#order = bundleColumns[table].map((column) => {
      const i = this.#index.get(column);
      if (i === undefined) invalid(`The ${table} table in the bundle has no "${column}" column.`);
      return i;
    });
    this.#identity = this.#order.length === data.columns.length && this.#order.every((i, position) => i === position);
  }

  /** A column reader for this table, e.g. `const id = view.column('id'); id(row)`. */
  column(name: string): (row: BundleValue[]) => BundleValue {
    const i = this.#index.get(name);
    if (i === undefined) invalid(`The ${this.table} table in the bundle has no "${name}" column.`);
    return (row) => row[i] ?? null;
  }

  /** The row's values in bundleColumns order (the stored array itself when the order matches). */
  values(row: BundleValue[]): BundleValue[] {
    return this.#identity ? row : this.#order.map((i) => row[i] ?? null);
  }
}

export type PayloadViews = Record<BundleTable, TableView>;

/** Shape and cross-reference checks on the decoded payload, before any write. */
export function validatePayload(payload: BundlePayload): PayloadViews {
  const views = Object.fromEntries(bundleTables.map((table) => [table, new TableView(table, payload[table])])) as PayloadViews;
  for (const table of bundleTables) {
    const view = views[table];
    const columns = bundleColumns[table];
    const json = columns.map((column) => jsonColumns.has(column));
    view.rows.forEach((row, index) => {
      const values = view.values(row);
      for (let c = 0; c < columns.length; c++) {
        const value = values[c];
        if (value !== null && typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) {
          invalid(`Entry ${index + 1} of ${table} in the bundle has a bad "${columns[c]}" value.`);
        }
        if (json[c] && typeof value === 'string' && value !== '{}' && value !== '[]') {
          try {
            JSON.parse(value);
          } catch {
            invalid(`Entry ${index + 1} of ${table} in the bundle has invalid JSON in "${columns[c]}".`);
          }
        }
      }
    });
  }
  const idsOf = (table: BundleTable, column: string) => {
    const get = views[table].column(column);
    return new Set(views[table].rows.map(get));
  };
  const users = idsOf('users', 'id');
  const versions = idsOf('scenarioVersions', 'checksum');
  const sessions = idsOf('sessions', 'id');
  const messageSession = new Map<BundleValue, BundleValue>();
  {
    const id = views.messages.column('id');
    const session = views.messages.column('session_id');
    for (const row of views.messages.rows) messageSession.set(id(row), session(row));
  }
  {
    const id = views.sessions.column('id');
    const user = views.sessions.column('user_id');
    const checksum = views.sessions.column('scenario_checksum');
    for (const row of views.sessions.rows) {
      if (!users.has(user(row))) invalid(`Session ${String(id(row))} belongs to a profile that is not in the bundle.`);
      if (!versions.has(checksum(row))) invalid(`Session ${String(id(row))} refers to a scenario version that is not in the bundle.`);
    }
  }
  for (const table of ['messages', 'stepProgress', 'feedback', 'riskDetections', 'sessionSummaries', 'reflections'] as const) {
    const session = views[table].column('session_id');
    for (const row of views[table].rows) {
      if (!sessions.has(session(row))) invalid(`A ${table} entry refers to session ${String(session(row))}, which is not in the bundle.`);
    }
  }
  for (const table of ['feedback', 'riskDetections'] as const) {
    const message = views[table].column('message_id');
    const session = views[table].column('session_id');
    for (const row of views[table].rows) {
      if (message(row) !== null && messageSession.get(message(row)) !== session(row)) {
        invalid(`A ${table} entry refers to message ${String(message(row))}, which is not in its session in the bundle.`);
      }
    }
  }
  {
    const user = views.reflections.column('user_id');
    for (const row of views.reflections.rows) if (!users.has(user(row))) invalid('A reflection refers to a profile that is not in the bundle.');
    const author = views.feedback.column('author_user_id');
    for (const row of views.feedback.rows) {
      if (author(row) !== null && !users.has(author(row))) invalid('A feedback entry refers to an author who is not in the bundle.');
    }
  }
  return views;
}

const time = (value: BundleValueLike): number => {
  const parsed = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isNaN(parsed) ? -Infinity : parsed;
};
type BundleValueLike = string | number | null | undefined;

/** Is the incoming row newer than the local one, by updated_at, then (when given) last_activity_at? */
function isNewer(incoming: { updatedAt: BundleValue; lastActivityAt?: BundleValue }, local: { updated_at: string; last_activity_at?: string }): boolean {
  const byUpdate = time(incoming.updatedAt) - time(local.updated_at);
  if (byUpdate !== 0) return byUpdate > 0;
  if (local.last_activity_at === undefined) return false;
  return time(incoming.lastActivityAt) > time(local.last_activity_at);
}

const emptyCounts = (): Record<BundleTable, TableCounts> =>
  Object.fromEntries(bundleTables.map((table) => [table, { inserted: 0, updated: 0, skipped: 0 }])) as Record<BundleTable, TableCounts>;

/** Reads a bundle file (or takes its bytes), with a size limit and readable errors. */
async function loadBytes(source: string | Buffer): Promise<Buffer> {
  if (Buffer.isBuffer(source)) return source;
  try {
    const { size } = await stat(source);
    if (size > MAX_BUNDLE_BYTES) throw new BundleError('too_large', `${source} is larger than the 1 GiB a workshop bundle may have.`);
    return await readFile(source);
  } catch (error) {
    if (error instanceof BundleError) throw error;
    throw fileError(error, source, 'read');
  }
}

/** Reads and verifies a bundle (checksums, counts, references) without importing it: for a preview. */
export async function inspectBundle(source: string | Buffer): Promise<BundleManifest> {
  const { manifest, payload } = await decodeBundle(await loadBytes(source));
  validatePayload(payload);
  return manifest;
}

/** Only the manifest line (cheap; not verified against the payload). */
export async function peekBundleManifest(source: string | Buffer): Promise<BundleManifest> {
  return readManifest(await loadBytes(source)).manifest;
}

/**
 * Imports a workshop bundle into this database in one transaction (see the merge rules
 * above). A file that is not a bundle, truncated, modified (checksum), of a newer format
 * or inconsistent is refused with a BundleError (an AppError) before anything is written;
 * an error while writing rolls everything back. Either way the database is unchanged.
 */
export async function importBundle(database: AppDatabase, source: string | Buffer): Promise<BundleImportResult> {
  const started = performance.now();
  const { manifest, payload } = await decodeBundle(await loadBytes(source));
  const views = validatePayload(payload);
  try {
    const { counts, conflicts, addedAsTrainees } = await withRawTransaction(database, (sqlite) => mergePayload(sqlite, views));
    return { manifest, counts, conflicts, addedAsTrainees, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    if (error instanceof BundleError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_CONSTRAINT')) {
      throw new BundleError('invalid', `The workshop bundle contains data this database does not accept (${detail}). Nothing was imported.`, { cause: error });
    }
    if (code.startsWith('SQLITE_FULL')) throw new BundleError('invalid', 'The disk is full; nothing was imported.', { cause: error, code: 'DISK_FULL' });
    throw error;
  }
}

type Sqlite = AppDatabase['sqlite'];

function mergePayload(sqlite: Sqlite, views: PayloadViews): { counts: Record<BundleTable, TableCounts>; conflicts: string[]; addedAsTrainees: string[] } {
  const counts = emptyCounts();
  const conflicts: string[] = [];
  const addedAsTrainees: string[] = [];
  const insertSql = (table: string, columns: readonly string[], suffix = '') =>
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ${suffix}`;

  // Users.
  {
    const view = views.users;
    const [id, name, role, updatedAt] = [view.column('id'), view.column('display_name'), view.column('role'), view.column('updated_at')];
    const roleIndex = bundleColumns.users.indexOf('role');
    const find = sqlite.prepare(`SELECT updated_at FROM users WHERE id = ?`);
    const insert = sqlite.prepare(insertSql('users', bundleColumns.users));
    const rename = sqlite.prepare(`UPDATE users SET display_name = ?, updated_at = ? WHERE id = ?`);
    for (const row of view.rows) {
      const local = find.get(id(row)) as { updated_at: string } | undefined;
      if (!local) {
        const values = view.values(row);
        if (role(row) !== 'trainee') {
          values[roleIndex] = 'trainee';
          addedAsTrainees.push(String(name(row)));
        }
        insert.run(values);
        counts.users.inserted++;
      } else if (isNewer({ updatedAt: updatedAt(row) }, local)) {
        rename.run(name(row), updatedAt(row), id(row));
        counts.users.updated++;
      } else counts.users.skipped++;
    }
  }

  // Scenario snapshots: immutable.
  {
    const view = views.scenarioVersions;
    const insert = sqlite.prepare(insertSql('scenario_versions', bundleColumns.scenarioVersions, 'ON CONFLICT (checksum) DO NOTHING'));
    for (const row of view.rows) {
      if (insert.run(view.values(row)).changes > 0) counts.scenarioVersions.inserted++;
      else counts.scenarioVersions.skipped++;
    }
  }

  // Sessions: what happened to each decides how its step progress is merged.
  const outcome = new Map<BundleValue, 'written' | 'kept' | 'conflict'>();
  {
    const view = views.sessions;
    const [id, user, updatedAt, lastActivityAt] = [view.column('id'), view.column('user_id'), view.column('updated_at'), view.column('last_activity_at')];
    const find = sqlite.prepare(`SELECT user_id, updated_at, last_activity_at FROM sessions WHERE id = ?`);
    const insert = sqlite.prepare(insertSql('sessions', bundleColumns.sessions));
    const mutable = bundleColumns.sessions.filter((column) => column !== 'id' && column !== 'user_id');
    const readers = mutable.map((column) => view.column(column));
    const update = sqlite.prepare(
      `UPDATE sessions SET ${mutable.map((column) => (column === 'flagged' ? `flagged = max(flagged, ?)` : `${column} = ?`)).join(', ')} WHERE id = ?`,
    );
    for (const row of view.rows) {
      const sessionId = id(row);
      const local = find.get(sessionId) as { user_id: string; updated_at: string; last_activity_at: string } | undefined;
      if (!local) {
        insert.run(view.values(row));
        counts.sessions.inserted++;
        outcome.set(sessionId, 'written');
      } else if (local.user_id !== user(row)) {
        counts.sessions.skipped++;
        conflicts.push(String(sessionId));
        outcome.set(sessionId, 'conflict');
      } else if (isNewer({ updatedAt: updatedAt(row), lastActivityAt: lastActivityAt(row) }, local)) {
        update.run(...readers.map((read) => read(row)), sessionId);
        counts.sessions.updated++;
        outcome.set(sessionId, 'written');
      } else {
        counts.sessions.skipped++;
        outcome.set(sessionId, 'kept');
      }
    }
  }
  const inConflict = (table: BundleTable, session: BundleValue) => {
    if (outcome.get(session) !== 'conflict') return false;
    counts[table].skipped++;
    return true;
  };

  // Messages: immutable. Remember bundle messages that did not make it in (slot taken).
  const missingMessages = new Set<BundleValue>();
  {
    const view = views.messages;
    const [id, session] = [view.column('id'), view.column('session_id')];
    // A known id is skipped quietly; a (session_id, seq) slot taken by another message
    // raises a constraint error for that one statement only (the transaction goes on).
    const insert = sqlite.prepare(insertSql('messages', bundleColumns.messages, 'ON CONFLICT (id) DO NOTHING'));
    for (const row of view.rows) {
      if (inConflict('messages', session(row))) {
        missingMessages.add(id(row));
        continue;
      }
      try {
        if (insert.run(view.values(row)).changes > 0) counts.messages.inserted++;
        else counts.messages.skipped++;
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
        counts.messages.skipped++;
        missingMessages.add(id(row));
      }
    }
  }

  // Step progress follows its session.
  {
    const view = views.stepProgress;
    const columns = bundleColumns.stepProgress;
    const [session, step] = [view.column('session_id'), view.column('step_id')];
    const find = sqlite.prepare(`SELECT ${columns.join(', ')} FROM step_progress WHERE session_id = ? AND step_id = ?`).raw();
    const insert = sqlite.prepare(insertSql('step_progress', columns));
    const update = sqlite.prepare(
      `UPDATE step_progress SET step_index = ?, status = ?, attempts = ?, best_score = ?, started_at = ?, completed_at = ? WHERE session_id = ? AND step_id = ?`,
    );
    for (const row of view.rows) {
      if (inConflict('stepProgress', session(row))) continue;
      const values = view.values(row);
      const local = find.get(session(row), step(row)) as BundleValue[] | undefined;
      if (!local) {
        insert.run(values);
        counts.stepProgress.inserted++;
      } else if (outcome.get(session(row)) === 'written' && local.some((value, i) => value !== values[i])) {
        // values: session_id, step_id, step_index, status, attempts, best_score, started_at, completed_at
        update.run(values[2], values[3], values[4], values[5], values[6], values[7], values[0], values[1]);
        counts.stepProgress.updated++;
      } else counts.stepProgress.skipped++;
    }
  }

  // Feedback and risk detections: immutable.
  for (const [table, sqlName] of [
    ['feedback', 'feedback'],
    ['riskDetections', 'risk_detections'],
  ] as const) {
    const view = views[table];
    const [session, message] = [view.column('session_id'), view.column('message_id')];
    const insert = sqlite.prepare(insertSql(sqlName, bundleColumns[table], 'ON CONFLICT DO NOTHING'));
    for (const row of view.rows) {
      if (inConflict(table, session(row))) continue;
      if (message(row) !== null && missingMessages.has(message(row))) {
        counts[table].skipped++;
        continue;
      }
      if (insert.run(view.values(row)).changes > 0) counts[table].inserted++;
      else counts[table].skipped++;
    }
  }

  // Summaries: newer wins.
  {
    const view = views.sessionSummaries;
    const [session, kind, updatedAt] = [view.column('session_id'), view.column('kind'), view.column('updated_at')];
    const content = ['strengths_json', 'gaps_json', 'key_learnings_json', 'action_items_json', 'generated_by', 'updated_at'].map((column) => view.column(column));
    const find = sqlite.prepare(`SELECT updated_at FROM session_summaries WHERE session_id = ? AND kind = ?`);
    const insert = sqlite.prepare(insertSql('session_summaries', bundleColumns.sessionSummaries));
    const update = sqlite.prepare(
      `UPDATE session_summaries SET strengths_json = ?, gaps_json = ?, key_learnings_json = ?, action_items_json = ?, generated_by = ?, updated_at = ? WHERE session_id = ? AND kind = ?`,
    );
    for (const row of view.rows) {
      if (inConflict('sessionSummaries', session(row))) continue;
      const local = find.get(session(row), kind(row)) as { updated_at: string } | undefined;
      if (!local) {
        insert.run(view.values(row));
        counts.sessionSummaries.inserted++;
      } else if (isNewer({ updatedAt: updatedAt(row) }, local)) {
        update.run(...content.map((read) => read(row)), session(row), kind(row));
        counts.sessionSummaries.updated++;
      } else counts.sessionSummaries.skipped++;
    }
  }

  // Reflections: newer wins (the text only; session and author never move).
  {
    const view = views.reflections;
    const [id, session, takeaways, revisedGoal, updatedAt] = ['id', 'session_id', 'takeaways', 'revised_goal', 'updated_at'].map((column) => view.column(column)) as [
      (row: BundleValue[]) => BundleValue,
      (row: BundleValue[]) => BundleValue,
      (row: BundleValue[]) => BundleValue,
      (row: BundleValue[]) => BundleValue,
      (row: BundleValue[]) => BundleValue,
    ];
    const find = sqlite.prepare(`SELECT session_id, updated_at FROM reflections WHERE id = ?`);
    const insert = sqlite.prepare(insertSql('reflections', bundleColumns.reflections));
    const update = sqlite.prepare(`UPDATE reflections SET takeaways = ?, revised_goal = ?, updated_at = ? WHERE id = ?`);
    for (const row of view.rows) {
      if (inConflict('reflections', session(row))) continue;
      const local = find.get(id(row)) as { session_id: string; updated_at: string } | undefined;
      if (!local) {
        insert.run(view.values(row));
        counts.reflections.inserted++;
      } else if (local.session_id === session(row) && isNewer({ updatedAt: updatedAt(row) }, local)) {
        update.run(takeaways(row), revisedGoal(row), updatedAt(row), id(row));
        counts.reflections.updated++;
      } else counts.reflections.skipped++;
    }
  }

  return { counts, conflicts, addedAsTrainees };
}
